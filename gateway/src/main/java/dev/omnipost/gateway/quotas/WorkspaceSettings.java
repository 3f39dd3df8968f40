package dev.omnipost.gateway.quotas;

import dev.omnipost.gateway.web.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operator's changes to a workspace's plan, limit overrides and rate limit. A change applies to
 * the next request on every gateway instance (limits are read from the database on each use); a
 * lowered limit refuses what would go past it but takes nothing away, and announces nothing.
 */
@Component
public class WorkspaceSettings {

  private final DatabaseClient db;
  private final QuotaProperties plans;
  private final WorkspaceReport report;
  private final TransactionalOperator transactions;

  WorkspaceSettings(
      DatabaseClient db,
      QuotaProperties plans,
      WorkspaceReport report,
      TransactionalOperator gatewayTransactions) {
    this.db = db;
    this.plans = plans;
    this.report = report;
    this.transactions = gatewayTransactions;
  }

  /**
   * Applies a {@code PATCH /v1/admin/workspaces/{id}} body and answers the workspace as it is now:
   * 400 for a bad body, 404 for an unknown workspace.
   */
  public Mono<WorkspaceView> update(String workspaceId, Map<String, Object> body) {
    WorkspaceChange change = WorkspaceChange.parse(body, plans);
    return updateWorkspace(workspaceId, change)
        .flatMap(
            updated ->
                updated == 0
                    ? Mono.error(ApiException.notFound("workspace", workspaceId))
                    : Flux.fromIterable(change.limits().entrySet())
                        .concatMap(
                            limit ->
                                limit.getValue() == null
                                    ? removeOverride(workspaceId, limit.getKey())
                                    : setOverride(workspaceId, limit.getKey(), limit.getValue()))
                        .then())
        .as(transactions::transactional)
        .then(Mono.defer(() -> report.workspace(workspaceId)));
  }

  /** Whether {@code plan} is configured, for the workspace-creating admin route. */
  public boolean hasPlan(String plan) {
    return plans.hasPlan(plan);
  }

  public List<String> planNames() {
    return plans.planNames();
  }

  public String defaultPlan() {
    return plans.defaultPlan();
  }

  /** A plan's default limit of {@code quota}; null is unlimited. */
  public Long planLimit(String plan, Quota quota) {
    return plans.limitsOf(plan).limit(quota);
  }

  /** Sets an override while creating a workspace, in the caller's transaction. */
  public Mono<Void> override(String workspaceId, Quota quota, long limit) {
    return setOverride(workspaceId, quota, limit);
  }

  private Mono<Long> updateWorkspace(String workspaceId, WorkspaceChange change) {
    DatabaseClient.GenericExecuteSpec update =
        db.sql(
                """
                UPDATE workspaces SET
                    plan = COALESCE(:plan, plan),
                    rate_limit_per_minute = CASE WHEN :changeRate THEN :rate ELSE rate_limit_per_minute END
                WHERE id = :id
                """)
            .bind("id", workspaceId)
            .bind("changeRate", change.changesRateLimit());
    update =
        change.plan() == null
            ? update.bindNull("plan", String.class)
            : update.bind("plan", change.plan());
    update =
        change.rateLimitPerMinute() == null
            ? update.bindNull("rate", Integer.class)
            : update.bind("rate", change.rateLimitPerMinute());
    return update.fetch().rowsUpdated();
  }

  private Mono<Void> setOverride(String workspaceId, Quota quota, long limit) {
    return db.sql(
            """
            INSERT INTO workspace_quota_overrides (workspace_id, quota, limit_value)
            VALUES (:ws, :quota, :limit)
            ON CONFLICT (workspace_id, quota) DO UPDATE
                SET limit_value = EXCLUDED.limit_value, updated_at = now()
            """)
        .bind("ws", workspaceId)
        .bind("quota", quota.id())
        .bind("limit", limit)
        .fetch()
        .rowsUpdated()
        .then();
  }

  private Mono<Void> removeOverride(String workspaceId, Quota quota) {
    return db.sql(
            "DELETE FROM workspace_quota_overrides WHERE workspace_id = :ws AND quota = :quota")
        .bind("ws", workspaceId)
        .bind("quota", quota.id())
        .fetch()
        .rowsUpdated()
        .then();
  }
}
