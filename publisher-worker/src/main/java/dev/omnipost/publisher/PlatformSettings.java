package dev.omnipost.publisher;

import dev.omnipost.connectors.ConnectorSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the platforms live and how patient the connectors are ({@code omnipost.platforms.*}); the
 * local stack points Instagram at the platform sandbox.
 */
@ConfigurationProperties("omnipost.platforms")
public record PlatformSettings(
    @DefaultValue Instagram instagram,
    @DefaultValue("10s") Duration httpTimeout,
    @DefaultValue("500ms") Duration processingPollInterval,
    @DefaultValue("60s") Duration processingTimeout) {

  /**
   * @param graphBaseUrl the Graph API root, versioned
   */
  public record Instagram(@DefaultValue("https://graph.facebook.com/v21.0") String graphBaseUrl) {}

  public ConnectorSettings toConnectorSettings() {
    return new ConnectorSettings(
        instagram.graphBaseUrl(), httpTimeout, processingPollInterval, processingTimeout);
  }
}
