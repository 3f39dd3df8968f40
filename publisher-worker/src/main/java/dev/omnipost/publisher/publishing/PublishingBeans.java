package dev.omnipost.publisher.publishing;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.tracing.TraceContexts;
import dev.omnipost.publisher.MediaSettings;
import dev.omnipost.publisher.PublisherProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the publishing feature's package-private parts behind its one public entry point, the
 * {@link PublishCommandListener}, so the module configuration need not see the internals.
 */
public final class PublishingBeans {

  private PublishingBeans() {}

  public static PublishCommandListener listener(
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
      TaskScheduler resultRetries,
      AccountPacer pacer,
      MeterRegistry meterRegistry,
      TraceContexts traces,
      Clock clock) {
    PublisherMetrics metrics = new PublisherMetrics(meterRegistry);
    TargetResults results =
        new TargetResults(jdbc, transactions, outbox, codec, postOutcomes, metrics);
    TargetPublisher publisher =
        new TargetPublisher(
            new PublishJobs(jdbc, mediaSettings),
            results,
            new StepStore(jdbc, properties.stepLease()),
            connectors,
            cipher,
            new RetryDelays(properties.retry()),
            pacer,
            new ResultWriter(
                results,
                List.of(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                resultRetries),
            metrics,
            clock,
            traces);
    TargetDeleter deleter =
        new TargetDeleter(
            jdbc,
            transactions,
            outbox,
            codec,
            connectors,
            cipher,
            new RetryDelays(properties.retry()),
            clock);
    return new PublishCommandListener(publisher, deleter, lanes, traces);
  }
}
