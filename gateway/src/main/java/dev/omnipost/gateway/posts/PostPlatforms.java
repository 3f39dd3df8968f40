package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.ConnectorSettings;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The platform connectors the posts routes need: unpublish asks which platforms can delete, metrics
 * reads counters through them (ADR 0014). Bound from the same {@code omnipost.platforms.*} as the
 * workers, so the gateway talks to the platforms (or the sandbox) they talk to.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConnectorSettings.class, MetricsProperties.class})
class PostPlatforms {

  @Bean
  PlatformConnectors postPlatformConnectors(ConnectorSettings settings) {
    return PlatformConnectors.create(settings);
  }

  /** The connector of a platform id as stored on a target; empty for one Omnipost cannot speak. */
  static Optional<PlatformConnector> connector(PlatformConnectors connectors, String platform) {
    return Platform.fromId(platform).flatMap(connectors::forPlatform);
  }
}
