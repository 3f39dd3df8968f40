package dev.omnipost.gateway.quotas;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads a workspace's plan, limits and current usage for the workspace, usage and admin routes. */
@Component
public class WorkspaceReport {

  private final DatabaseClient db;
  private final QuotaLimits limits;
  private final Clock clock;

  WorkspaceReport(DatabaseClient db, QuotaLimits limits, ObjectProvider<Clock> clock) {
    this.db = db;
    this.limits = limits;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /** The workspace as {@link WorkspaceView}; empty when there is no such workspace. */
  public Mono<WorkspaceView> workspace(String workspaceId) {
    QuotaPeriod month = QuotaPeriod.month(clock.instant());
    return db.sql(
            "SELECT id, name, plan, rate_limit_per_minute, created_at FROM workspaces WHERE id = :ws")
        .bind("ws", workspaceId)
        .map(
            row ->
                new Row(
                    row.get("id", String.class),
                    row.get("name", String.class),
                    row.get("plan", String.class),
                    row.get("rate_limit_per_minute", Integer.class),
                    row.get("created_at", OffsetDateTime.class).toInstant()))
        .one()
        .flatMap(
            row ->
                Mono.zip(limits.all(row.id(), row.plan()), used(row.id(), month))
                    .map(
                        found -> {
                          Map<String, Long> limitsById = new LinkedHashMap<>();
                          Map<String, Long> usageById = new LinkedHashMap<>();
                          for (Quota quota : Quota.values()) {
                            limitsById.put(quota.id(), found.getT1().get(quota));
                            usageById.put(quota.id(), found.getT2().getOrDefault(quota.id(), 0L));
                          }
                          return new WorkspaceView(
                              row.id(),
                              row.name(),
                              row.plan(),
                              limitsById,
                              usageById,
                              row.rateLimitPerMinute(),
                              month.start(),
                              month.resetsAt(),
                              row.createdAt());
                        }));
  }

  /** Every quota's limit, use and what is left, by quota id. */
  Mono<Map<String, QuotaUsageView>> usage(String workspaceId) {
    return workspace(workspaceId)
        .map(
            workspace -> {
              Map<String, QuotaUsageView> usage = new LinkedHashMap<>();
              for (Quota quota : Quota.values()) {
                Long limit = workspace.limits().get(quota.id());
                long used = workspace.usage().get(quota.id());
                usage.put(
                    quota.id(),
                    new QuotaUsageView(
                        limit,
                        used,
                        limit == null ? null : Math.max(0, limit - used),
                        quota.monthly() ? workspace.resetsAt() : null));
              }
              return usage;
            });
  }

  private Mono<Map<String, Long>> used(String workspaceId, QuotaPeriod month) {
    return db.sql(
            "SELECT quota, period, used FROM workspace_usage"
                + " WHERE workspace_id = :ws AND period IN (:month, :standing)")
        .bind("ws", workspaceId)
        .bind("month", month.key())
        .bind("standing", QuotaPeriod.STANDING)
        .map(
            row ->
                new Used(
                    row.get("quota", String.class),
                    row.get("period", String.class),
                    row.get("used", Long.class)))
        .all()
        .filter(
            used ->
                Quota.fromId(used.quota())
                    .map(quota -> QuotaPeriod.STANDING.equals(used.period()) != quota.monthly())
                    .orElse(false))
        .collectMap(Used::quota, Used::used);
  }

  private record Row(
      String id, String name, String plan, Integer rateLimitPerMinute, Instant createdAt) {}

  private record Used(String quota, String period, long used) {}
}
