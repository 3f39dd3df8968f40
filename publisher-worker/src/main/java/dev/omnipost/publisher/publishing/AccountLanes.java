package dev.omnipost.publisher.publishing;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many accounts' publish steps at once while each account's run one after another, in the
 * order they arrived: one lane per key (account id), at most {@code maxInFlight} lanes running at a
 * time, at most {@code maxQueued} tasks waiting in all. {@link #submit} blocks the caller (the
 * Kafka consumer thread) while the queue is full: that is the back-pressure on consumption.
 */
public class AccountLanes implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AccountLanes.class);

  private final ExecutorService executor;
  private final Semaphore queued;
  private final Map<String, Queue<Task>> lanes = new HashMap<>();
  private final AtomicInteger running = new AtomicInteger();

  public AccountLanes(int maxInFlight, int maxQueued) {
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, "publish-step-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.executor = Executors.newFixedThreadPool(maxInFlight, factory);
    this.queued = new Semaphore(maxQueued);
  }

  /**
   * Queues {@code work} behind the key's earlier tasks; {@code done} runs after it, whether it
   * succeeded or threw (the Kafka acknowledgement).
   */
  public void submit(String key, Runnable work, Runnable done) {
    try {
      while (!queued.tryAcquire(1, TimeUnit.SECONDS)) {
        log.debug("All {} publish slots are queued; the consumer waits", queued.availablePermits());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while queueing a publish step", e);
    }
    Task task = new Task(work, done);
    boolean start;
    synchronized (lanes) {
      Queue<Task> lane = lanes.get(key);
      start = lane == null;
      if (start) {
        lane = new ArrayDeque<>();
        lanes.put(key, lane);
      }
      lane.add(task);
    }
    if (start) {
      executor.execute(() -> drain(key));
    }
  }

  /** Lanes running a task right now. */
  public int running() {
    return running.get();
  }

  private void drain(String key) {
    running.incrementAndGet();
    try {
      while (true) {
        Task task;
        synchronized (lanes) {
          Queue<Task> lane = lanes.get(key);
          task = lane.peek();
          if (task == null) {
            lanes.remove(key);
            return;
          }
        }
        try {
          task.work().run();
        } catch (RuntimeException e) {
          log.error("A publish step for {} failed unexpectedly", key, e);
        } finally {
          synchronized (lanes) {
            lanes.get(key).poll();
          }
          queued.release();
          try {
            task.done().run();
          } catch (RuntimeException e) {
            log.warn("Acknowledging a publish command failed: {}", e.toString());
          }
        }
      }
    } finally {
      running.decrementAndGet();
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private record Task(Runnable work, Runnable done) {}
}
