package dev.omnipost.publisher;

import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.publisher.publishing.PlatformConnectorLookup;
import dev.omnipost.publisher.publishing.PostOutcomes;
import dev.omnipost.publisher.publishing.PublishCommandListener;
import dev.omnipost.publisher.publishing.PublishingBeans;
import dev.omnipost.publisher.publishing.RetryDelays;
import dev.omnipost.publisher.reconciling.StuckTargetReconciler;
import dev.omnipost.publisher.scheduling.DueTargetClaimer;
import dev.omnipost.publisher.scheduling.DueTargetScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publisher-worker's beans: the due-target scheduler, the publishing consumer with its retry
 * topics, and the reconciler of lost targets. It extends {@link RetryTopicConfigurationSupport} to
 * teach the retry topics the platforms' {@code Retry-After} (see {@link RetryDelays}).
 */
@Configuration
@EnableConfigurationProperties({
  PublisherProperties.class,
  MediaSettings.class,
  PlatformSettings.class
})
public class PublisherConfiguration extends RetryTopicConfigurationSupport {

  private final RetryDelays retryDelays;

  public PublisherConfiguration(PublisherProperties properties) {
    this.retryDelays = new RetryDelays(properties.retry(), Clock.systemUTC());
  }

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/publisher-worker");
  }

  /** Named so {@code @RetryableTopic} on the listener can read the schedule with SpEL. */
  @Bean
  PublisherProperties.Retry publisherRetry(PublisherProperties properties) {
    return properties.retry();
  }

  @Bean
  RetryDelays retryDelays() {
    return retryDelays;
  }

  @Override
  protected void configureCustomizers(CustomizersConfigurer customizers) {
    customizers.customizeDeadLetterPublishingRecoverer(
        recoverer -> recoverer.addHeadersFunction(retryDelays));
  }

  /** Wakes retry-topic consumers whose paused partition is due again. */
  @Bean
  RetryTopicSchedulerWrapper retryTopicScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setThreadNamePrefix("publish-retry-");
    scheduler.initialize();
    return new RetryTopicSchedulerWrapper(scheduler);
  }

  @Bean
  PlatformConnectors platformConnectors(PlatformSettings settings) {
    return PlatformConnectors.create(settings.toConnectorSettings());
  }

  @Bean
  PlatformConnectorLookup platformConnectorLookup(PlatformConnectors connectors) {
    return connectors::forPlatform;
  }

  @Bean
  DueTargetClaimer dueTargetClaimer(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      MeterRegistry meterRegistry) {
    return new DueTargetClaimer(jdbc, transactions, outbox, codec, meterRegistry);
  }

  @Bean
  @ConditionalOnProperty(
      name = "omnipost.publisher.scheduler-enabled",
      havingValue = "true",
      matchIfMissing = true)
  DueTargetScheduler dueTargetScheduler(
      DueTargetClaimer claimer, DataSource dataSource, PublisherProperties properties) {
    return new DueTargetScheduler(claimer, dataSource, properties);
  }

  @Bean
  PostOutcomes postOutcomes(JdbcClient jdbc, JdbcOutbox outbox, CloudEventCodec codec) {
    return new PostOutcomes(jdbc, outbox, codec);
  }

  @Bean
  PublishCommandListener publishCommandListener(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      PostOutcomes postOutcomes,
      PlatformConnectorLookup connectors,
      SecretCipher cipher,
      MediaSettings mediaSettings,
      MeterRegistry meterRegistry) {
    return PublishingBeans.listener(
        jdbc,
        transactions,
        outbox,
        codec,
        postOutcomes,
        connectors,
        cipher,
        mediaSettings,
        retryDelays,
        meterRegistry);
  }

  @Bean
  StuckTargetReconciler stuckTargetReconciler(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      PostOutcomes postOutcomes,
      PublisherProperties properties,
      MeterRegistry meterRegistry) {
    return new StuckTargetReconciler(
        jdbc, transactions, outbox, codec, postOutcomes, properties, meterRegistry);
  }
}
