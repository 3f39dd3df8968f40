package dev.omnipost.connectors;

import java.time.Duration;

/** Worth retrying later: rate limited, platform error (5xx), timeout or connection failure. */
public final class TransientPlatformException extends PlatformException {

  private final Duration retryAfter;

  public TransientPlatformException(
      Platform platform, int httpStatus, String message, Duration retryAfter, Throwable cause) {
    super(platform, httpStatus, message, cause);
    this.retryAfter = retryAfter;
  }

  /** How long the platform asked us to wait, or null if it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String code() {
    return httpStatus() == 429 ? "platform_rate_limited" : "platform_unavailable";
  }
}
