package dev.omnipost.connectors.oauth;

/**
 * The platform refused a code, a refresh token or credentials for good ({@code invalid_grant},
 * Graph code 190, Bluesky {@code ExpiredToken}): the user has to connect again.
 */
public class OAuthRefusedException extends RuntimeException {

  public OAuthRefusedException(String message) {
    super(message);
  }
}
