package dev.omnipost.connectors;

/** A platform call failed; the message is the platform's own words where it gave any. */
public abstract sealed class PlatformException extends RuntimeException
    permits TransientPlatformException, PermanentPlatformException, AuthExpiredException {

  private final Platform platform;
  private final int httpStatus;

  protected PlatformException(Platform platform, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.platform = platform;
    this.httpStatus = httpStatus;
  }

  public Platform platform() {
    return platform;
  }

  /** The HTTP status the platform answered with, or 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** A stable machine-readable code for API errors, e.g. {@code platform_rejected}. */
  public abstract String code();
}
