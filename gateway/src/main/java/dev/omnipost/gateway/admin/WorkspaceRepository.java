package dev.omnipost.gateway.admin;

import dev.omnipost.events.Ids;
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

  static final String DEFAULT_PLAN = "agency";
  static final int DEFAULT_AI_CREDITS = 500;

  private final DatabaseClient db;

  WorkspaceRepository(DatabaseClient db) {
    this.db = db;
  }

  Mono<WorkspaceView> create(String name, Integer aiCredits, Integer rateLimitPerMinute) {
    WorkspaceView workspace =
        new WorkspaceView(
            Ids.newId("ws"),
            name,
            DEFAULT_PLAN,
            aiCredits == null ? DEFAULT_AI_CREDITS : aiCredits,
            rateLimitPerMinute,
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    return db.sql(
            "INSERT INTO workspaces"
                + " (id, name, plan, ai_credits_remaining, rate_limit_per_minute, created_at)"
                + " VALUES (:id, :name, :plan, :credits, :rateLimit, :createdAt)")
        .bind("id", workspace.id())
        .bind("name", workspace.name())
        .bind("plan", workspace.plan())
        .bind("credits", workspace.aiCreditsRemaining())
        .bind("rateLimit", Parameter.fromOrEmpty(rateLimitPerMinute, Integer.class))
        .bind("createdAt", workspace.createdAt().atOffset(ZoneOffset.UTC))
        .fetch()
        .rowsUpdated()
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
