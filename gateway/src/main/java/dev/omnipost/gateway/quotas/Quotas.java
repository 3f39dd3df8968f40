package dev.omnipost.gateway.quotas;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.usage.UsageLimitReached;
import dev.omnipost.persistence.outbox.OutboxMessage;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Counts what a workspace uses against its plan's limits. Each count is one guarded statement
 * ({@code … SET used = used + n WHERE used + n <= limit}), so concurrent requests queue on the
 * usage row and can never take the workspace past a limit together; the first write that reaches 80
 * % or 100 % of a limit in a period also queues a {@code usage.limit_reached} event.
 *
 * <p>Call it inside the transaction of the effect it counts, after the effect's own writes, so the
 * count and the effect commit or roll back together (and the usage row stays locked only for the
 * end of the transaction):
 *
 * <pre>{@code
 * insertKey(...)
 *     .then(quotas.consume(caller.workspaceId(), Quota.API_KEYS, 1))   // 402 quota.exceeded
 *     .as(transactions::transactional)
 * }</pre>
 */
@Component
public class Quotas {

  private static final String CONSUME_GUARDED =
      """
      INSERT INTO workspace_usage AS u (workspace_id, quota, period, used)
      SELECT :ws, :quota, :period, :amount WHERE :amount <= :limit
      ON CONFLICT (workspace_id, quota, period) DO UPDATE
          SET used = u.used + EXCLUDED.used, updated_at = now()
          WHERE u.used + EXCLUDED.used <= :limit
      RETURNING u.used, u.announced_percent
      """;

  private static final String CONSUME_UNLIMITED =
      """
      INSERT INTO workspace_usage AS u (workspace_id, quota, period, used)
      VALUES (:ws, :quota, :period, :amount)
      ON CONFLICT (workspace_id, quota, period) DO UPDATE
          SET used = u.used + EXCLUDED.used, updated_at = now()
      RETURNING u.used, u.announced_percent
      """;

  private final DatabaseClient db;
  private final QuotaLimits limits;
  private final ReactiveOutbox outbox;
  private final CloudEventCodec codec;
  private final Clock clock;

