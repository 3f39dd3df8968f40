package dev.omnipost.connectors.oauth;

/** Omnipost's app on one Mastodon instance. Never log the secret. */
public record MastodonApp(String clientId, String clientSecret) {

  @Override
  public String toString() {
    return "MastodonApp[" + clientId + "]";
  }
}
