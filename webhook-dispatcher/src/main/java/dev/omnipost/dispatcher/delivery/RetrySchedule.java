package dev.omnipost.dispatcher.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When the next attempt of a failed delivery may happen. Each retry waits its configured base delay
 * plus a random extra of up to {@code jitter} of it (never less, so a retry never fires early, and
 * retries of many deliveries that failed together spread out). A {@code Retry-After} from the
 * endpoint lengthens the wait, up to {@code maxRetryAfter}; the wait always stays under a day, the
 * longest a retry topic may hold a message.
 */
public final class RetrySchedule {

  private static final Duration LONGEST_WAIT = Duration.ofHours(24).minusSeconds(1);

  private final List<Duration> delays;
  private final double jitter;
  private final Duration maxRetryAfter;
  private final DoubleSupplier random;

  public RetrySchedule(List<Duration> delays, double jitter, Duration maxRetryAfter) {
    this(delays, jitter, maxRetryAfter, Math::random);
  }

  RetrySchedule(
      List<Duration> delays, double jitter, Duration maxRetryAfter, DoubleSupplier random) {
    this.delays = List.copyOf(delays);
    this.jitter = jitter;
    this.maxRetryAfter = maxRetryAfter;
    this.random = random;
  }

  /** Attempts in total: the first plus one per delay. */
  public int maxAttempts() {
    return delays.size() + 1;
  }

  /** The base delays, one per retry topic. */
  public List<Duration> baseDelays() {
    return delays;
  }

  /**
   * The time of the attempt after {@code attemptNumber} (1-based) failed at {@code failedAt}, or
   * empty when that was the last attempt.
   */
  public Optional<Instant> nextAttemptAt(int attemptNumber, Instant failedAt, Duration retryAfter) {
    if (attemptNumber >= maxAttempts()) {
      return Optional.empty();
    }
    Duration base = delays.get(attemptNumber - 1);
    Duration wait = base.plusMillis((long) (base.toMillis() * jitter * random.getAsDouble()));
    if (retryAfter != null && !retryAfter.isNegative()) {
      Duration honoured = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
      wait = honoured.compareTo(wait) > 0 ? honoured : wait;
    }
    if (wait.compareTo(LONGEST_WAIT) > 0) {
      wait = LONGEST_WAIT;
    }
    return Optional.of(failedAt.plus(wait));
  }
}
