package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import dev.omnipost.dispatcher.RecordedSpans;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeliverWebhook;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The attempts the sweeper makes from PostgreSQL's due-queue (ADR 0015) stay in the trace of what
 * caused the delivery (ADR 30): a throttled endpoint's deliveries are parked, swept and sent in
 * their event's trace, and manual attempts, parked or not, in the trace of their command (the
 * gateway's retry request, through the outbox).
 */
class DeliveryTracingTests extends DispatcherIntegrationTest {

  private final CloudEventCodec commands = new CloudEventCodec("/tests");

  @Test
  void parkedDeliveriesAreSweptAndSentInTheTraceOfTheirEvent() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/traced-throttled", n -> 200), List.of(), newSecret());
    throttle(endpoint);
    Map<String, String> traceByEvent = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      CloudEvent event = postCreated(workspace);
      String traceId = newTraceId();
      traceByEvent.put(event.id(), traceId);
      send(Topics.EVENTS, workspace, CloudEventCodec.encode(event), traceId);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                deliveries(endpoint).size() == 4
                    && deliveries(endpoint).stream()
                        .allMatch(d -> "succeeded".equals(d.get("status"))));

    Map<String, String> traceByDelivery = new HashMap<>();
    deliveries(endpoint)
        .forEach(
            d -> traceByDelivery.put((String) d.get("id"), traceByEvent.get(d.get("event_id"))));
    List<SpanData> attempts = attemptSpans(traceByDelivery);
    // at one a second, the first is sent at once and those whose slot is too far wait parked
    List<SpanData> swept =
        attempts.stream().filter(s -> "true".equals(RecordedSpans.attribute(s, "parked"))).toList();
    assertThat(attempts)
        .filteredOn(s -> "parked_throttled".equals(RecordedSpans.attribute(s, "outcome")))
        .isNotEmpty();
    assertThat(swept)
        .filteredOn(s -> "succeeded".equals(RecordedSpans.attribute(s, "outcome")))
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(RecordedSpans.attribute(s, "trigger")).isEqualTo("scheduled");
              assertThat(RecordedSpans.attribute(s, "endpoint_id")).isEqualTo(endpoint);
              assertThat(RecordedSpans.attribute(s, "event_type")).isEqualTo("post.created");
            });
    attempts.forEach(
        s ->
            assertThat(s.getTraceId())
                .as("the trace of delivery %s", RecordedSpans.attribute(s, "delivery_id"))
                .isEqualTo(traceByDelivery.get(RecordedSpans.attribute(s, "delivery_id"))));
    // what the endpoint received says so too
    assertThat(receiver.receivedAt("/traced-throttled"))
        .hasSize(4)
        .allSatisfy(
            r ->
                assertThat(traceByEvent.values())
                    .contains(r.headers().get("traceparent").substring(3, 35)));
  }

  @Test
  void manualAttemptsParkedOrNotContinueTheTraceOfTheirCommand() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/traced-manual", n -> 200), List.of(), newSecret());
    publish(postCreated(workspace));
    publish(postCreated(workspace));
    publish(postCreated(workspace));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                deliveries(endpoint).size() == 3
                    && deliveries(endpoint).stream()
                        .allMatch(d -> "succeeded".equals(d.get("status"))));
    throttle(endpoint);

    Map<String, String> traceByDelivery = new HashMap<>();
    for (Map<String, Object> delivery : deliveries(endpoint)) {
      String deliveryId = (String) delivery.get("id");
      String traceId = newTraceId();
      traceByDelivery.put(deliveryId, traceId);
      CloudEvent command =
          commands.wrap(
              new DeliverWebhook(deliveryId, endpoint, workspace, "manual"), workspace, deliveryId);
      send(Topics.WEBHOOK_DELIVERIES, endpoint, CloudEventCodec.encode(command), traceId);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                traceByDelivery.keySet().stream()
                    .allMatch(
                        d ->
                            attempts(d).stream().anyMatch(a -> "manual".equals(a.get("trigger")))));
    List<SpanData> manual =
        attemptSpans(traceByDelivery).stream()
            .filter(s -> "manual".equals(RecordedSpans.attribute(s, "trigger")))
            .toList();
    assertThat(manual)
        .filteredOn(s -> "true".equals(RecordedSpans.attribute(s, "parked")))
        .as("manual attempts the throttle parked, then swept")
        .isNotEmpty();
    assertThat(manual)
        .allSatisfy(
            s ->
                assertThat(s.getTraceId())
                    .isEqualTo(traceByDelivery.get(RecordedSpans.attribute(s, "delivery_id"))));
  }

  private void throttle(String endpoint) {
    jdbc.sql("UPDATE webhook_endpoints SET rate_limit_per_second = 1 WHERE id = :id")
        .param("id", endpoint)
        .update();
  }

  /** The attempt spans of these deliveries, once each delivery's last one has ended. */
  private List<SpanData> attemptSpans(Map<String, String> traceByDelivery) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        spans.named(DeliveryAttempts.SPAN).stream()
                            .filter(s -> "succeeded".equals(RecordedSpans.attribute(s, "outcome")))
                            .map(s -> RecordedSpans.attribute(s, "delivery_id"))
                            .toList())
                    .as("succeeded attempts among %s", spans.named(DeliveryAttempts.SPAN))
                    .containsAll(traceByDelivery.keySet()));
    return spans.named(DeliveryAttempts.SPAN).stream()
        .filter(s -> traceByDelivery.containsKey(RecordedSpans.attribute(s, "delivery_id")))
        .toList();
  }

  private void send(String topic, String key, byte[] value, String traceId) throws Exception {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    String parentSpan = HexFormat.of().formatHex(randomBytes(8));
    record
        .headers()
        .add(
            "traceparent",
            ("00-" + traceId + "-" + parentSpan + "-01").getBytes(StandardCharsets.US_ASCII));
    kafka.send(record).get(10, TimeUnit.SECONDS);
  }

  private static String newTraceId() {
    return HexFormat.of().formatHex(randomBytes(16));
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] = (byte) (bytes[0] | 0x10);
    return bytes;
  }
}
