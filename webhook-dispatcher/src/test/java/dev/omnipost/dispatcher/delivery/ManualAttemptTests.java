package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.DeliverWebhook;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Manual attempts as the gateway's retry, recover and test routes queue them: any delivery, the
 * same webhook-id, trigger {@code manual}, and no retry schedule of their own.
 */
class ManualAttemptTests extends DispatcherIntegrationTest {

  private final CloudEventCodec commands = new CloudEventCodec("/tests");

  @Test
  void aManualAttemptResendsASucceededDeliveryWithTheSameWebhookId() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/manual-ok", n -> 200), List.of(), newSecret());
    CloudEvent event = postCreated(workspace);
    publish(event);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> "succeeded".equals(delivery(endpoint, event.id()).get("status")));
    String deliveryId = (String) delivery(endpoint, event.id()).get("id");

    sendManual(deliveryId, endpoint, workspace);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.receivedAt("/manual-ok").size() == 2);
    assertThat(receiver.receivedAt("/manual-ok"))
        .allSatisfy(r -> assertThat(r.headers()).containsEntry("webhook-id", event.id()));
    await().atMost(Duration.ofSeconds(10)).until(() -> attempts(deliveryId).size() == 2);
    assertThat(attempts(deliveryId))
        .extracting(a -> a.get("trigger"))
        .containsExactly("scheduled", "manual");
    assertThat(delivery(endpoint, event.id())).containsEntry("status", "succeeded");
  }

  @Test
  void aFailedManualAttemptIsNotRetried() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/manual-fail", n -> 503), List.of(), newSecret());
    String deliveryId = "dlv_manual_" + System.nanoTime();
    jdbc.sql(
            """
            INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type,
                payload, status, attempts)
            VALUES (:id, :ws, :endpoint, :event, 'post.created', '{"type":"post.created"}',
                'failed', 3)
            """)
        .param("id", deliveryId)
        .param("ws", workspace)
        .param("endpoint", endpoint)
        .param("event", "evt_manual_" + System.nanoTime())
        .update();

    sendManual(deliveryId, endpoint, workspace);

    await().atMost(Duration.ofSeconds(30)).until(() -> attempts(deliveryId).size() == 1);
    Map<String, Object> after =
        jdbc.sql("SELECT * FROM webhook_deliveries WHERE id = :id")
            .param("id", deliveryId)
            .query()
            .singleRow();
    assertThat(after).containsEntry("status", "failed").containsEntry("attempts", 4);
    assertThat(after.get("next_attempt_at")).isNull();
    assertThat(after.get("parked_until")).isNull();
    assertThat(attempts(deliveryId).get(0))
        .containsEntry("trigger", "manual")
        .containsEntry("status_code", 503)
        .containsEntry("next_attempt_at", null);
  }

  @Test
  void aManualAttemptOfAnotherWorkspacesDeliveryDoesNothing() throws Exception {
    String workspace = newWorkspace();
    String endpoint =
        newEndpoint(workspace, receiver.url("/manual-foreign", n -> 200), List.of(), newSecret());
    CloudEvent event = postCreated(workspace);
    publish(event);
    await()
        .atMost(Duration.ofSeconds(30))
        // the delivery row exists only once the fan-out ran: until then the lookup throws
        .ignoreExceptions()
        .until(() -> "succeeded".equals(delivery(endpoint, event.id()).get("status")));
    String deliveryId = (String) delivery(endpoint, event.id()).get("id");

    sendManual(deliveryId, endpoint, newWorkspace());
    sendManual(deliveryId, endpoint, workspace);

    await().atMost(Duration.ofSeconds(30)).until(() -> attempts(deliveryId).size() == 2);
    assertThat(receiver.receivedAt("/manual-foreign")).hasSize(2);
  }

  private void sendManual(String deliveryId, String endpoint, String workspace) throws Exception {
    CloudEvent command =
        commands.wrap(
            new DeliverWebhook(deliveryId, endpoint, workspace, "manual"), workspace, deliveryId);
    kafka
        .send(Topics.WEBHOOK_DELIVERIES, endpoint, CloudEventCodec.encode(command))
        .get(10, TimeUnit.SECONDS);
  }
}
