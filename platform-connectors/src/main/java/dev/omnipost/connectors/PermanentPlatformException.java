package dev.omnipost.connectors;

/** The platform rejected the request (validation, policy, duplicate): retrying will not help. */
public final class PermanentPlatformException extends PlatformException {

  /** The code of a call the SSRF guard refused: the host may not be reached from here. */
  public static final String NOT_ALLOWED = "instance_not_allowed";

  private final String code;

  public PermanentPlatformException(
      Platform platform, int httpStatus, String message, Throwable cause) {
    this(platform, httpStatus, message, cause, "platform_rejected");
  }

  public PermanentPlatformException(
      Platform platform, int httpStatus, String message, Throwable cause, String code) {
    super(platform, httpStatus, message, cause);
    this.code = code;
  }

  /** {@code platform_rejected}, or {@link #NOT_ALLOWED} when nothing was sent. */
  @Override
  public String code() {
    return code;
  }
}
