package dev.omnipost.dispatcher.delivery;

import dev.omnipost.dispatcher.WebhookProperties;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.webhooks.WebhookEndpointDisabled;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
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

  // a late duplicate attempt never turns a succeeded delivery back; a manual failure leaves a
  // delivery that is retrying on its schedule as it was
  private static final String UPDATE_DELIVERY =
      """
      WITH p AS (SELECT CAST(:manualFailure AS boolean) AS manual_failure,
                        CAST(:status AS text) AS status, CAST(:attempt AS integer) AS attempt,
                        CAST(:statusCode AS integer) AS status_code,
                        CAST(:next AS timestamptz) AS next, CAST(:parked AS boolean) AS parked)
      UPDATE webhook_deliveries d
      SET status = CASE WHEN p.manual_failure AND d.status = 'retrying' THEN d.status
                        ELSE p.status END,
          attempts = GREATEST(d.attempts, p.attempt), last_status_code = p.status_code,
          next_attempt_at = CASE WHEN p.manual_failure AND d.status = 'retrying'
                                 THEN d.next_attempt_at ELSE p.next END,
          parked_until = CASE WHEN p.status = 'succeeded' THEN NULL
                              WHEN p.manual_failure AND d.status = 'retrying'
                                THEN CASE WHEN p.parked THEN d.next_attempt_at
                                          ELSE d.parked_until END
                              WHEN p.parked THEN p.next
                              ELSE d.parked_until END,
          parked_trigger = CASE WHEN p.parked THEN 'scheduled' ELSE d.parked_trigger END,
          updated_at = now()
      FROM p
      WHERE d.id = :id AND d.status <> 'succeeded'
      """;

  private static final String END_FAILURE_STREAK =
      "UPDATE webhook_endpoints SET failing_since = NULL"
          + " WHERE id = ANY(:ids) AND failing_since IS NOT NULL";

  private static final String START_FAILURE_STREAK =
      "UPDATE webhook_endpoints SET failing_since = now()"
          + " WHERE id = ANY(:ids) AND failing_since IS NULL";

  /** Endpoints whose every attempt failed for the whole window are disabled (duty 9). */
  private static final String DISABLE_FAILING =
      """
      UPDATE webhook_endpoints SET enabled = false, disabled_reason = :reason, updated_at = now()
      WHERE id = ANY(:ids) AND enabled AND deleted_at IS NULL
        AND failing_since <= now() - make_interval(secs => :windowSeconds)
      RETURNING id, workspace_id, url
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
  private final NamedParameterJdbcTemplate named;
  private final JdbcClient client;
  private final Duration disableAfter;

  AttemptRecorder(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      WebhookProperties properties) {
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
    this.client = JdbcClient.create(jdbc);
    this.disableAfter = properties.disableAfter();
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
          named.batchUpdate(
              UPDATE_DELIVERY,
              attempts.stream()
                  .map(AttemptRecorder::deliveryUpdate)
                  .toArray(SqlParameterSource[]::new));
          attempts.stream().filter(a -> a.disableReason() != null).forEach(this::disableEndpoint);
          failureStreaks(attempts);
        });
    return Collections.nCopies(attempts.size(), null);
  }

  private static SqlParameterSource deliveryUpdate(AttemptRecord a) {
    boolean manualFailure = a.manual() && !a.outcome().succeeded();
    return new MapSqlParameterSource()
        .addValue("manualFailure", manualFailure)
        .addValue("status", a.newStatus())
        .addValue("attempt", a.attemptNumber())
        .addValue("statusCode", a.outcome().statusCode(), Types.INTEGER)
        .addValue(
            "next",
            a.nextAttemptAt() == null ? null : Timestamp.from(a.nextAttemptAt()),
            Types.TIMESTAMP)
        .addValue("parked", a.parked())
        .addValue("id", a.delivery().id());
  }

  /**
   * Any success ends an endpoint's failure streak; a failure starts one if none is running; an
   * endpoint whose streak has lasted {@code disable-after} is disabled and announced (to the events
   * log, and so to the workspace's other endpoints that subscribe to it).
   */
  private void failureStreaks(List<AttemptRecord> attempts) {
    Set<String> succeeded = new HashSet<>();
    Set<String> failed = new HashSet<>();
    Map<String, PendingDelivery> byEndpoint = new HashMap<>();
    for (AttemptRecord a : attempts) {
      String endpoint = a.delivery().endpointId();
      byEndpoint.putIfAbsent(endpoint, a.delivery());
      if (a.outcome().succeeded()) {
        succeeded.add(endpoint);
      } else if (!"endpoint_disabled".equals(a.outcome().errorClass())) {
        failed.add(endpoint);
      }
    }
    failed.removeAll(succeeded);
    if (!succeeded.isEmpty()) {
      client.sql(END_FAILURE_STREAK).param("ids", succeeded.toArray(String[]::new)).update();
    }
    if (failed.isEmpty()) {
      return;
    }
    String[] ids = failed.toArray(String[]::new);
    client.sql(START_FAILURE_STREAK).param("ids", ids).update();
    String reason = "Every delivery attempt failed for " + describe(disableAfter);
    client
        .sql(DISABLE_FAILING)
        .param("reason", reason)
        .param("ids", ids)
        .param("windowSeconds", (double) disableAfter.toMillis() / 1000.0)
        .query(
            (rs, n) ->
                new String[] {
                  rs.getString("id"), rs.getString("workspace_id"), rs.getString("url")
                })
        .list()
        .forEach(
            row ->
                outbox.publishEvent(
                    codec.wrap(
                        new WebhookEndpointDisabled(row[0], row[2], reason), row[1], row[0])));
  }

  private static String describe(Duration window) {
    if (window.toHours() >= 24 && window.toHours() % 24 == 0) {
      return window.toDays() + (window.toDays() == 1 ? " day" : " days");
    }
    if (window.toMinutes() >= 60 && window.toMinutes() % 60 == 0) {
      return window.toHours() + (window.toHours() == 1 ? " hour" : " hours");
    }
    return window.toSeconds() + " seconds";
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