  Quotas(
      DatabaseClient db,
      QuotaLimits limits,
      ReactiveOutbox outbox,
      CloudEventCodec codec,
      ObjectProvider<Clock> clock) {
    this.db = db;
    this.limits = limits;
    this.outbox = outbox;
    this.codec = codec;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * Counts {@code amount} against {@code quota} in the current period, or fails with a {@link
   * QuotaExceededException} (402 {@code quota.exceeded}, nothing counted) when that would pass the
   * workspace's limit. Subscribe inside the transaction of the effect being counted.
   *
   * <p>What to count: {@link Quota#POSTS_PER_MONTH} 1 per created post, {@link
   * Quota#AI_CREDITS_PER_MONTH} the generation's credits, {@link Quota#MEDIA_STORAGE_BYTES} the
   * file's size, {@link Quota#WEBHOOK_ENDPOINTS} and {@link Quota#API_KEYS} 1 per created one.
   */
  public Mono<Void> consume(String workspaceId, Quota quota, long amount) {
    return consumeInPeriod(workspaceId, quota, amount).then();
  }

  /**
   * {@link #consume}, answering the period counted in ({@code 2026-12}, or {@code total} for a
   * standing quota), for effects that may be given back later to that same period (AI credits of a
   * generation that fails: {@code ai_generations.credits_period}).
   */
  public Mono<String> consumeInPeriod(String workspaceId, Quota quota, long amount) {
    if (amount < 0) {
      return Mono.error(new IllegalArgumentException("amount must not be negative"));
    }
    QuotaPeriod period = period(quota);
    if (amount == 0) {
      return Mono.just(period.key());
    }
    return limits
        .of(workspaceId, quota)
        .switchIfEmpty(
            Mono.error(() -> new IllegalStateException("No workspace with id " + workspaceId)))
        .flatMap(limit -> count(workspaceId, quota, period, amount, limit))
        .thenReturn(period.key());
  }

  /**
   * The count of {@code amount} against {@code quota} as parts of another data-modifying statement,
   * so that a write and its count take one round trip (ADR 35): the limit lookup and the guarded
   * upsert of {@link #consume} as common table expressions, and result columns that say what
   * happened. Run the statement inside the transaction of the effect, then {@link #settle} its row:
   * that fails with the same 402 as {@link #consume} when the count did not fit (the transaction
   * then rolls the effect back) and announces a newly reached threshold.
   */
  public Counting counting(String workspaceId, Quota quota, long amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive");
    }
    List<String> planNames = limits.planNames();
    return new Counting(
        workspaceId,
        quota,
        period(quota),
        amount,
        planNames.toArray(String[]::new),
        planNames.stream().map(plan -> limits.planDefault(plan, quota)).toArray(Long[]::new),
        limits.planDefault(null, quota));
  }

  /**
   * One count folded into a statement (see {@link #counting}). Its parameters are {@code ws} (the
   * workspace, which the surrounding statement may share) and names starting with {@code quota}.
   */
  public static final class Counting {

    private static final String CTES =
        """
        quota_limit AS (
          SELECT CASE WHEN o.limit_value IS NOT NULL THEN o.limit_value
                      WHEN p.name IS NOT NULL THEN p.lim
                      ELSE CAST(:quotaDefaultLimit AS bigint) END AS lim
          FROM workspaces w
          LEFT JOIN workspace_quota_overrides o ON o.workspace_id = w.id AND o.quota = :quotaId
          LEFT JOIN unnest(CAST(:quotaPlans AS text[]), CAST(:quotaPlanLimits AS bigint[]))
              AS p(name, lim) ON p.name = w.plan
          WHERE w.id = :ws),
        quota_counted AS (
          INSERT INTO workspace_usage AS u (workspace_id, quota, period, used)
          SELECT :ws, :quotaId, :quotaPeriod, :quotaAmount FROM quota_limit l
          WHERE l.lim IS NULL OR :quotaAmount <= l.lim
          ON CONFLICT (workspace_id, quota, period) DO UPDATE
              SET used = u.used + EXCLUDED.used, updated_at = now()
              WHERE (SELECT l.lim IS NULL OR u.used + EXCLUDED.used <= l.lim FROM quota_limit l)
          RETURNING u.used, u.announced_percent)
        """;

    private static final String COLUMNS =
        " EXISTS (SELECT 1 FROM quota_limit) AS quota_workspace,"
            + " (SELECT lim FROM quota_limit) AS quota_limit,"
            + " (SELECT used FROM quota_counted) AS quota_used,"
            + " (SELECT announced_percent FROM quota_counted) AS quota_announced,"
            // the snapshot before this statement: what a refused count reports as used
            + " (SELECT used FROM workspace_usage WHERE workspace_id = :ws AND quota = :quotaId"
            + " AND period = :quotaPeriod) AS quota_used_before";

    private final String workspaceId;
    private final Quota quota;
    private final QuotaPeriod period;
    private final long amount;
    private final String[] plans;
    private final Long[] planLimits;
    private final Long defaultLimit;

    private Counting(
        String workspaceId,
        Quota quota,
        QuotaPeriod period,
        long amount,
        String[] plans,
        Long[] planLimits,
        Long defaultLimit) {
      this.workspaceId = workspaceId;
      this.quota = quota;
      this.period = period;
      this.amount = amount;
      this.plans = plans;
      this.planLimits = planLimits;
      this.defaultLimit = defaultLimit;
    }

    /** Two common table expressions, {@code quota_limit} and {@code quota_counted}. */
    public static String commonTableExpressions() {
      return CTES;
    }

    /** The select list that {@link #read} reads. */
    public static String resultColumns() {
      return COLUMNS;
    }

    /** Binds the count's parameters, {@code ws} included. */
    public DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec statement) {
      DatabaseClient.GenericExecuteSpec bound =
          statement
              .bind("ws", workspaceId)
              .bind("quotaId", quota.id())
              .bind("quotaPeriod", period.key())
              .bind("quotaAmount", amount)
              .bind("quotaPlans", plans)
              .bind("quotaPlanLimits", planLimits);
      return defaultLimit == null
          ? bound.bindNull("quotaDefaultLimit", Long.class)
          : bound.bind("quotaDefaultLimit", defaultLimit);
    }

    /** What the statement's row says about the count. */
    public Outcome read(Readable row) {
      Short announced = row.get("quota_announced", Short.class);
      Long usedBefore = row.get("quota_used_before", Long.class);
      return new Outcome(
          Boolean.TRUE.equals(row.get("quota_workspace", Boolean.class)),
          Optional.ofNullable(row.get("quota_limit", Long.class)),
          row.get("quota_used", Long.class),
          announced == null ? 0 : announced,
          usedBefore == null ? 0 : usedBefore);
    }
  }

  /**
   * What one folded count did: {@code used} is null when it did not fit within {@code limit}.
   *
   * @param workspace whether the workspace exists
   */
  public record Outcome(
      boolean workspace, Optional<Long> limit, Long used, int announced, long usedBefore) {}

  /**
   * Fails with a {@link QuotaExceededException} when the folded count did not fit, else announces a
   * threshold it newly reached; subscribe in the same transaction as the statement.
   */
  public Mono<Void> settle(Counting counting, Outcome outcome) {
    if (!outcome.workspace()) {
      return Mono.error(new IllegalStateException("No workspace with id " + counting.workspaceId));
    }
    if (outcome.used() == null) {
      return Mono.error(
          new QuotaExceededException(
              counting.quota,
              outcome.limit().orElseThrow(),
              outcome.usedBefore(),
              counting.amount,
              counting.period.resetsAt()));
    }
    return outcome.limit().isEmpty()
        ? Mono.empty()
        : announce(
            counting.workspaceId,
            counting.quota,
            counting.period,
            new Usage(outcome.used(), outcome.announced()),
            outcome.limit().get());
  }

  /** The workspace's limit of {@code quota}; an empty Optional is unlimited. */
  public Mono<Optional<Long>> limit(String workspaceId, Quota quota) {
    return limits.of(workspaceId, quota);
  }

