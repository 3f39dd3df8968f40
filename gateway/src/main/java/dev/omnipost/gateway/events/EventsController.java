package dev.omnipost.gateway.events;

import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.gateway.web.Timestamps;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/events}: the workspace's domain events, newest first, as written by the outbox
 * next to the state they announce; a way to catch up without webhooks. A key sees only the event
 * types its scopes may read ({@link EventReadScopes}); a brand-restricted key only the events whose
 * subject (post, account, comment, media, webhook endpoint, generation) belongs to its brands,
 * resolved at read time by the database function {@code event_brand_ids}.
 */
@RestController
class EventsController {

  private final DatabaseClient db;
  private final JsonMapper jsonMapper;

  EventsController(DatabaseClient db, JsonMapper jsonMapper) {
    this.db = db;
    this.jsonMapper = jsonMapper;
  }

  record EventView(String id, String type, String subject, Instant occurredAt, JsonNode data) {}

  @GetMapping("/v1/events")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Page<EventView>> list(
      Caller caller,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    SqlQuery query =
        new SqlQuery(
                "SELECT id, type, subject, occurred_at, data::text AS data FROM event_log WHERE workspace_id = :ws")
            .bind("ws", caller.workspaceId())
            .and(
                "split_part(type, '.', 1) = ANY(:families)",
                "families",
                EventReadScopes.readableFamilies(caller).toArray(String[]::new));
    if (caller.isBrandRestricted()) {
      query.and(
          "brands_within(event_brand_ids(workspace_id, type, subject), :brands)",
          "brands",
          caller.brandIdArray());
    }
    if (type != null) {
      query.and("type = :type", "type", type);
    }
    if (since != null) {
      query.and(
          "occurred_at >= :since",
          "since",
          Timestamps.parse("since", since).atOffset(ZoneOffset.UTC));
    }
    if (after != null) {
      query
          .and(
              "(occurred_at, id) < (:afterTime, :afterId)",
              "afterTime",
              after.createdAt().atOffset(ZoneOffset.UTC))
          .bind("afterId", after.id());
    }
    query.append("ORDER BY occurred_at DESC, id DESC LIMIT :limit").bind("limit", pageSize + 1);
    return query
        .on(db)
        .map(
            row ->
                new EventView(
                    row.get("id", String.class),
                    row.get("type", String.class),
                    row.get("subject", String.class),
                    row.get("occurred_at", OffsetDateTime.class).toInstant(),
                    jsonMapper.readTree(row.get("data", String.class))))
        .all()
        .collectList()
        .map(rows -> Cursor.page(rows, pageSize, EventView::occurredAt, EventView::id));
  }
}
