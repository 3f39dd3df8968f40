package dev.omnipost.connectors;

/** The account's token is expired or revoked; the account must be reconnected. */
public final class AuthExpiredException extends PlatformException {

  public AuthExpiredException(Platform platform, int httpStatus, String message, Throwable cause) {
    super(platform, httpStatus, message, cause);
  }

  @Override
  public String code() {
    return "auth_expired";
  }
}
