package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Automatic disabling after sustained failure (default window 5 days), reset by any success. */
class FailureStreakTests extends DispatcherIntegrationTest {

  @Test
  void anEndpointFailingForTheWholeWindowIsDisabledAndAnnouncedToTheOtherEndpoints()
      throws Exception {
    String workspace = newWorkspace();
    String failing =
        newEndpoint(workspace, receiver.url("/streak-failing", n -> 500), List.of(), newSecret());
    String listener =
        newEndpoint(
            workspace,
            receiver.url("/streak-listener", n -> 200),
            List.of("webhook.endpoint.disabled"),
            newSecret());
    failingSince(failing, "6 days");
    CloudEvent event = postCreated(workspace);

    publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Boolean.FALSE.equals(endpoint(failing).get("enabled")));
    assertThat((String) endpoint(failing).get("disabled_reason"))
        .isEqualTo("Every delivery attempt failed for 5 days");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.receivedAt("/streak-listener").size() == 1);
    JsonNode announced =
        CloudEventCodec.dataMapper()
            .readTree(receiver.receivedAt("/streak-listener").get(0).body());
    assertThat(announced.get("type").asString()).isEqualTo("webhook.endpoint.disabled");
    assertThat(announced.at("/data/endpoint_id").asString()).isEqualTo(failing);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM event_log WHERE workspace_id = :ws"
                        + " AND type = 'webhook.endpoint.disabled' AND subject = :id")
                .param("ws", workspace)
                .param("id", failing)
                .query(Long.class)
                .single())
        .isEqualTo(1L);
    assertThat(endpoint(listener).get("enabled")).isEqualTo(true);
  }

  @Test
  void aSuccessEndsTheStreakAndAFailureStartsOne() throws Exception {
    String workspace = newWorkspace();
    String recovering =
        newEndpoint(workspace, receiver.url("/streak-ok", n -> 200), List.of(), newSecret());
    String fresh =
        newEndpoint(workspace, receiver.url("/streak-new", n -> 500), List.of(), newSecret());
    failingSince(recovering, "6 days");

    publish(postCreated(workspace));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> endpoint(recovering).get("failing_since") == null);
    assertThat(endpoint(recovering).get("enabled")).isEqualTo(true);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> endpoint(fresh).get("failing_since") != null);
    assertThat(endpoint(fresh).get("enabled")).isEqualTo(true);
  }

  private void failingSince(String endpoint, String ago) {
    jdbc.sql(
            "UPDATE webhook_endpoints SET failing_since = now() - CAST(:ago AS interval) WHERE id = :id")
        .param("ago", ago)
        .param("id", endpoint)
        .update();
  }

  private Map<String, Object> endpoint(String id) {
    return jdbc.sql("SELECT * FROM webhook_endpoints WHERE id = :id")
        .param("id", id)
        .query()
        .singleRow();
  }
}
