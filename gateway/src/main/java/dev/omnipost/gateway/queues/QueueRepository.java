package dev.omnipost.gateway.queues;

import dev.omnipost.gateway.queues.QueueRules.Schedule;
import dev.omnipost.gateway.queues.QueueView.SlotView;
import dev.omnipost.gateway.web.Caller;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes {@code posting_queues}, and the slots an account's live targets occupy. */
@Component
class QueueRepository {

  private static final String COLUMNS = "account_id, timezone, slots::text AS slots, updated_at";

  /** Targets that hold their due time: waiting, being published or published. */
  private static final String LIVE = "('scheduled', 'queued', 'publishing', 'published')";

  private final DatabaseClient db;
  private final JsonMapper jsonMapper;

  QueueRepository(DatabaseClient db, JsonMapper jsonMapper) {
    this.db = db;
    this.jsonMapper = jsonMapper;
  }

  /** A stored queue and when it last changed. */
  record StoredQueue(String accountId, Schedule schedule, Instant updatedAt) {}

  /** Whether the caller may see the account: its workspace's, and its brands' if restricted. */
  Mono<Boolean> accountVisible(Caller caller, String accountId) {
    DatabaseClient.GenericExecuteSpec query =
        db.sql(
                "SELECT 1 FROM accounts WHERE workspace_id = :ws AND id = :id"
                    + (caller.isBrandRestricted() ? " AND brand_id = ANY(:brands)" : ""))
            .bind("ws", caller.workspaceId())
            .bind("id", accountId);
    if (caller.isBrandRestricted()) {
      query = query.bind("brands", caller.brandIdArray());
    }
    return query.map(row -> true).first().defaultIfEmpty(false);
  }

  Mono<StoredQueue> find(String workspaceId, String accountId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM posting_queues WHERE workspace_id = :ws AND account_id = :id")
        .bind("ws", workspaceId)
        .bind("id", accountId)
        .map(this::row)
        .one();
  }

  /** Creates or replaces the account's queue. */
  Mono<StoredQueue> save(String workspaceId, String accountId, Schedule schedule) {
    return db.sql(
            "INSERT INTO posting_queues (account_id, workspace_id, timezone, slots)"
                + " VALUES (:id, :ws, :timezone, CAST(:slots AS jsonb))"
                + " ON CONFLICT (account_id) DO UPDATE SET timezone = EXCLUDED.timezone,"
                + " slots = EXCLUDED.slots, updated_at = now()"
                + " WHERE posting_queues.workspace_id = EXCLUDED.workspace_id"
                + " RETURNING "
                + COLUMNS)
        .bind("id", accountId)
        .bind("ws", workspaceId)
        .bind("timezone", schedule.zone().getId())
        .bind("slots", jsonMapper.writeValueAsString(schedule.views()))
        .map(this::row)
        .one();
  }

  Mono<Void> delete(String workspaceId, String accountId) {
    return db.sql("DELETE FROM posting_queues WHERE workspace_id = :ws AND account_id = :id")
        .bind("ws", workspaceId)
        .bind("id", accountId)
        .fetch()
        .rowsUpdated()
        .then();
  }

  /**
   * The queues of {@code accountIds}, each row locked until the caller's transaction ends, in
   * account order (so two posts to overlapping accounts lock in the same order and never deadlock).
   * Subscribe inside the transaction that stores the targets.
   */
  Flux<StoredQueue> lock(String workspaceId, List<String> accountIds) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM posting_queues WHERE workspace_id = :ws AND account_id = ANY(:ids)"
                + " ORDER BY account_id FOR UPDATE")
        .bind("ws", workspaceId)
        .bind("ids", accountIds.toArray(String[]::new))
        .map(this::row)
        .all();
  }

  /** The due times after {@code after} of the accounts' live targets, by account. */
  Mono<Map<String, Set<Instant>>> taken(
      String workspaceId, List<String> accountIds, Instant after) {
    return db.sql(
            "SELECT account_id, due_at FROM post_targets"
                + " WHERE workspace_id = :ws AND account_id = ANY(:ids) AND due_at > :after"
                + " AND status IN "
                + LIVE)
        .bind("ws", workspaceId)
        .bind("ids", accountIds.toArray(String[]::new))
        .bind("after", after.atOffset(ZoneOffset.UTC))
        .map(
            row ->
                Map.entry(
                    row.get("account_id", String.class),
                    row.get("due_at", OffsetDateTime.class).toInstant()))
        .all()
        .collect(
            Collectors.groupingBy(
                Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
  }

  private StoredQueue row(Readable row) {
    SlotView[] slots = jsonMapper.readValue(row.get("slots", String.class), SlotView[].class);
    return new StoredQueue(
        row.get("account_id", String.class),
        QueueRules.stored(row.get("timezone", String.class), Arrays.asList(slots)),
        row.get("updated_at", OffsetDateTime.class).toInstant());
  }
}
