package dev.omnipost.gateway;

import dev.omnipost.connectors.ConnectorSettings;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.egress.EgressProperties;
import dev.omnipost.egress.HostResolver;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.gateway.media.MediaProperties;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The gateway's shared beans. Request handling is reactive (R2DBC); writes that announce something
 * run in one {@link TransactionalOperator} transaction with the {@link ReactiveOutbox}, so the
 * state and its event commit together. (The gateway also has a JDBC DataSource, used only by Flyway
 * and the outbox relay, so transactions are explicit rather than {@code @Transactional}.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  GatewayProperties.class,
  MediaProperties.class,
  EgressProperties.class,
  ConnectorSettings.class
})
public class GatewayConfiguration {

  /**
   * The platform connectors, bound from the workers' {@code omnipost.platforms.*}: the inbox routes
   * ask what each platform offers, unpublish which can delete, metrics read counters through them
   * (ADR 0014).
   */
  @Bean
  PlatformConnectors platformConnectors(
      ConnectorSettings settings,
      EgressProperties egress,
      OAuthSettings oauth,
      ObjectProvider<HostResolver> resolver) {
    // Mastodon instances are the tenant's choice: their calls go through the SSRF guard
    return PlatformConnectors.create(
        settings,
        egress.guard(oauth.instanceNetworks(), resolver.getIfAvailable(() -> HostResolver.SYSTEM)));
  }

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/gateway");
  }

  /**
   * The shared SSRF guard, for every URL fetched or stored on a tenant's behalf (webhook endpoints
   * today); tests may supply a {@link HostResolver} with scripted answers.
   */
  @Bean
  EgressGuard egressGuard(EgressProperties properties, ObjectProvider<HostResolver> resolver) {
    return properties.guard(resolver.getIfAvailable(() -> HostResolver.SYSTEM));
  }

  @Bean
  ReactiveOutbox reactiveOutbox(DatabaseClient databaseClient, TraceContexts traceContexts) {
    return new ReactiveOutbox(databaseClient, traceContexts);
  }

  @Bean
  TransactionalOperator gatewayTransactions(ConnectionFactory connectionFactory) {
    return TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
  }
}
