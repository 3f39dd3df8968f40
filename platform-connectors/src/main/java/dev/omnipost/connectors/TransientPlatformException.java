package dev.omnipost.connectors;

import java.time.Duration;

/** Worth retrying later: rate limited, platform error (5xx), timeout or connection failure. */
public final class TransientPlatformException extends PlatformException {

  private final Duration retryAfter;
  private final boolean rateLimited;

  public TransientPlatformException(
      Platform platform, int httpStatus, String message, Duration retryAfter, Throwable cause) {
    this(platform, httpStatus, message, retryAfter, httpStatus == 429, cause);
  }

  /**
   * @param rateLimited the platform said we call too often, whatever the HTTP status (the Graph API
   *     signals throttling with error codes on a 400 or 403)
   */
  public TransientPlatformException(
      Platform platform,
      int httpStatus,
      String message,
      Duration retryAfter,
      boolean rateLimited,
      Throwable cause) {
    super(platform, httpStatus, message, cause);
    this.retryAfter = retryAfter;
    this.rateLimited = rateLimited;
  }

  /** How long the platform asked us to wait, or null if it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String code() {
    return rateLimited ? "platform_rate_limited" : "platform_unavailable";
  }
}
