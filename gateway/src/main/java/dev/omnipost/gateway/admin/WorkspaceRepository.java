package dev.omnipost.gateway.admin;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.WorkspaceSettings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Writes and checks {@code workspaces} rows. */
@Component
class WorkspaceRepository {

  private final DatabaseClient db;
  private final WorkspaceSettings settings;

  WorkspaceRepository(DatabaseClient db, WorkspaceSettings settings) {
    this.db = db;
    this.settings = settings;
  }

  /**
   * Inserts a workspace on {@code plan}; {@code aiCredits}, when given, overrides the plan's AI
   * credits per month; {@code rateLimitPerMinute}, when given, is its keys' default limit.
   * Subscribe inside the caller's transaction.
   */
  Mono<WorkspaceView> create(
      String name, String plan, Integer aiCredits, Integer rateLimitPerMinute) {
    WorkspaceView workspace =
        new WorkspaceView(
            Ids.newId("ws"),
            name,
            plan,
            aiCredits == null
                ? settings.planLimit(plan, Quota.AI_CREDITS_PER_MONTH)
                : Long.valueOf(aiCredits),
            rateLimitPerMinute,
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    Mono<Long> insert =
        db.sql(
                "INSERT INTO workspaces (id, name, plan, rate_limit_per_minute, created_at)"
                    + " VALUES (:id, :name, :plan, :rateLimit, :createdAt)")
            .bind("id", workspace.id())
            .bind("name", workspace.name())
            .bind("plan", workspace.plan())
            .bind("rateLimit", Parameter.fromOrEmpty(rateLimitPerMinute, Integer.class))
            .bind("createdAt", workspace.createdAt().atOffset(ZoneOffset.UTC))
            .fetch()
            .rowsUpdated();
    return insert
        .then(
            aiCredits == null
                ? Mono.empty()
                : settings.override(workspace.id(), Quota.AI_CREDITS_PER_MONTH, aiCredits))
        .thenReturn(workspace);
  }

  Mono<Boolean> exists(String id) {
    return db.sql("SELECT 1 FROM workspaces WHERE id = :id")
        .bind("id", id)
        .fetch()
        .first()
        .hasElement();
  }
}
