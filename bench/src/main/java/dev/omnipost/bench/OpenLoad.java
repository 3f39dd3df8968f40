package dev.omnipost.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-model load generator: requests are due at a constant arrival rate whatever the server
 * does, and each latency is measured from when the request was <em>due</em>, not from when it could
 * be sent. When the server falls behind, the waiting shows up in the percentiles instead of
 * silently lowering the offered load (no coordinated omission).
 */
final class OpenLoad {

  /** What one run measured. */
  record Result(
      long offered, long succeeded, long failed, double seconds, Histogram latencyMicros) {

    double throughputPerSecond() {
      return succeeded / seconds;
    }

    double percentileMillis(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  /** One request, told when it was due ({@link System#nanoTime()}) so it can time itself. */
  @FunctionalInterface
  interface TimedRequest {
    CompletableFuture<Boolean> send(long sequence, long dueNanos);
  }

  private OpenLoad() {}

  static Result run(
      double ratePerSecond,
      Duration duration,
      int maxInFlight,
      LongFunction<CompletableFuture<Boolean>> request) {
    return run(ratePerSecond, duration, maxInFlight, (i, due) -> request.apply(i));
  }

  /**
   * Fires {@code request} {@code ratePerSecond} times a second for {@code duration}, with at most
   * {@code maxInFlight} requests outstanding (the connection count). The request function gets the
   * sequence number (and when it was due) and completes with true for success.
   */
  static Result run(
      double ratePerSecond, Duration duration, int maxInFlight, TimedRequest request) {
    Recorder recorder = new Recorder(3);
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicLong succeeded = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long total = (long) (ratePerSecond * duration.toNanos() / 1e9);
    double intervalNanos = 1e9 / ratePerSecond;
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = start + (long) (i * intervalNanos);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      inFlight.acquireUninterruptibly();
      request
          .send(i, due)
          .whenComplete(
              (ok, error) -> {
                long latency = (System.nanoTime() - due) / 1000;
                recorder.recordValue(Math.max(latency, 1));
                (Boolean.TRUE.equals(ok) && error == null ? succeeded : failed).incrementAndGet();
                inFlight.release();
              });
    }
    try {
      if (!inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
        System.err.println("some requests did not finish within 60 s after the run");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        total, succeeded.get(), failed.get(), seconds, recorder.getIntervalHistogram());
  }
}
