package dev.omnipost.gateway.quotas;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.usage.UsageLimitReached;
import dev.omnipost.persistence.outbox.OutboxMessage;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
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
