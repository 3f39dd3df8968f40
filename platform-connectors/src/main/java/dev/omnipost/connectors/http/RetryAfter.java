package dev.omnipost.connectors.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads how long a platform asked us to wait, from the signals platforms use. */
public final class RetryAfter {

  private RetryAfter() {}

  /** {@code Retry-After}: delay seconds or an HTTP date; null when absent or unreadable. */
  public static Duration fromRetryAfterHeader(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return until(at, clock);
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** An ISO 8601 instant (Mastodon's {@code X-RateLimit-Reset}); null when absent or unreadable. */
  public static Duration untilIsoInstant(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return until(Instant.parse(value.trim()), clock);
    } catch (DateTimeParseException e) {
      try {
        return until(ZonedDateTime.parse(value.trim()).toInstant(), clock);
      } catch (DateTimeParseException notIso) {
        return null;
      }
    }
  }

  /**
   * A unix time in seconds (X's {@code x-rate-limit-reset}, Bluesky's {@code ratelimit-reset});
   * null when absent or unreadable.
   */
  public static Duration untilEpochSeconds(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return until(Instant.ofEpochSecond(Long.parseLong(value.trim())), clock);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return null;
    }
  }

  private static Duration until(Instant at, Clock clock) {
    Duration wait = Duration.between(clock.instant(), at);
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
