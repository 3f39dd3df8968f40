package dev.omnipost.bench;

import java.time.Duration;

/**
 * The bench's one way to wait: a load generator paces its requests, and a scenario waits out a
 * fault's duration or a poll interval on its own thread. An interrupt ends the run.
 */
final class Pause {

  private Pause() {}

  static void of(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pausing the bench", e);
    }
  }
}
