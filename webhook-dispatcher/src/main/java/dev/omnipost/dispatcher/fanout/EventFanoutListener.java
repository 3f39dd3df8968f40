package dev.omnipost.dispatcher.fanout;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.EventCatalogue;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeliverWebhook;
import dev.omnipost.persistence.tracing.TraceContexts;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Fans domain events out to the workspace's subscribed endpoints: records a delivery per (endpoint,
 * event) and hands each to the deliveries topic (keyed by endpoint, so one endpoint's deliveries
 * share a partition). The batch's offsets are committed only after every hand-off was acknowledged
 * by the broker. Commands on the events topic are not webhook events and are skipped.
 */
@Component
class EventFanoutListener {

  private static final long HAND_OFF_TIMEOUT_SECONDS = 30;

  private final DeliveryPlanner planner;
  private final KafkaTemplate<String, byte[]> kafka;
  private final CloudEventCodec codec;
  private final TraceContexts traces;

  EventFanoutListener(
      DeliveryPlanner planner,
      KafkaTemplate<String, byte[]> kafka,
      CloudEventCodec codec,
      TraceContexts traces) {
    this.planner = planner;
    this.kafka = kafka;
    this.codec = codec;
    this.traces = traces;
  }

  @KafkaListener(
      id = "webhook-fanout",
      topics = Topics.EVENTS,
      containerFactory = "webhookFanoutContainerFactory",
      concurrency = "${omnipost.webhooks.fanout-concurrency:3}")
  public void onEvents(List<ConsumerRecord<String, byte[]>> records) {
    List<CloudEvent> events = new ArrayList<>(records.size());
    Map<String, String> traceparents = new HashMap<>();
    IllegalArgumentException malformed = null;
    int malformedIndex = -1;
    for (int i = 0; i < records.size(); i++) {
      try {
        CloudEvent event = CloudEventCodec.decode(records.get(i).value());
        if (EventCatalogue.contains(event.type())) {
          events.add(event);
          Header traceparent = records.get(i).headers().lastHeader(TraceContexts.TRACEPARENT);
          if (traceparent != null && traceparent.value() != null) {
            traceparents.put(
                event.id(), new String(traceparent.value(), StandardCharsets.US_ASCII));
          }
        }
      } catch (IllegalArgumentException e) {
        malformed = e;
        malformedIndex = i;
        break;
      }
    }
    handOff(planner.planDeliveries(events), traceparents);
    if (malformed != null) {
      // the events before it are done; the error handler skips this one and resumes after it
      throw new BatchListenerFailedException("malformed CloudEvent", malformed, malformedIndex);
    }
  }

  private void handOff(List<DeliveryPlanner.Planned> planned, Map<String, String> traceparents) {
    List<CompletableFuture<?>> sends = new ArrayList<>(planned.size());
    for (DeliveryPlanner.Planned delivery : planned) {
      DeliverWebhook command = delivery.command();
      CloudEvent envelope = codec.wrap(command, command.workspaceId(), command.deliveryId());
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(
              Topics.WEBHOOK_DELIVERIES, command.endpointId(), CloudEventCodec.encode(envelope));
      record
          .headers()
          .add(
              CloudEventCodec.CONTENT_TYPE_HEADER,
              CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
      // each delivery continues its event's trace, through a fan-out span of its own (ADR 26)
      String eventTrace = traceparents.get(delivery.eventId());
      Span span =
          traces.start("webhook fan-out", eventTrace).tag("endpoint_id", command.endpointId());
      String traceparent = traces.of(span);
      span.end();
      traceparent = traceparent != null ? traceparent : eventTrace;
      if (traceparent != null) {
        record
            .headers()
            .add(TraceContexts.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
      }
      sends.add(kafka.send(record));
    }
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(HAND_OFF_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing deliveries off", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "deliveries could not be handed to " + Topics.WEBHOOK_DELIVERIES, e);
    }
  }
}
