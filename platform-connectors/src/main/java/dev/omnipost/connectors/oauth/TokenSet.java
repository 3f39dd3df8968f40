package dev.omnipost.connectors.oauth;

import java.time.Instant;

/**
 * Tokens a platform handed out. {@code refreshToken} null: keep the one you have (Google) or there
 * is none. Never log an instance of this.
 */
public record TokenSet(
    String accessToken, String refreshToken, Instant expiresAt, Instant refreshExpiresAt) {

  @Override
  public String toString() {
    return "TokenSet[expires " + expiresAt + "]";
  }
}
