package dev.omnipost.connectors.oauth;

import dev.omnipost.connectors.Platform;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Omnipost's apps on the platforms and where their sign-ins live ({@code omnipost.oauth.*}).
 *
 * @param clients the app's client id and secret per platform id (Mastodon registers itself per
 *     instance; Bluesky needs none)
 * @param hosts per platform id, one URL that replaces every host of its sign-in (the sandbox's
 *     {@code http://localhost:8090/x} stands for both {@code x.com} and {@code api.x.com})
 * @param callbackBaseUrl the gateway's public URL the platforms redirect back to; empty: the URL
 *     the connect request came in on
 * @param stateLifetime how long a connect may take from {@code POST /v1/accounts/connect}
 * @param refreshAhead how long before its expiry a token is refreshed
 * @param refreshInterval how often the refresher looks for tokens to refresh
 * @param expiringWarning how long before expiry {@code account.token_expiring} is sent for a token
 *     that cannot be refreshed
 */
@ConfigurationProperties("omnipost.oauth")
public record OAuthSettings(
    Map<String, Client> clients,
    Map<String, String> hosts,
    @DefaultValue("") String callbackBaseUrl,
    @DefaultValue("10m") Duration stateLifetime,
    @DefaultValue("10m") Duration refreshAhead,
    @DefaultValue("30s") Duration refreshInterval,
    @DefaultValue("7d") Duration expiringWarning,
    @DefaultValue("10s") Duration httpTimeout,
    java.util.List<String> instanceNetworks) {

  public OAuthSettings {
    clients = clients == null ? Map.of() : Map.copyOf(clients);
    hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
    callbackBaseUrl = callbackBaseUrl == null ? "" : callbackBaseUrl;
    stateLifetime = stateLifetime == null ? Duration.ofMinutes(10) : stateLifetime;
    refreshAhead = refreshAhead == null ? Duration.ofMinutes(10) : refreshAhead;
    refreshInterval = refreshInterval == null ? Duration.ofSeconds(30) : refreshInterval;
    expiringWarning = expiringWarning == null ? Duration.ofDays(7) : expiringWarning;
    httpTimeout = httpTimeout == null ? Duration.ofSeconds(10) : httpTimeout;
    instanceNetworks =
        instanceNetworks == null ? java.util.List.of() : java.util.List.copyOf(instanceNetworks);
  }

  /** The app's credentials on a platform. Never log an instance of this. */
  public record Client(String clientId, String clientSecret) {
    @Override
    public String toString() {
      return "Client[" + clientId + "]";
    }
  }

  public Client client(Platform platform) {
    Client client = clients.get(platform.id());
    return client != null ? client : new Client("omnipost-" + platform.id(), "");
  }

  public String host(Platform platform) {
    return hosts.get(platform.id());
  }
}
