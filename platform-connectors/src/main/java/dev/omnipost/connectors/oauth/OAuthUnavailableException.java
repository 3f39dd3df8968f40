package dev.omnipost.connectors.oauth;

/** The platform's sign-in could not be reached or answered 5xx/429: try again later. */
public class OAuthUnavailableException extends RuntimeException {

  public OAuthUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
