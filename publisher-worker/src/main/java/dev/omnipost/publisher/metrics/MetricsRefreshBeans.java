package dev.omnipost.publisher.metrics;

import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.publisher.publishing.AccountPacer;
import dev.omnipost.publisher.publishing.PlatformConnectorLookup;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The metrics refresher's beans, unless {@code omnipost.metrics-refresh.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsRefreshProperties.class)
@ConditionalOnProperty(
    name = "omnipost.metrics-refresh.enabled",
    havingValue = "true",
    matchIfMissing = true)
class MetricsRefreshBeans {

  @Bean
  RefreshMetrics refreshMetrics(MeterRegistry registry) {
    return new RefreshMetrics(registry);
  }

  @Bean
  MetricsRefresher metricsRefresher(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      PlatformConnectorLookup connectors,
      SecretCipher cipher,
      AccountPacer pacer,
      MetricsRefreshProperties properties,
      RefreshMetrics metrics) {
    return new MetricsRefresher(jdbc, transactions, connectors, cipher, pacer, properties, metrics);
  }

  @Bean
  AccountInsightsRefresher accountInsightsRefresher(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      PlatformConnectorLookup connectors,
      SecretCipher cipher,
      AccountPacer pacer,
      MetricsRefreshProperties properties,
      RefreshMetrics metrics) {
    return new AccountInsightsRefresher(
        jdbc, transactions, connectors, cipher, pacer, properties, metrics);
  }

  @Bean
  MetricsRefreshLoop metricsRefreshLoop(
      MetricsRefresher posts,
      AccountInsightsRefresher accounts,
      MetricsRefreshProperties properties) {
    return new MetricsRefreshLoop(posts, accounts, properties);
  }
}
