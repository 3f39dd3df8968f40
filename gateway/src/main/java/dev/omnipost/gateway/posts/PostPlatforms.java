package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The posts routes' view of the platforms: the connector of a stored platform id (the bean itself
 * is the gateway's one {@code PlatformConnectors}), and the metrics cache's settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MetricsProperties.class, PostingProperties.class})
class PostPlatforms {

  /** The connector of a platform id as stored on a target; empty for one Omnipost cannot speak. */
  static Optional<PlatformConnector> connector(PlatformConnectors connectors, String platform) {
    return Platform.fromId(platform).flatMap(connectors::forPlatform);
  }
}
