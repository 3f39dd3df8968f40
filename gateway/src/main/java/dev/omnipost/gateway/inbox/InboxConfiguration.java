package dev.omnipost.gateway.inbox;

import dev.omnipost.connectors.ConnectorSettings;
import dev.omnipost.connectors.PlatformConnectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The inbox's beans: the platform connectors, asked only what each platform's API offers ({@code
 * inboxOperations()}, the private-reply window), so an action the platform cannot perform is
 * answered 501 at once; the gateway itself never calls a platform.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectorSettings.class)
class InboxConfiguration {

  @Bean
  @ConditionalOnMissingBean
  PlatformConnectors platformConnectors(ConnectorSettings settings) {
    return PlatformConnectors.create(settings);
  }
}