  /** What is left of {@code quota} in its current period; an empty Optional is unlimited. */
  public Mono<Optional<Long>> remaining(String workspaceId, Quota quota) {
    QuotaPeriod period = period(quota);
    return limits
        .of(workspaceId, quota)
        .flatMap(
            limit ->
                limit.isEmpty()
                    ? Mono.just(Optional.<Long>empty())
                    : used(workspaceId, quota, period)
                        .map(used -> Optional.of(Math.max(0, limit.get() - used))));
  }

  /**
   * Gives back {@code amount} of a standing quota (media deleted, webhook endpoint deleted, API key
   * revoked), in the transaction of that deletion. Falling below a threshold re-arms its event.
   * Monthly quotas are not given back, except AI credits of a failed generation, which the
   * ai-worker refunds to the period they were counted in.
   */
  public Mono<Void> release(String workspaceId, Quota quota, long amount) {
    if (amount < 0) {
      return Mono.error(new IllegalArgumentException("amount must not be negative"));
    }
    if (amount == 0) {
      return Mono.empty();
    }
    QuotaPeriod period = period(quota);
    return db.sql(
            """
            UPDATE workspace_usage SET used = GREATEST(used - :amount, 0), updated_at = now()
            WHERE workspace_id = :ws AND quota = :quota AND period = :period
            RETURNING used, announced_percent
            """)
        .bind("amount", amount)
        .bind("ws", workspaceId)
        .bind("quota", quota.id())
        .bind("period", period.key())
        .map(
            row ->
                new Usage(row.get("used", Long.class), row.get("announced_percent", Short.class)))
        .one()
        .filter(usage -> !quota.monthly() && usage.announced() > 0)
        .flatMap(
            usage ->
                limits
                    .of(workspaceId, quota)
                    .flatMap(
                        limit -> {
                          int stillMet =
                              limit.map(l -> UsageThresholds.highestMet(usage.used(), l)).orElse(0);
                          return stillMet < usage.announced()
                              ? announced(workspaceId, quota, period, stillMet)
                              : Mono.empty();
                        }))
        .then();
  }

  /** The period {@code quota} counts in now. */
  QuotaPeriod period(Quota quota) {
    return QuotaPeriod.of(quota, clock.instant());
  }

  private Mono<Void> count(
      String workspaceId, Quota quota, QuotaPeriod period, long amount, Optional<Long> limit) {
    DatabaseClient.GenericExecuteSpec statement =
        db.sql(limit.isPresent() ? CONSUME_GUARDED : CONSUME_UNLIMITED)
            .bind("ws", workspaceId)
            .bind("quota", quota.id())
            .bind("period", period.key())
            .bind("amount", amount);
    if (limit.isPresent()) {
      statement = statement.bind("limit", limit.get());
    }
    return statement
        .map(
            row ->
                new Usage(row.get("used", Long.class), row.get("announced_percent", Short.class)))
        .one()
        .switchIfEmpty(
            Mono.defer(
                () ->
                    used(workspaceId, quota, period)
                        .flatMap(
                            used ->
                                Mono.error(
                                    new QuotaExceededException(
                                        quota, limit.get(), used, amount, period.resetsAt())))))
        .flatMap(
            usage ->
                limit.isEmpty()
                    ? Mono.empty()
                    : announce(workspaceId, quota, period, usage, limit.get()));
  }

  private Mono<Void> announce(
      String workspaceId, Quota quota, QuotaPeriod period, Usage usage, long limit) {
    List<Integer> reached = UsageThresholds.newlyReached(usage.used(), limit, usage.announced());
    if (reached.isEmpty()) {
      return Mono.empty();
    }
    List<OutboxMessage> events =
        reached.stream()
            .map(
                percent ->
                    OutboxMessage.event(
                        codec.wrap(
                            new UsageLimitReached(
                                quota.id(), percent, limit, usage.used(), period.resetsAt()),
                            workspaceId,
                            workspaceId)))
            .toList();
    return announced(workspaceId, quota, period, reached.get(reached.size() - 1))
        .then(outbox.appendAll(events));
  }

  private Mono<Void> announced(String workspaceId, Quota quota, QuotaPeriod period, int percent) {
    return db.sql(
            "UPDATE workspace_usage SET announced_percent = :percent"
                + " WHERE workspace_id = :ws AND quota = :quota AND period = :period")
        .bind("percent", (short) percent)
        .bind("ws", workspaceId)
        .bind("quota", quota.id())
        .bind("period", period.key())
        .fetch()
        .rowsUpdated()
        .then();
  }

  private Mono<Long> used(String workspaceId, Quota quota, QuotaPeriod period) {
    return db.sql(
            "SELECT used FROM workspace_usage"
                + " WHERE workspace_id = :ws AND quota = :quota AND period = :period")
        .bind("ws", workspaceId)
        .bind("quota", quota.id())
        .bind("period", period.key())
        .map(row -> row.get("used", Long.class))
        .one()
        .defaultIfEmpty(0L);
  }

  private record Usage(long used, int announced) {}
}
