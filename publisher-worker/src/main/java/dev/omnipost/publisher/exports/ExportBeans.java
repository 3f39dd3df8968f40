package dev.omnipost.publisher.exports;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The export runner's beans, unless {@code omnipost.exports.runner-enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExportRunnerProperties.class)
@ConditionalOnProperty(
    name = "omnipost.exports.runner-enabled",
    havingValue = "true",
    matchIfMissing = true)
class ExportBeans {

  @Bean
  ExportRunner exportRunner(
      JdbcClient jdbc,
      DataSource dataSource,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      ExportRunnerProperties properties,
      MeterRegistry meters) {
    return new ExportRunner(jdbc, dataSource, transactions, outbox, codec, properties, meters);
  }

  @Bean
  ExportLoop exportLoop(ExportRunner runner, ExportRunnerProperties properties) {
    return new ExportLoop(runner, properties);
  }
}
