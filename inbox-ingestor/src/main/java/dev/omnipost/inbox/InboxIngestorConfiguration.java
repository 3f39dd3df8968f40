package dev.omnipost.inbox;

import dev.omnipost.connectors.ConnectorSettings;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.inbox.actions.ActionFailure;
import dev.omnipost.inbox.actions.MessageMediaSettings;
import dev.omnipost.inbox.sync.CommentSync;
import dev.omnipost.inbox.sync.MentionSync;
import dev.omnipost.inbox.sync.MessageSync;
import dev.omnipost.inbox.sync.ReviewSync;
import dev.omnipost.persistence.topics.TopicProperties;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.SingleRecordHeader;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The inbox-ingestor's beans, its sync schedule ({@code omnipost.inbox.sync-interval}, fixed delay,
 * so a slow round never overlaps the next one on the same instance), and the one retry mechanism of
 * inbox actions: non-blocking retry topics ({@code omnipost.inbox-actions-retry-0}, …) with
 * exponential delays, then the dead-letter topic ({@code omnipost.inbox-actions-dlt}), whose
 * handler fails the action with the last failure's code.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  InboxProperties.class,
  ConnectorSettings.class,
  MessageMediaSettings.class
})
public class InboxIngestorConfiguration extends RetryTopicConfigurationSupport {

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/inbox-ingestor");
  }

  @Bean
  @ConditionalOnMissingBean
  PlatformConnectors platformConnectors(ConnectorSettings settings) {
    return PlatformConnectors.create(settings);
  }

  @Bean
  RetryTopicConfiguration inboxActionRetryTopics(
      KafkaTemplate<String, byte[]> kafkaTemplate,
      InboxProperties properties,
      TopicProperties topics) {
    InboxProperties.Actions actions = properties.actions();
    return RetryTopicConfigurationBuilder.newInstance()
        .includeTopic(Topics.INBOX_ACTIONS)
        .maxAttempts(Math.max(1, actions.maxAttempts()))
        .exponentialBackoff(
            actions.retryBackoff().toMillis(), 2.0, actions.maxRetryBackoff().toMillis())
        .suffixTopicsWithIndexValues()
        .notRetryOn(IllegalArgumentException.class)
        .dltHandlerMethod("inboxActionListener", "onDeadLetter")
        .autoCreateTopicsWith(topics.partitions(), topics.replicationFactor())
        .create(kafkaTemplate);
  }

  /** Resumes retry-topic partitions once their next message is due. */
  @Bean
  RetryTopicSchedulerWrapper retryTopicSchedulerWrapper() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setThreadNamePrefix("inbox-retry-");
    scheduler.initialize();
    return new RetryTopicSchedulerWrapper(scheduler);
  }

  /** Each retry and dead letter carries the failure's code ({@link ActionFailure#CODE_HEADER}). */
  @Override
  protected Consumer<DeadLetterPublishingRecovererFactory>
      configureDeadLetterPublishingContainerFactory() {
    return factory -> {
      factory.neverLogListenerException();
      factory.setHeadersFunction(
          (record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(
                new SingleRecordHeader(
                    ActionFailure.CODE_HEADER,
                    ActionFailure.codeOf(exception).getBytes(StandardCharsets.UTF_8)));
            return headers;
          });
    };
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

    @Bean
    SchedulingConfigurer mentionSyncSchedule(MentionSync sync, InboxProperties properties) {
      return registrar -> registrar.addFixedDelayTask(sync::syncRound, properties.syncInterval());
    }

    @Bean
    SchedulingConfigurer reviewSyncSchedule(ReviewSync sync, InboxProperties properties) {
      return registrar -> registrar.addFixedDelayTask(sync::syncRound, properties.syncInterval());
    }

    @Bean
    SchedulingConfigurer messageSyncSchedule(MessageSync sync, InboxProperties properties) {
      return registrar -> registrar.addFixedDelayTask(sync::syncRound, properties.syncInterval());
    }
  }
}
