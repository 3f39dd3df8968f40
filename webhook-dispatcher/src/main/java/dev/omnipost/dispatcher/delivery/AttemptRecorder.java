package dev.omnipost.dispatcher.delivery;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.webhooks.WebhookEndpointDisabled;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores attempts and the deliveries' new state, many per transaction. An attempt's Kafka offset is
 * only committed (or handed to a retry topic) after its future completes, so nothing is
 * acknowledged before it is stored. A 410 disables the endpoint and announces it in the same
 * transaction.
 */
@Component
class AttemptRecorder implements AutoCloseable {

  private static final String INSERT_ATTEMPT =
      """
      INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, trigger, url, status_code,
          response_headers, response_body, duration_ms, error_class, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
      """;

  // a late duplicate attempt never turns a succeeded delivery back
  private static final String UPDATE_DELIVERY =
      """
      UPDATE webhook_deliveries
      SET status = ?, attempts = GREATEST(attempts, ?), last_status_code = ?, next_attempt_at = ?,
          updated_at = now()
      WHERE id = ? AND status <> 'succeeded'
      """;

  private static final String DISABLE_ENDPOINT =
      """
      UPDATE webhook_endpoints SET enabled = false, disabled_reason = ?, updated_at = now()
      WHERE id = ? AND enabled
      """;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final JsonMapper json = CloudEventCodec.dataMapper();
  private final MicroBatcher<AttemptRecord, Void> batcher;

  AttemptRecorder(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.outbox = outbox;
    this.codec = codec;
    this.batcher = new MicroBatcher<>("webhook-attempt-recorder", 500, this::storeAll);
  }

  CompletableFuture<Void> record(AttemptRecord attempt) {
    return batcher.submit(attempt);
  }

  private List<Void> storeAll(List<AttemptRecord> attempts) {
    transactions.executeWithoutResult(
        tx -> {
          jdbc.batchUpdate(
              INSERT_ATTEMPT,
              attempts,
              attempts.size(),
              (ps, a) -> {
                HttpOutcome o = a.outcome();
                ps.setString(1, a.delivery().id());
                ps.setInt(2, a.attemptNumber());
                ps.setString(3, a.trigger());
                ps.setString(4, a.delivery().url());
                ps.setObject(5, o.statusCode(), Types.INTEGER);
                ps.setString(6, json.writeValueAsString(o.responseHeaders()));
                ps.setString(7, o.responseBody());
                ps.setLong(8, o.durationMillis());
                ps.setString(9, o.errorClass());
                ps.setTimestamp(
                    10, a.nextAttemptAt() == null ? null : Timestamp.from(a.nextAttemptAt()));
              });
          jdbc.batchUpdate(
              UPDATE_DELIVERY,
              attempts,
              attempts.size(),
              (ps, a) -> {
                ps.setString(1, a.newStatus());
                ps.setInt(2, a.attemptNumber());
                ps.setObject(3, a.outcome().statusCode(), Types.INTEGER);
                ps.setTimestamp(
                    4, a.nextAttemptAt() == null ? null : Timestamp.from(a.nextAttemptAt()));
                ps.setString(5, a.delivery().id());
              });
          attempts.stream().filter(a -> a.disableReason() != null).forEach(this::disableEndpoint);
        });
    return Collections.nCopies(attempts.size(), null);
  }

  private void disableEndpoint(AttemptRecord attempt) {
    PendingDelivery d = attempt.delivery();
    if (jdbc.update(DISABLE_ENDPOINT, attempt.disableReason(), d.endpointId()) == 1) {
      outbox.publishEvent(
          codec.wrap(
              new WebhookEndpointDisabled(d.endpointId(), d.url(), attempt.disableReason()),
              d.workspaceId(),
              d.endpointId()));
    }
  }

  @Override
  public void close() {
    batcher.close();
  }
}
