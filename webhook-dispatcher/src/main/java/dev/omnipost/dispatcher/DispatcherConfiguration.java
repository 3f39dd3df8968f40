package dev.omnipost.dispatcher;

import dev.omnipost.dispatcher.delivery.RetrySchedule;
import dev.omnipost.dispatcher.delivery.RetryableDeliveryFailure;
import dev.omnipost.dispatcher.signing.StandardWebhookSigner;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.egress.EgressProperties;
import dev.omnipost.egress.HostResolver;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.persistence.topics.RetryTopics;
import dev.omnipost.persistence.topics.TopicProperties;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The dispatcher's beans: settings, signing, the SSRF guard, the retry schedule, the batch
 * container for the fan-out, and the non-blocking retries of deliveries. Retries use one topic per
 * configured delay ({@code omnipost.webhook-deliveries-retry-0}, {@code -retry-1}, …) and a
 * dead-letter topic ({@code omnipost.webhook-deliveries-dlt}); Spring Kafka holds each retry until
 * the time in its backoff header, which we set from {@link RetrySchedule} (jitter that never fires
 * early, {@code Retry-After} within bounds) instead of the topic's fixed delay.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({WebhookProperties.class, EgressProperties.class})
public class DispatcherConfiguration extends RetryTopicConfigurationSupport {

  private static final Logger log = LoggerFactory.getLogger(DispatcherConfiguration.class);

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/webhook-dispatcher");
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  StandardWebhookSigner standardWebhookSigner() {
    return new StandardWebhookSigner();
  }

  /** The shared SSRF guard; tests may supply a {@link HostResolver} with scripted answers. */
  @Bean
  EgressGuard egressGuard(EgressProperties properties, ObjectProvider<HostResolver> resolver) {
    return properties.guard(resolver.getIfAvailable(() -> HostResolver.SYSTEM));
  }

  @Bean
  RetrySchedule retrySchedule(WebhookProperties properties) {
    return new RetrySchedule(
        properties.retryDelays(), properties.retryJitter(), properties.maxRetryAfter());
  }

  /**
   * Batches for the fan-out, so a poll of events costs a few statements. Database or broker trouble
   * retries the batch until it works; a malformed event is logged and skipped.
   */
  @Bean
  ConcurrentKafkaListenerContainerFactory<Object, Object> webhookFanoutContainerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
      ConsumerFactory<Object, Object> consumerFactory) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
        new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, consumerFactory);
    factory.setBatchListener(true);
    DefaultErrorHandler errors =
        new DefaultErrorHandler(
            (record, e) ->
                log.warn(
                    "Skipping a malformed event at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage()),
            new FixedBackOff(2_000, FixedBackOff.UNLIMITED_ATTEMPTS));
    errors.addNotRetryableExceptions(IllegalArgumentException.class);
    factory.setCommonErrorHandler(errors);
    return factory;
  }

  @Bean
  RetryTopicConfiguration webhookDeliveryRetryTopics(
      KafkaTemplate<String, byte[]> kafkaTemplate,
      WebhookProperties properties,
      TopicProperties topics) {
    return RetryTopicConfigurationBuilder.newInstance()
        .includeTopic(Topics.WEBHOOK_DELIVERIES)
        .maxAttempts(properties.maxAttempts())
        .customBackoff(new ListedBackOff(properties.retryDelays()))
        .suffixTopicsWithIndexValues()
        .dltHandlerMethod("deliveryListener", "onDeadLetter")
        .concurrency(properties.retryConcurrency())
        // replicas and min.insync.replicas: omnipost.topics.*, applied by TopicSettingsKafkaAdmin
        .autoCreateTopicsWith(topics.partitions(), topics.replicationFactor())
        .create(kafkaTemplate);
  }

  @Bean
  RetryTopicSchedulerWrapper retryTopicSchedulerWrapper() {
    return RetryTopics.resumingScheduler("webhook-retry-");
  }

  @Override
  protected Consumer<DeadLetterPublishingRecovererFactory>
      configureDeadLetterPublishingContainerFactory() {
    return factory -> {
      factory.neverLogListenerException();
      factory.setHeadersFunction(
          (record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            RetryableDeliveryFailure failure = RetryableDeliveryFailure.find(exception);
            if (failure != null && failure.nextAttemptAt() != null) {
              // replaces the header Spring computed from the topic's fixed delay
              headers.add(
                  new SingleRecordHeader(
                      RetryTopicHeaders.DEFAULT_HEADER_BACKOFF_TIMESTAMP,
                      BigInteger.valueOf(failure.nextAttemptAt().toEpochMilli()).toByteArray()));
            }
            return headers;
          });
    };
  }

  /** The configured delays in order; they name and size the retry topics. */
  private record ListedBackOff(List<Duration> delays) implements BackOff {
    @Override
    public BackOffExecution start() {
      int[] next = {0};
      return () ->
          next[0] < delays.size() ? delays.get(next[0]++).toMillis() : BackOffExecution.STOP;
    }
  }
}
