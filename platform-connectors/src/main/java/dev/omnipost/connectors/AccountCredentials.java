package dev.omnipost.connectors;

import java.util.Map;

/**
 * What a connector needs to act as one connected account: the decrypted token and the
 * platform-specific settings stored with the account (for example {@code instance_url} for
 * Mastodon, which is federated). Never log an instance of this.
 */
public record AccountCredentials(
    String accountId,
    Platform platform,
    String platformAccountId,
    String handle,
    String accessToken,
    Map<String, String> settings) {

  public String setting(String name) {
    return settings == null ? null : settings.get(name);
  }

  @Override
  public String toString() {
    return "AccountCredentials[" + accountId + ", " + platform.id() + ", " + handle + "]";
  }
}
