package dev.omnipost.dispatcher.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.dispatcher.DispatcherIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** A deleted endpoint's history stays for the retention period (30 days), then goes. */
class DeletedEndpointPurgeTests extends DispatcherIntegrationTest {

  @Autowired DeletedEndpointPurge purge;
  @Autowired TransactionTemplate transactions;

  @Test
  void purgesOnlyEndpointsDeletedLongerAgoThanTheRetention() {
    String workspace = newWorkspace();
    String expired = newEndpoint(workspace, "https://hooks.example.com/a", List.of(), newSecret());
    String recent = newEndpoint(workspace, "https://hooks.example.com/b", List.of(), newSecret());
    String live = newEndpoint(workspace, "https://hooks.example.com/c", List.of(), newSecret());
    deleted(expired, "31 days");
    deleted(recent, "29 days");
    for (String endpoint : List.of(expired, recent, live)) {
      seedDeliveryWithAttempt(workspace, endpoint);
    }

    transactions.execute(tx -> purge.purgeBatch());

    assertThat(count("webhook_endpoints", "id", expired)).isZero();
    assertThat(count("webhook_deliveries", "endpoint_id", expired)).isZero();
    assertThat(count("webhook_endpoints", "id", recent)).isOne();
    assertThat(count("webhook_deliveries", "endpoint_id", recent)).isOne();
    assertThat(count("webhook_deliveries", "endpoint_id", live)).isOne();
  }

  private void deleted(String endpoint, String ago) {
    jdbc.sql(
            "UPDATE webhook_endpoints SET enabled = false,"
                + " deleted_at = now() - CAST(:ago AS interval) WHERE id = :id")
        .param("ago", ago)
        .param("id", endpoint)
        .update();
  }

  private void seedDeliveryWithAttempt(String workspace, String endpoint) {
    String id = "dlv_" + endpoint;
    jdbc.sql(
            """
            INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type, payload,
                status, attempts)
            VALUES (:id, :ws, :endpoint, :event, 'post.created', '{}', 'succeeded', 1)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("endpoint", endpoint)
        .param("event", "evt_" + endpoint)
        .update();
    jdbc.sql(
            """
            INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, trigger, url, duration_ms)
            VALUES (:id, 1, 'scheduled', 'https://hooks.example.com/', 5)
            """)
        .param("id", id)
        .update();
  }

  private long count(String table, String column, String value) {
    return jdbc.sql("SELECT count(*) FROM " + table + " WHERE " + column + " = :v")
        .param("v", value)
        .query(Long.class)
        .single();
  }
}
