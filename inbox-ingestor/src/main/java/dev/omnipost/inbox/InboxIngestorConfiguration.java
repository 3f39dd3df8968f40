package dev.omnipost.inbox;

import dev.omnipost.connectors.ConnectorSettings;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.inbox.sync.CommentSync;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * The inbox-ingestor's beans and its sync schedule ({@code omnipost.inbox.sync-interval}, fixed
 * delay, so a slow round never overlaps the next one on the same instance).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({InboxProperties.class, ConnectorSettings.class})
public class InboxIngestorConfiguration {

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/inbox-ingestor");
  }

  @Bean
  @ConditionalOnMissingBean
  PlatformConnectors platformConnectors(ConnectorSettings settings) {
    return PlatformConnectors.create(settings);
  }

  @Configuration(proxyBeanMethods = false)
  @EnableScheduling
  @ConditionalOnProperty(
      name = "omnipost.inbox.sync-enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class SyncSchedule {

    @Bean
    SchedulingConfigurer commentSyncSchedule(CommentSync sync, InboxProperties properties) {
      return registrar -> registrar.addFixedDelayTask(sync::syncRound, properties.syncInterval());
    }
  }
}
