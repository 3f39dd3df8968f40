package dev.omnipost.inbox;

import dev.omnipost.connectors.ConnectorSettings;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.egress.EgressProperties;
import dev.omnipost.egress.HostResolver;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.inbox.actions.ActionFailure;
import dev.omnipost.inbox.actions.MessageMediaSettings;
import dev.omnipost.inbox.sync.CommentSync;
import dev.omnipost.inbox.sync.MentionSync;
import dev.omnipost.inbox.sync.MessageSync;
import dev.omnipost.inbox.sync.ReviewSync;
import dev.omnipost.persistence.topics.RetryTopics;
import dev.omnipost.persistence.topics.TopicProperties;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicSchedulerWrapper;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

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
  EgressProperties.class,
  OAuthSettings.class,
  MessageMediaSettings.class
})
public class InboxIngestorConfiguration extends RetryTopicConfigurationSupport {

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/inbox-ingestor");
  }

  @Bean
  @ConditionalOnMissingBean
  PlatformConnectors platformConnectors(
      ConnectorSettings settings, EgressProperties egress, OAuthSettings oauth) {
    // Mastodon instances are the tenant's choice: their calls go through the SSRF guard, with the
    // operator's instance networks (the local sandbox) allowed
    return PlatformConnectors.create(
        settings, egress.guard(oauth.instanceNetworks(), HostResolver.SYSTEM));
  }

  @Bean
  RetryTopicConfiguration inboxActionRetryTopics(
      KafkaTemplate<String, byte[]> kafkaTemplate,
      InboxProperties properties,
      TopicProperties topics) {
    return RetryTopics.exponential(
        Topics.INBOX_ACTIONS,
        properties.actions().maxAttempts(),
        properties.actions().retryBackoff(),
        properties.actions().maxRetryBackoff(),
        "inboxActionListener",
        kafkaTemplate,
        topics);
  }

  @Bean
  RetryTopicSchedulerWrapper retryTopicSchedulerWrapper() {
    return RetryTopics.resumingScheduler("inbox-retry-");
  }

  /** Each retry and dead letter carries the failure's code ({@link ActionFailure#CODE_HEADER}). */
  @Override
  protected Consumer<DeadLetterPublishingRecovererFactory>
      configureDeadLetterPublishingContainerFactory() {
    return RetryTopics.withFailureCode(ActionFailure.CODE_HEADER, ActionFailure::codeOf);
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
