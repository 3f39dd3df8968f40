package dev.omnipost.publisher;

import dev.omnipost.connectors.ConnectorSettings;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.egress.EgressProperties;
import dev.omnipost.egress.HostResolver;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.tracing.TraceContexts;
import dev.omnipost.publisher.publishing.AccountLanes;
import dev.omnipost.publisher.publishing.AccountPacer;
import dev.omnipost.publisher.publishing.PlatformConnectorLookup;
import dev.omnipost.publisher.publishing.PostOutcomes;
import dev.omnipost.publisher.publishing.PublishCommandListener;
import dev.omnipost.publisher.publishing.PublishingBeans;
import dev.omnipost.publisher.publishing.RateBudgetLog;
import dev.omnipost.publisher.reconciling.StuckTargetReconciler;
import dev.omnipost.publisher.scheduling.DueTargetClaimer;
import dev.omnipost.publisher.scheduling.DueTargetScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publisher-worker's beans: the due-target scheduler, the publishing consumer with its
 * per-account lanes, and the reconciler of lost targets.
 */
@Configuration
@EnableConfigurationProperties({
  PublisherProperties.class,
  MediaSettings.class,
  ConnectorSettings.class,
  EgressProperties.class,
  OAuthSettings.class
})
public class PublisherConfiguration {

  @Bean
  CloudEventCodec cloudEventCodec() {
    return new CloudEventCodec("/omnipost/publisher-worker");
  }

  /** The publishing threads: many accounts at once, each account's steps in order. */
  @Bean(destroyMethod = "close")
  AccountLanes accountLanes(PublisherProperties properties) {
    return new AccountLanes(properties.maxInFlight(), properties.maxQueued());
  }

  /** Delayed work off the lanes: retrying a result the database refused. */
  @Bean(destroyMethod = "shutdown")
  ThreadPoolTaskScheduler publisherTaskScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("publisher-delayed-");
    return scheduler;
  }

  /**
   * Each account's rate budget, shared by its publishing steps and the metrics refresher's reads,
   * so the two together stay inside it; each budget a platform reports is kept for {@code GET
   * /v1/accounts/{id}/limits} ({@link RateBudgetLog}).
   */
  @Bean
  AccountPacer accountPacer(JdbcClient jdbc, ObjectProvider<Clock> clock) {
    return new AccountPacer(clock(clock), new RateBudgetLog(jdbc, clock(clock)));
  }

  /**
   * The context's {@link Clock} when there is one (a test runs the worker at a chosen instant),
   * else the system's: what is due, when a wait ends and how budgets refill all follow it.
   */
  static Clock clock(ObjectProvider<Clock> clock) {
    return clock.getIfAvailable(Clock::systemUTC);
  }

  @Bean
  PlatformConnectors platformConnectors(
      ConnectorSettings settings, EgressProperties egress, OAuthSettings oauth) {
    // Mastodon instances are the tenant's choice: their calls go through the SSRF guard, with the
    // operator's instance networks (the local sandbox) allowed
    return PlatformConnectors.create(
        settings, egress.guard(oauth.instanceNetworks(), HostResolver.SYSTEM));
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
      MeterRegistry meterRegistry,
      ObjectProvider<Clock> clock) {
    return new DueTargetClaimer(jdbc, transactions, outbox, codec, meterRegistry, clock(clock));
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
      PublisherProperties properties,
      AccountLanes lanes,
      ThreadPoolTaskScheduler publisherTaskScheduler,
      AccountPacer accountPacer,
      MeterRegistry meterRegistry,
      TraceContexts traceContexts,
      ObjectProvider<Clock> clock) {
    return PublishingBeans.listener(
        jdbc,
        transactions,
        outbox,
        codec,
        postOutcomes,
        connectors,
        cipher,
        mediaSettings,
        properties,
        lanes,
        publisherTaskScheduler,
        accountPacer,
        meterRegistry,
        traceContexts,
        clock(clock));
  }

  @Bean
  StuckTargetReconciler stuckTargetReconciler(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      PublisherProperties properties,
      MeterRegistry meterRegistry) {
    return new StuckTargetReconciler(jdbc, transactions, properties, meterRegistry);
  }
}
