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

  /** A whole batch of attempts in one statement (one parse, one plan, one execution). */
  private static final String INSERT_ATTEMPTS =
      """
      INSERT INTO webhook_delivery_attempts (delivery_id, attempt_number, trigger, url, status_code,
          response_headers, response_body, duration_ms, error_class, next_attempt_at)
      SELECT a.delivery_id, a.attempt_number, a.trigger, a.url, a.status_code,
             a.response_headers::jsonb, a.response_body, a.duration_ms, a.error_class,
             a.next_attempt_at
      FROM unnest(:deliveries::text[], :attempts::integer[], :triggers::text[], :urls::text[],
                  :statusCodes::integer[], :headers::text[], :bodies::text[],
                  :durations::bigint[], :errors::text[], :nexts::timestamptz[])
        AS a(delivery_id, attempt_number, trigger, url, status_code, response_headers,
             response_body, duration_ms, error_class, next_attempt_at)
      """;

  /**
   * {@link #UPDATE_DELIVERY} for a whole batch whose delivery ids are distinct, in one statement
   * (an UPDATE … FROM applies one source row per target row, so a batch naming a delivery twice
   * takes the row-by-row form).
   */
  private static final String UPDATE_DELIVERIES =
      """
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
      FROM unnest(:ids::text[], :manualFailures::boolean[], :statuses::text[],
                  :attempts::integer[], :statusCodes::integer[], :nexts::timestamptz[],
                  :parked::boolean[])
        AS p(id, manual_failure, status, attempt, status_code, next, parked)
      WHERE d.id = p.id AND d.status <> 'succeeded'
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
          insertAttempts(attempts);
          updateDeliveries(attempts);
          attempts.stream().filter(a -> a.disableReason() != null).forEach(this::disableEndpoint);
          failureStreaks(attempts);
        });
    return Collections.nCopies(attempts.size(), null);
  }

  private void insertAttempts(List<AttemptRecord> attempts) {
    int n = attempts.size();
    String[] deliveries = new String[n];
    String[] numbers = new String[n];
    String[] triggers = new String[n];
    String[] urls = new String[n];
    String[] statusCodes = new String[n];
    String[] headers = new String[n];
    String[] bodies = new String[n];
    String[] durations = new String[n];
    String[] errors = new String[n];
    String[] nexts = new String[n];
    for (int i = 0; i < n; i++) {
      AttemptRecord a = attempts.get(i);
      HttpOutcome o = a.outcome();
      deliveries[i] = a.delivery().id();
      numbers[i] = Integer.toString(a.attemptNumber());
      triggers[i] = a.trigger();
      urls[i] = a.delivery().url();
      statusCodes[i] = o.statusCode() == null ? null : o.statusCode().toString();
      headers[i] = json.writeValueAsString(o.responseHeaders());
      bodies[i] = o.responseBody();
      durations[i] = Long.toString(o.durationMillis());
      errors[i] = o.errorClass();
      nexts[i] = a.nextAttemptAt() == null ? null : a.nextAttemptAt().toString();
    }
    client
        .sql(INSERT_ATTEMPTS)
        .param("deliveries", deliveries)
        .param("attempts", numbers)
        .param("triggers", triggers)
        .param("urls", urls)
        .param("statusCodes", statusCodes)
        .param("headers", headers)
        .param("bodies", bodies)
        .param("durations", durations)
        .param("errors", errors)
        .param("nexts", nexts)
        .update();
  }

  private void updateDeliveries(List<AttemptRecord> attempts) {
    int n = attempts.size();
    Set<String> distinct = new HashSet<>();
    for (AttemptRecord a : attempts) {
      distinct.add(a.delivery().id());
    }
    if (distinct.size() < n) {
      // one delivery twice in a batch (a late duplicate): apply them in order, row by row
      named.batchUpdate(
          UPDATE_DELIVERY,
          attempts.stream()
              .map(AttemptRecorder::deliveryUpdate)
              .toArray(SqlParameterSource[]::new));
      return;
    }
    String[] ids = new String[n];
    String[] manualFailures = new String[n];
    String[] statuses = new String[n];
    String[] numbers = new String[n];
    String[] statusCodes = new String[n];
    String[] nexts = new String[n];
    String[] parked = new String[n];
    for (int i = 0; i < n; i++) {
      AttemptRecord a = attempts.get(i);
      ids[i] = a.delivery().id();
      manualFailures[i] = Boolean.toString(a.manual() && !a.outcome().succeeded());
      statuses[i] = a.newStatus();
      numbers[i] = Integer.toString(a.attemptNumber());
      statusCodes[i] =
          a.outcome().statusCode() == null ? null : a.outcome().statusCode().toString();
      nexts[i] = a.nextAttemptAt() == null ? null : a.nextAttemptAt().toString();
      parked[i] = Boolean.toString(a.parked());
    }
    client
        .sql(UPDATE_DELIVERIES)
        .param("ids", ids)
        .param("manualFailures", manualFailures)
        .param("statuses", statuses)
        .param("attempts", numbers)
        .param("statusCodes", statusCodes)
        .param("nexts", nexts)
        .param("parked", parked)
        .update();
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
