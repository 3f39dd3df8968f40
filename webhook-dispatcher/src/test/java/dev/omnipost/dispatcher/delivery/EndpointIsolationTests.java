package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import dev.omnipost.dispatcher.WebhookReceiver;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Isolation, in-flight bound and throttle (ADR 0015), through the real dispatcher, broker and
 * database: the test context allows 4 attempts in flight per endpoint and parks after 300 ms.
 */
class EndpointIsolationTests extends DispatcherIntegrationTest {

  @Autowired EndpointGate gate;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;

  @Test
  void aHangingEndpointDoesNotDelayAnEndpointOnTheSamePartition() throws Exception {
    String workspace = newWorkspace();
    String hangingId = Ids.newId("whk");
    String healthyId = endpointIdOnPartition(partitionOf(hangingId));
    newEndpoint(hangingId, workspace, receiver.hangingUrl("/same-hanging"), List.of(), newSecret());
    newEndpoint(
        healthyId, workspace, receiver.url("/same-healthy", n -> 200), List.of(), newSecret());
    CloudEvent first = postCreated(workspace);
    publish(first);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.receivedAt("/same-hanging").size() == 1);

    CloudEvent second = postCreated(workspace);
    publish(second);

    // the hanging attempt would hold its record for the 10 s request timeout; parked, it holds
    // the partition for 300 ms
    await()
        .atMost(Duration.ofSeconds(4))
        .until(() -> "succeeded".equals(delivery(healthyId, second.id()).get("status")));
    assertThat(receiver.receivedAt("/same-healthy")).hasSize(2);
    // the hanging attempts time out at 10 s and wait, parked, for their retry on schedule
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Map<String, Object> d = delivery(hangingId, first.id());
              return "retrying".equals(d.get("status")) && d.get("parked_until") != null;
            });
    Map<String, Object> hanging = delivery(hangingId, first.id());
    assertThat(attempts((String) hanging.get("id")))
        .first()
        .satisfies(a -> assertThat(a).containsEntry("error_class", "timeout"));
    assertThat(((java.sql.Timestamp) hanging.get("parked_until")).toInstant())
        .isEqualTo(((java.sql.Timestamp) hanging.get("next_attempt_at")).toInstant());
  }

  @Test
  void noMoreThanTheBoundAreInFlightToOneEndpointAndTheRestWaitParked() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.hangingUrl("/bounded-hanging"), List.of(), newSecret());

    double refusedBefore = refusedForTheBound();

    for (int i = 0; i < 7; i++) {
      publish(postCreated(workspace));
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(endpoint).size() == 7);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.receivedAt("/bounded-hanging").size() == 4);
    // the three others are refused again at every sweep while the four hang
    await().atMost(Duration.ofSeconds(8)).until(() -> refusedForTheBound() - refusedBefore >= 9);
    assertThat(gate.inFlight(endpoint)).isEqualTo(4);
    assertThat(receiver.receivedAt("/bounded-hanging")).hasSize(4);
    // four hanging attempts hold leases, three wait for room: none holds a Kafka record
    assertThat(
            deliveries(endpoint).stream()
                .filter(d -> d.get("parked_until") != null && (int) d.get("attempts") == 0)
                .count())
        .isEqualTo(7);
  }

  @Test
  void aBurstToAnEndpointThatAnswersWaitsInItsLineInsteadOfParking() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/burst", n -> 200), List.of(), newSecret());
    double refusedBefore = refusedForTheBound();

    // ten times the in-flight bound, at once
    for (int i = 0; i < 40; i++) {
      publish(postCreated(workspace));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                deliveries(endpoint).size() == 40
                    && deliveries(endpoint).stream()
                        .allMatch(d -> "succeeded".equals(d.get("status"))));
    assertThat(receiver.receivedAt("/burst")).hasSize(40);
    // each ending attempt handed its slot on: no delivery was parked to wait for room
    assertThat(refusedForTheBound()).isEqualTo(refusedBefore);
    assertThat(gate.inFlight(endpoint)).isZero();
    assertThat(gate.waiting(endpoint)).isZero();
  }

  @Test
  void anEndpointsRateLimitSpacesItsAttempts() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/throttled", n -> 200), List.of(), newSecret());
    jdbc.sql("UPDATE webhook_endpoints SET rate_limit_per_second = 4 WHERE id = :id")
        .param("id", endpoint)
        .update();

    for (int i = 0; i < 8; i++) {
      publish(postCreated(workspace));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.receivedAt("/throttled").size() == 8);
    List<Long> times =
        receiver.receivedAt("/throttled").stream()
            .map(WebhookReceiver.Received::atNanos)
            .sorted()
            .toList();
    // 4 per second: send slots 250 ms apart, so 8 sends span at least 7 slots (1.75 s; the
    // bound allows for arrival jitter on a loaded machine) and no three arrive within one slot
    assertThat(Duration.ofNanos(times.get(times.size() - 1) - times.get(0)))
        .isGreaterThan(Duration.ofMillis(1500));
    for (int i = 2; i < times.size(); i++) {
      assertThat(Duration.ofNanos(times.get(i) - times.get(i - 2)))
          .isGreaterThan(Duration.ofMillis(250));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> deliveries(endpoint).stream().allMatch(d -> "succeeded".equals(d.get("status"))));
  }

  private double refusedForTheBound() {
    var counter =
        meters.find("omnipost.webhooks.parked").tag("reason", "in_flight_bound").counter();
    return counter == null ? 0 : counter.count();
  }

  private static String endpointIdOnPartition(int partition) {
    String id;
    do {
      id = Ids.newId("whk");
    } while (partitionOf(id) != partition);
    return id;
  }

  private static int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 6;
  }
}
