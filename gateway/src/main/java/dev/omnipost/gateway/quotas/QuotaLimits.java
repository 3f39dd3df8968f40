package dev.omnipost.gateway.quotas;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A workspace's limits: its plan's defaults from {@link QuotaProperties}, replaced by the
 * operator's overrides in {@code workspace_quota_overrides}. Read from the database on each use, so
 * an operator's change holds at once on every gateway instance.
 */
@Component
class QuotaLimits {

  /** The largest limit an operator may set (10^15, a petabyte of media). */
  static final long MAX_LIMIT = 1_000_000_000_000_000L;

  private final DatabaseClient db;
  private final QuotaProperties plans;

  QuotaLimits(DatabaseClient db, QuotaProperties plans) {
    this.db = db;
    this.plans = plans;
  }

  /** The limit of one quota; an empty Optional is unlimited. Empty Mono: no such workspace. */
  Mono<Optional<Long>> of(String workspaceId, Quota quota) {
    return db.sql(
            "SELECT w.plan, o.limit_value FROM workspaces w"
                + " LEFT JOIN workspace_quota_overrides o"
                + " ON o.workspace_id = w.id AND o.quota = :quota WHERE w.id = :ws")
        .bind("ws", workspaceId)
        .bind("quota", quota.id())
        .map(
            row -> {
              Long override = row.get("limit_value", Long.class);
              return Optional.ofNullable(
                  override != null
                      ? override
                      : plans.limitsOf(row.get("plan", String.class)).limit(quota));
            })
        .one();
  }

  /** The configured plan names. */
  List<String> planNames() {
    return plans.planNames();
  }

  /**
   * The default limit of {@code quota} on {@code plan} (the default plan's when {@code plan} is
   * null or not configured); null is unlimited.
   */
  Long planDefault(String plan, Quota quota) {
    return plans.limitsOf(plan == null ? plans.defaultPlan() : plan).limit(quota);
  }

  /** Every quota's limit for a workspace on {@code plan}; a null value is unlimited. */
  Mono<Map<Quota, Long>> all(String workspaceId, String plan) {
    return db.sql(
            "SELECT quota, limit_value FROM workspace_quota_overrides WHERE workspace_id = :ws")
        .bind("ws", workspaceId)
        .map(row -> Map.entry(row.get("quota", String.class), row.get("limit_value", Long.class)))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(
            overrides -> {
              Map<Quota, Long> limits = new EnumMap<>(Quota.class);
              for (Quota quota : Quota.values()) {
                Long override = overrides.get(quota.id());
                limits.put(quota, override != null ? override : plans.limitsOf(plan).limit(quota));
              }
              return limits;
            });
  }
}
