package dev.omnipost.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.omnipost.events.Topics;
import dev.omnipost.persistence.consumers.ProcessedEvents;
import dev.omnipost.persistence.health.BrokerHealthIndicator;
import dev.omnipost.persistence.logging.ServiceLogContext;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.outbox.OutboxProperties;
import dev.omnipost.persistence.outbox.OutboxRelay;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretReencryption;
import dev.omnipost.persistence.secrets.SecretReencryptionOnStart;
import dev.omnipost.persistence.secrets.SecretsProperties;
import dev.omnipost.persistence.topics.TopicProperties;
import dev.omnipost.persistence.topics.TopicSettingsKafkaAdmin;
import dev.omnipost.persistence.tracing.OtlpEndpoint;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The beans every service shares: the JDBC outbox writer and its relay to Kafka, idempotent
 * consumer bookkeeping, at-rest encryption, and the declaration of the shared topics. Services
 * bring it in with {@code @Import(PersistenceConfiguration.class)}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  OutboxProperties.class,
  SecretsProperties.class,
  TopicProperties.class
})
public class PersistenceConfiguration {

  /**
   * The JDBC pool from {@code spring.datasource.url/username/password} (pool settings under {@code
   * spring.datasource.hikari}). Declared here rather than left to Spring Boot because Boot backs
   * off its own DataSource when R2DBC is present, and the reactive gateway needs JDBC too: for
   * Flyway, the outbox relay and its LISTEN connection.
   */
  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(Environment environment) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
    dataSource.setUsername(environment.getProperty("spring.datasource.username"));
    dataSource.setPassword(environment.getProperty("spring.datasource.password"));
    dataSource.setPoolName("omnipost-jdbc");
    // Bounds on every JDBC wait, so a slow, blocked or unreachable PostgreSQL fails the work (to be
    // retried) instead of holding its thread (ADR 0025); spring.datasource.hikari.* overrides them.
    dataSource.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    dataSource.addDataSourceProperty("connectTimeout", "5");
    dataSource.addDataSourceProperty("options", "-c statement_timeout=30s -c lock_timeout=10s");
    // A server that answers nothing (paused) is not ended by its own timeouts: past this silence
    // the driver gives up and closes the connection, so the pool drops it (ADR 0032). Above the
    // statement timeout; a LISTEN wait sets its own for the length of the wait.
    dataSource.addDataSourceProperty("socketTimeout", "60");
    return dataSource;
  }

  @Bean
  SecretCipher secretCipher(SecretsProperties properties) {
    return properties.cipher();
  }

  @Bean
  @ConditionalOnProperty(name = "omnipost.secrets.reencrypt-on-start", havingValue = "true")
  SecretReencryptionOnStart secretReencryptionOnStart(
      DataSource dataSource,
      JdbcClient jdbcClient,
      SecretCipher cipher,
      SecretsProperties properties,
      MeterRegistry meterRegistry) {
    return new SecretReencryptionOnStart(
        new SecretReencryption(
            jdbcClient,
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
            cipher,
            properties.reencryptBatchSize(),
            meterRegistry));
  }

  /** The {@code kafka} health contributor, part of each service's readiness group. */
  @Bean
  BrokerHealthIndicator kafkaHealthIndicator(KafkaProperties kafkaProperties) {
    return new BrokerHealthIndicator(kafkaProperties.buildAdminProperties(), Duration.ofSeconds(3));
  }

  /** The W3C trace context of the work in hand, from the service's tracer (ADR 26). */
  @Bean
  TraceContexts traceContexts(ObjectProvider<Tracer> tracer, ServiceLogContext serviceLogContext) {
    return new TraceContexts(tracer.getIfAvailable(() -> Tracer.NOOP), serviceLogContext.service());
  }

  /** Spans exported to {@code omnipost.tracing.otlp-endpoint} when it is set (ADR 30). */
  @Bean
  @Conditional(OtlpEndpoint.Configured.class)
  OtlpEndpoint otlpEndpoint(Environment environment) {
    return OtlpEndpoint.from(environment);
  }

  /** The service's name on its log lines, also when services share a JVM (ADR 26). */
  @Bean
  ServiceLogContext serviceLogContext(Environment environment) {
    return new ServiceLogContext(environment.getProperty("spring.application.name"));
  }

  @Bean
  JdbcOutbox jdbcOutbox(JdbcClient jdbcClient, TraceContexts traceContexts) {
    return new JdbcOutbox(jdbcClient, traceContexts);
  }

  @Bean
  ProcessedEvents processedEvents(JdbcClient jdbcClient) {
    return new ProcessedEvents(jdbcClient);
  }

  @Bean
  @ConditionalOnProperty(
      name = "omnipost.outbox.relay-enabled",
      havingValue = "true",
      matchIfMissing = true)
  OutboxRelay outboxRelay(
      DataSource dataSource,
      KafkaProperties kafkaProperties,
      OutboxProperties properties,
      MeterRegistry meterRegistry) {
    return new OutboxRelay(
        dataSource,
        // its own JDBC transaction manager: a service may also have an R2DBC one
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        kafkaProperties.buildProducerProperties(),
        properties,
        meterRegistry);
  }

  /**
   * Replaces Spring Boot's topic creator (same {@code spring.kafka.admin.*} settings) with one that
   * applies {@code omnipost.topics.*} to every topic the service declares, including the retry and
   * dead-letter topics Spring Kafka declares for it.
   */
  @Bean
  KafkaAdmin kafkaAdmin(KafkaProperties kafkaProperties, TopicProperties topics) {
    KafkaAdmin kafkaAdmin =
        new TopicSettingsKafkaAdmin(kafkaProperties.buildAdminProperties(), topics);
    KafkaProperties.Admin admin = kafkaProperties.getAdmin();
    if (admin.getCloseTimeout() != null) {
      kafkaAdmin.setCloseTimeout((int) admin.getCloseTimeout().getSeconds());
    }
    if (admin.getOperationTimeout() != null) {
      kafkaAdmin.setOperationTimeout((int) admin.getOperationTimeout().getSeconds());
    }
    kafkaAdmin.setFatalIfBrokerNotAvailable(admin.isFailFast());
    kafkaAdmin.setModifyTopicConfigs(admin.isModifyTopicConfigs());
    kafkaAdmin.setAutoCreate(admin.isAutoCreate());
    return kafkaAdmin;
  }

  /** The shared topics; replicas and {@code min.insync.replicas} come from the topic settings. */
  @Bean
  KafkaAdmin.NewTopics omnipostTopics(TopicProperties topics) {
    return new KafkaAdmin.NewTopics(
        TopicBuilder.name(Topics.EVENTS).partitions(topics.partitions()).build(),
        TopicBuilder.name(Topics.PUBLISH_COMMANDS).partitions(topics.partitions()).build(),
        TopicBuilder.name(Topics.AI_GENERATION_REQUESTS).partitions(topics.partitions()).build(),
        TopicBuilder.name(Topics.WEBHOOK_DELIVERIES).partitions(topics.partitions()).build(),
        TopicBuilder.name(Topics.INBOX_ACTIONS).partitions(topics.partitions()).build());
  }
}
