package dev.omnipost.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fault on a timeline, next to the load: {@code go} after a delay, then {@code back} (if any)
 * once the fault has lasted, each a step scheduled on a thread of its own; nothing sleeps through
 * the waits. {@link #awaitEnd()} returns once the last step ran; closing cancels what has not.
 */
final class FaultTimeline implements AutoCloseable {

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "chaos-fault");
            thread.setDaemon(true);
            return thread;
          });
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private FaultTimeline() {}

  /**
   * Runs {@code go} after {@code after}, then {@code back} (null: nothing) once {@code lasting} has
   * passed.
   */
  static FaultTimeline start(Duration after, Runnable go, Duration lasting, Runnable back) {
    FaultTimeline timeline = new FaultTimeline();
    timeline.schedule(
        after,
        () -> {
          go.run();
          if (back == null) {
            timeline.ended.complete(null);
          } else {
            timeline.schedule(
                lasting,
                () -> {
                  back.run();
                  timeline.ended.complete(null);
                });
          }
        });
    return timeline;
  }

  private void schedule(Duration delay, Runnable step) {
    scheduler.schedule(
        () -> {
          try {
            step.run();
          } catch (RuntimeException failure) {
            ended.completeExceptionally(failure);
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Waits until the last step has run (or throws what a step threw). */
  void awaitEnd() {
    ended.join();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
