package dev.omnipost.publisher.publishing;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.publisher.MediaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
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
      RetryDelays retryDelays,
      MeterRegistry meterRegistry) {
    PublisherMetrics metrics = new PublisherMetrics(meterRegistry);
    TargetResults results = new TargetResults(jdbc, transactions, outbox, codec, postOutcomes);
    TargetPublisher publisher =
        new TargetPublisher(
            new PublishJobs(jdbc, mediaSettings),
            results,
            connectors,
            cipher,
            retryDelays,
            metrics);
    return new PublishCommandListener(publisher, results, metrics);
  }
}
