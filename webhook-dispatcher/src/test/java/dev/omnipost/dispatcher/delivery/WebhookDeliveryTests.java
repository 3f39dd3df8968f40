package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import dev.omnipost.dispatcher.WebhookReceiver;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class WebhookDeliveryTests extends DispatcherIntegrationTest {

  @Autowired MeterRegistry meters;
  @Autowired EgressGuard egressGuard;

  @Test
  void deliversEachEventOnceWithTheExactSignedBody() throws Exception {
    String workspace = newWorkspace();
    String secret = newSecret();
    String endpoint = newEndpoint(workspace, receiver.url("/signed", n -> 200), List.of(), secret);
    CloudEvent event = postCreated(workspace);

    publish(event);

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.receivedAt("/signed").size() == 1);
    WebhookReceiver.Received request = receiver.receivedAt("/signed").get(0);
    assertThat(request.headers())
        .containsEntry("webhook-id", event.id())
        .containsEntry("content-type", "application/json");
    long timestamp = Long.parseLong(request.headers().get("webhook-timestamp"));
    assertThat(timestamp)
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
    assertThat(request.headers().get("webhook-signature"))
        .isEqualTo("v1," + hmac(secret, event.id() + "." + timestamp + ".", request.body()));
    JsonNode body = CloudEventCodec.dataMapper().readTree(request.body());
    assertThat(body.get("type").asString()).isEqualTo("post.created");
    assertThat(Instant.parse(body.get("timestamp").asString())).isEqualTo(event.time());
    assertThat(body.get("data")).isEqualTo(event.data());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "succeeded".equals(delivery(endpoint, event.id()).get("status")));
    Map<String, Object> delivery = delivery(endpoint, event.id());
    assertThat(delivery.get("payload"))
        .isEqualTo(new String(request.body(), StandardCharsets.UTF_8));
    assertThat(delivery).containsEntry("attempts", 1).containsEntry("last_status_code", 200);
    assertThat(attempts((String) delivery.get("id")))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a)
                    .containsEntry("status_code", 200)
                    .containsEntry("trigger", "scheduled"));
  }

  @Test
  void aRedeliveredEventIsNotSentAgain() throws Exception {
    String workspace = newWorkspace();
    newEndpoint(workspace, receiver.url("/once", n -> 200), List.of("post.created"), newSecret());
    String marker =
        newEndpoint(
            workspace, receiver.url("/marker", n -> 200), List.of("post.scheduled"), newSecret());
    CloudEvent event = postCreated(workspace);
    publish(event);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.receivedAt("/once").size() == 1);

    publish(event);
    // same workspace key, same partition: once the marker arrived, the duplicate was processed
    CloudEvent later =
        new CloudEvent(
            "evt_marker_" + event.id(),
            "/tests",
            "post.scheduled",
            Instant.now(),
            null,
            workspace,
            event.data());
    publish(later);

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.receivedAt("/marker").size() == 1);
    assertThat(deliveries(marker)).hasSize(1);
    assertThat(receiver.receivedAt("/once")).hasSize(1);
  }

  @Test
  void anEndpointSubscribedToOtherTypesGetsNothing() throws Exception {
    String workspace = newWorkspace();
    String other =
        newEndpoint(
            workspace,
            receiver.url("/other-types", n -> 200),
            List.of("post.published"),
            newSecret());
    String matching =
        newEndpoint(
            workspace, receiver.url("/matching", n -> 200), List.of("post.created"), newSecret());
    CloudEvent event = postCreated(workspace);

    publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.receivedAt("/matching").size() == 1);
    assertThat(deliveries(matching)).hasSize(1);
    assertThat(deliveries(other)).isEmpty();
    assertThat(receiver.receivedAt("/other-types")).isEmpty();
  }

  @Test
  void aFailedAttemptIsRetriedWithTheSameWebhookId() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(
            workspace, receiver.url("/flaky", n -> n == 1 ? 500 : 200), List.of(), newSecret());
    CloudEvent event = postCreated(workspace);

    double retryingBefore = outcomes("retrying");
    double succeededBefore = outcomes("succeeded");

    publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "succeeded".equals(delivery(endpoint, event.id()).get("status")));
    assertThat(outcomes("retrying")).isGreaterThan(retryingBefore);
    assertThat(outcomes("succeeded")).isGreaterThan(succeededBefore);
    assertThat(meters.get("omnipost.webhooks.attempt.duration").timer().count())
        .isGreaterThanOrEqualTo(2);
    List<WebhookReceiver.Received> requests = receiver.receivedAt("/flaky");
    assertThat(requests).hasSize(2);
    assertThat(requests)
        .allSatisfy(r -> assertThat(r.headers()).containsEntry("webhook-id", event.id()));
    List<Map<String, Object>> attempts =
        attempts((String) delivery(endpoint, event.id()).get("id"));
    assertThat(attempts).extracting(a -> a.get("status_code")).containsExactly(500, 200);
    assertThat(attempts.get(0).get("next_attempt_at")).isNotNull();
    assertThat(delivery(endpoint, event.id())).containsEntry("attempts", 2);
  }

  @Test
  void aDeliveryThatKeepsFailingEndsFailedAfterTheRetryTopics() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/broken", n -> 503), List.of(), newSecret());
    CloudEvent event = postCreated(workspace);

    publish(event);

    await()
        .atMost(Duration.ofSeconds(45))
        .until(() -> "failed".equals(delivery(endpoint, event.id()).get("status")));
    Map<String, Object> delivery = delivery(endpoint, event.id());
    assertThat(delivery).containsEntry("attempts", 3).containsEntry("last_status_code", 503);
    assertThat(attempts((String) delivery.get("id"))).hasSize(3);
    assertThat(receiver.receivedAt("/broken")).hasSize(3);
  }

  @Test
  void anEndpointAnswering410IsDisabledAndAnnounced() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/gone", n -> 410), List.of(), newSecret());
    CloudEvent event = postCreated(workspace);

    publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "failed".equals(delivery(endpoint, event.id()).get("status")));
    Map<String, Object> row =
        jdbc.sql("SELECT enabled, disabled_reason FROM webhook_endpoints WHERE id = :id")
            .param("id", endpoint)
            .query()
            .singleRow();
    assertThat(row.get("enabled")).isEqualTo(false);
    assertThat((String) row.get("disabled_reason")).contains("410");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM event_log WHERE workspace_id = :ws AND type = 'webhook.endpoint.disabled'")
                .param("ws", workspace)
                .query(Long.class)
                .single())
        .isEqualTo(1L);
    assertThat(receiver.receivedAt("/gone")).hasSize(1);
  }

  @Test
  void aHangingEndpointDoesNotDelayEndpointsOnOtherPartitions() throws Exception {
    // attempts run concurrently, but a consumer only polls again once its whole previous poll is
    // stored, so isolation holds across partitions (one consumer each), not within one
    String workspace = newWorkspace();
    String hangingId = endpointIdOnPartitionOtherThan(-1);
    String healthyId = endpointIdOnPartitionOtherThan(partitionOf(hangingId));
    newEndpoint(hangingId, workspace, receiver.hangingUrl("/hanging"), List.of(), newSecret());
    newEndpoint(healthyId, workspace, receiver.url("/healthy", n -> 200), List.of(), newSecret());
    CloudEvent first = postCreated(workspace);
    publish(first);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.receivedAt("/hanging").size() == 1);

    CloudEvent second = postCreated(workspace);
    publish(second);

    // the hanging attempt holds its connection for the 10 s request timeout
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.receivedAt("/healthy").size() == 2);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "succeeded".equals(delivery(healthyId, second.id()).get("status")));
  }

  private static String endpointIdOnPartitionOtherThan(int partition) {
    String id;
    do {
      id = dev.omnipost.events.Ids.newId("whk");
    } while (partitionOf(id) == partition);
    return id;
  }

  /** Kafka's default partitioner for a String key over the six partitions of the topic. */
  private static int partitionOf(String key) {
    return org.apache.kafka.common.utils.Utils.toPositive(
            org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
        % 6;
  }

  @Test
  void aUrlReachingAPrivateNetworkIsBlockedWithoutRetry() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, "http://169.254.169.254/latest/meta-data", List.of(), newSecret());
    CloudEvent event = postCreated(workspace);

    publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "failed".equals(delivery(endpoint, event.id()).get("status")));
    assertThat(attempts((String) delivery(endpoint, event.id()).get("id")))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a)
                    .containsEntry("error_class", "ssrf_blocked")
                    .containsEntry("status_code", null));
  }

  @Test
  void aNameThatRebindsToLoopbackAfterVettingIsBlockedAndNothingOfTheInternalServiceIsStored()
      throws Exception {
    String workspace = newWorkspace();
    String host = "rebind-" + Ids.randomBase62(6).toLowerCase() + ".example";
    // a rebinding DNS server: public when the gateway vetted the URL, loopback afterwards
    dns.script(host, "93.184.215.14", "127.0.0.1");
    String url = "http://" + host + ":" + internalService.port() + "/internal/secrets";
    assertThat(egressGuard.vet(URI.create(url)))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.215.14");
    String endpoint = newEndpoint(workspace, url, List.of(), newSecret());
    CloudEvent event = postCreated(workspace);

    publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "failed".equals(delivery(endpoint, event.id()).get("status")));
    assertThat(attempts((String) delivery(endpoint, event.id()).get("id")))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a)
                    .containsEntry("error_class", "ssrf_blocked")
                    .containsEntry("status_code", null)
                    .containsEntry("response_body", null));
    assertThat(internalService.received()).isEmpty();
  }

  @Test
  void connectsThroughTheGuardsOwnLookupAndSendsTheOriginalHostHeader() throws Exception {
    String workspace = newWorkspace();
    // a name only the guard's resolver knows: delivered only if the client resolves through it
    String host = "receiver-" + Ids.randomBase62(6).toLowerCase() + ".example";
    dns.script(host, "127.0.0.1");
    receiver.url("/named", n -> 200);
    String endpoint =
        newEndpoint(
            workspace, "http://" + host + ":" + receiver.port() + "/named", List.of(), newSecret());
    CloudEvent event = postCreated(workspace);

    publish(event);

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.receivedAt("/named").size() == 1);
    assertThat(receiver.receivedAt("/named").get(0).headers())
        .containsEntry("host", host + ":" + receiver.port());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "succeeded".equals(delivery(endpoint, event.id()).get("status")));
  }

  @Test
  void aLoopbackPortTheAllowListDoesNotNameIsBlocked() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(
            workspace,
            "http://127.0.0.1:" + internalService.port() + "/actuator/env",
            List.of(),
            newSecret());
    CloudEvent event = postCreated(workspace);

    publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "failed".equals(delivery(endpoint, event.id()).get("status")));
    assertThat(attempts((String) delivery(endpoint, event.id()).get("id")))
        .singleElement()
        .satisfies(a -> assertThat(a).containsEntry("error_class", "ssrf_blocked"));
    assertThat(internalService.received()).isEmpty();
  }

  @Test
  void aHostThatDoesNotResolveIsRetriedAsADnsFailure() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, "https://nowhere.example/hooks", List.of(), newSecret());
    CloudEvent event = postCreated(workspace);

    publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "failed".equals(delivery(endpoint, event.id()).get("status")));
    assertThat(attempts((String) delivery(endpoint, event.id()).get("id")))
        .hasSize(3)
        .allSatisfy(a -> assertThat(a).containsEntry("error_class", "dns_failed"));
  }

  private double outcomes(String outcome) {
    return meters.get("omnipost.webhooks.deliveries").tag("outcome", outcome).counter().count();
  }

  private static String hmac(String secret, String prefix, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    mac.update(prefix.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }
}
