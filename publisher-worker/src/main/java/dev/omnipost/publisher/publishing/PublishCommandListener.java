package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.PublishTarget;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Consumes {@link PublishTarget} commands. Only a {@link TransientPlatformException} (429, 5xx,
 * timeout) is retried, through retry topics on an exponential schedule ({@code
 * omnipost.publisher.retry.*}); anything else (a command that cannot be decoded, a bug) goes
 * straight to the dead-letter topic. Rejections and expired tokens never reach this layer as
 * errors: they are outcomes recorded by {@link TargetPublisher}.
 *
 * <p>Offsets: the container's default {@code BATCH} ack mode commits a poll's offsets after the
 * listener returned for each record; a failed record's offset is committed only once the
 * dead-letter publishing recoverer's send to the retry or dead-letter topic succeeded.
 */
public class PublishCommandListener {

  private static final Logger log = LoggerFactory.getLogger(PublishCommandListener.class);

  private final TargetPublisher publisher;
  private final TargetResults results;
  private final PublisherMetrics metrics;

  PublishCommandListener(
      TargetPublisher publisher, TargetResults results, PublisherMetrics metrics) {
    this.publisher = publisher;
    this.results = results;
    this.metrics = metrics;
  }

  @RetryableTopic(
      attempts = "#{@publisherRetry.attempts()}",
      backOff =
          @BackOff(
              delayString = "#{@publisherRetry.initialDelay().toMillis()}",
              multiplierString = "#{@publisherRetry.multiplier()}",
              maxDelayString = "#{@publisherRetry.maxDelay().toMillis()}"),
      include = TransientPlatformException.class,
      traversingCauses = "true",
      autoCreateTopics = "true",
      numPartitions = "${omnipost.topics.partitions:6}",
      // min.insync.replicas too: omnipost.topics.*, applied by TopicSettingsKafkaAdmin
      replicationFactor = "${omnipost.topics.replication-factor:-1}")
  @KafkaListener(id = "publisher", topics = Topics.PUBLISH_COMMANDS, idIsGroup = false)
  public void onCommand(ConsumerRecord<String, byte[]> record) {
    PublishTarget command =
        CloudEventCodec.dataAs(CloudEventCodec.decode(record.value()), PublishTarget.class);
    publisher.publish(command, RetryDelays.attemptOf(record));
  }

  /** Every attempt failed, or the failure was not worth retrying: the target fails. */
  @DltHandler
  public void onDeadLetter(ConsumerRecord<String, byte[]> record) {
    PublishTarget command;
    try {
      command = CloudEventCodec.dataAs(CloudEventCodec.decode(record.value()), PublishTarget.class);
    } catch (RuntimeException e) {
      log.error("Dropping a publish command that cannot be read (offset {})", record.offset(), e);
      return;
    }
    boolean platformUnavailable =
        headerText(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN)
            .or(() -> headerText(record, KafkaHeaders.DLT_EXCEPTION_FQCN))
            .filter(name -> name.equals(TransientPlatformException.class.getName()))
            .isPresent();
    String code = platformUnavailable ? "platform_unavailable" : "publish_failed";
    String fallback =
        platformUnavailable
            ? "The platform was unavailable on every attempt."
            : "Omnipost could not publish this target.";
    if (!platformUnavailable) {
      log.error(
          "Publishing target {} failed unexpectedly: {}",
          command.targetId(),
          headerText(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE).orElse("unknown error"));
    }
    results
        .retriesExhausted(command.targetId(), code, fallback)
        .ifPresent(platform -> metrics.failed(platform, code));
  }

  private static Optional<String> headerText(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? Optional.empty()
        : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }
}
