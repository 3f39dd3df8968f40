package dev.omnipost.connectors;

/** The platform rejected the request (validation, policy, duplicate): retrying will not help. */
public final class PermanentPlatformException extends PlatformException {

  public PermanentPlatformException(
      Platform platform, int httpStatus, String message, Throwable cause) {
    super(platform, httpStatus, message, cause);
  }

  @Override
  public String code() {
    return "platform_rejected";
  }
}
