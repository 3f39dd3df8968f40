package dev.omnipost.publisher.publishing;

import dev.omnipost.publisher.PublisherProperties;
import java.time.Duration;

/**
 * When the next attempt of a target may run after a transient failure: the configured exponential
 * schedule, or later when the platform asked for more time (a {@code Retry-After}, Mastodon's
 * {@code X-RateLimit-Reset}). It never makes a retry earlier than the schedule.
 */
public class RetryDelays {

  private final PublisherProperties.Retry retry;

  public RetryDelays(PublisherProperties.Retry retry) {
    this.retry = retry;
  }

  /** The wait after failed attempt {@code attempt} (1-based), honouring the platform's request. */
  public Duration waitAfter(int attempt, Duration platformRetryAfter) {
    Duration scheduled = retry.delayAfterAttempt(attempt);
    return platformRetryAfter != null && platformRetryAfter.compareTo(scheduled) > 0
        ? platformRetryAfter
        : scheduled;
  }

  /** Whether failed attempt {@code attempt} was the last one allowed. */
  public boolean exhausted(int attempt) {
    return attempt >= retry.attempts();
  }
}
