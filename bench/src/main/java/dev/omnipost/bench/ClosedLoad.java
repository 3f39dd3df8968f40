package dev.omnipost.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Recorder;

/**
 * A closed model: {@code connections} clients, each sending its next request as soon as the last
 * one answered, for a warm-up and then a measured window. It finds the most the server can take at
 * that concurrency (the open model of {@link OpenLoad} finds the latency at a given rate). Only
 * requests that start and finish inside the window count.
 */
final class ClosedLoad {

  private ClosedLoad() {}

  static OpenLoad.Result run(
      int connections,
      Duration warmUp,
      Duration duration,
      LongFunction<CompletableFuture<Boolean>> request) {
    Recorder recorder = new Recorder(3);
    AtomicLong sequence = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    AtomicLong succeeded = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long measureFrom = System.nanoTime() + warmUp.toNanos();
    long measureUntil = measureFrom + duration.toNanos();
    CountDownLatch finished = new CountDownLatch(connections);
    for (int c = 0; c < connections; c++) {
      new Client(request, sequence, measureUntil, finished) {
        @Override
        void record(long startNanos, boolean ok) {
          long now = System.nanoTime();
          if (startNanos >= measureFrom && now <= measureUntil) {
            sent.incrementAndGet();
            recorder.recordValue(Math.max((now - startNanos) / 1000, 1));
            (ok ? succeeded : failed).incrementAndGet();
          }
        }
      }.next();
    }
    try {
      if (!finished.await(duration.plus(warmUp).plusSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
        System.err.println("some clients did not finish within 60 s after the run");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new OpenLoad.Result(
        sent.get(),
        succeeded.get(),
        failed.get(),
        duration.toNanos() / 1e9,
        recorder.getIntervalHistogram());
  }

  /** One connection's loop: each answer sends the next request until the window has passed. */
  private abstract static class Client {
    private final LongFunction<CompletableFuture<Boolean>> request;
    private final AtomicLong sequence;
    private final long measureUntil;
    private final CountDownLatch finished;

    Client(
        LongFunction<CompletableFuture<Boolean>> request,
        AtomicLong sequence,
        long measureUntil,
        CountDownLatch finished) {
      this.request = request;
      this.sequence = sequence;
      this.measureUntil = measureUntil;
      this.finished = finished;
    }

    abstract void record(long startNanos, boolean ok);

    void next() {
      long start = System.nanoTime();
      if (start >= measureUntil) {
        finished.countDown();
        return;
      }
      request
          .apply(sequence.getAndIncrement())
          .whenComplete(
              (ok, error) -> {
                record(start, Boolean.TRUE.equals(ok) && error == null);
                next();
              });
    }
  }
}
