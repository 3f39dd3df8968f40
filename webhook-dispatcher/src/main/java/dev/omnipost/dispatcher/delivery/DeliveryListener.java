package dev.omnipost.dispatcher.delivery;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeliverWebhook;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@link DeliverWebhook} commands: the first attempt on the deliveries topic, later ones
 * on its retry topics (configured in {@code DeliveryRetryConfiguration}), and gives up on the
 * dead-letter topic. Attempts run asynchronously: the listener returns at once and the offset is
 * committed (out of order) when the attempt is stored, so one slow endpoint holds back nothing but
 * its own deliveries.
 */
@Component
class DeliveryListener {

  private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);

  private final DeliveryAttempts attempts;
  private final DeliveryMetrics metrics;

  DeliveryListener(DeliveryAttempts attempts, DeliveryMetrics metrics) {
    this.attempts = attempts;
    this.metrics = metrics;
  }

  @KafkaListener(
      id = "webhook-delivery",
      topics = Topics.WEBHOOK_DELIVERIES,
      concurrency = "${omnipost.webhooks.delivery-concurrency:6}")
  public CompletableFuture<Void> onDeliverWebhook(ConsumerRecord<String, byte[]> record) {
    try {
      return attempts.attempt(command(record), traceparent(record));
    } catch (RuntimeException e) {
      // an async listener must turn even a synchronous failure into its future
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The delivery exhausted its retry topics: it has failed for good. */
  public void onDeadLetter(ConsumerRecord<String, byte[]> record) {
    metrics.deadLettered();
    DeliverWebhook command;
    try {
      command = command(record);
    } catch (IllegalArgumentException e) {
      log.warn(
          "Dropping a malformed webhook delivery command at {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset());
      return;
    }
    attempts.giveUp(command.deliveryId());
  }

  /** The trace the command continues: its event's, through the fan-out (ADR 26). */
  private static String traceparent(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(TraceContexts.TRACEPARENT);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.US_ASCII);
  }

  private static DeliverWebhook command(ConsumerRecord<String, byte[]> record) {
    return CloudEventCodec.dataAs(CloudEventCodec.decode(record.value()), DeliverWebhook.class);
  }
}
