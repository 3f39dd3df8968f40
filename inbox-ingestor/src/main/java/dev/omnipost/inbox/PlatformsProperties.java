package dev.omnipost.inbox;

import dev.omnipost.connectors.ConnectorSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the platforms live ({@code omnipost.platforms.*}, the names every service shares), bound
 * into the connectors' {@link ConnectorSettings}.
 */
@ConfigurationProperties("omnipost.platforms")
public record PlatformsProperties(
    @DefaultValue Instagram instagram,
    @DefaultValue("10s") Duration httpTimeout,
    @DefaultValue("500ms") Duration processingPollInterval,
    @DefaultValue("60s") Duration processingTimeout) {

  /**
   * @param graphBaseUrl the Graph API base URL (the sandbox's in the local stack)
   * @param recentMediaLimit how many recent posts per account are looked at for comments
   */
  public record Instagram(
      @DefaultValue(ConnectorSettings.DEFAULT_INSTAGRAM_GRAPH_BASE_URL) String graphBaseUrl,
      @DefaultValue("25") int recentMediaLimit) {}

  public ConnectorSettings toConnectorSettings() {
    return new ConnectorSettings(
        instagram.graphBaseUrl(),
        httpTimeout,
        processingPollInterval,
        processingTimeout,
        instagram.recentMediaLimit());
  }
}
