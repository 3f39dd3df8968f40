package dev.omnipost.gateway.inbox;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.gateway.web.Timestamps;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Reads the comments the inbox-ingestor gathered, newest first. A key restricted to some brands
 * sees only the comments of those brands' accounts.
 */
@RestController
class InboxCommentsController {

  private final DatabaseClient db;

  InboxCommentsController(DatabaseClient db) {
    this.db = db;
  }

  @GetMapping("/v1/inbox/comments")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Page<CommentView>> list(
      Caller caller,
      @RequestParam(name = "account_id", required = false) String accountId,
      @RequestParam(name = "post_id", required = false) String postId,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    Instant sinceTime = parseSince(since);

    StringBuilder sql =
        new StringBuilder(
            "SELECT " + CommentView.COLUMNS + " FROM inbox_comments c WHERE c.workspace_id = :ws");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("ws", caller.workspaceId());
    brandFilter(caller, sql, params);
    if (accountId != null && !accountId.isBlank()) {
      sql.append(" AND c.account_id = :account");
      params.put("account", accountId);
    }
    if (postId != null && !postId.isBlank()) {
      sql.append(" AND c.post_id = :post");
      params.put("post", postId);
    }
    sql.append(statusFilter(status));
    if (sinceTime != null) {
      sql.append(" AND c.created_at >= :since");
      params.put("since", sinceTime.atOffset(ZoneOffset.UTC));
    }
    if (after != null) {
      sql.append(" AND (c.created_at, c.id) < (:afterTime, :afterId)");
      params.put("afterTime", after.createdAt().atOffset(ZoneOffset.UTC));
      params.put("afterId", after.id());
    }
    sql.append(" ORDER BY c.created_at DESC, c.id DESC LIMIT :limit");
    params.put("limit", pageSize + 1);

    DatabaseClient.GenericExecuteSpec query = db.sql(sql.toString());
    for (Map.Entry<String, Object> param : params.entrySet()) {
      query = query.bind(param.getKey(), param.getValue());
    }
    return query
        .map(CommentView::fromRow)
        .all()
        .collectList()
        .map(rows -> Cursor.page(rows, pageSize, CommentView::createdAt, CommentView::id));
  }

  @GetMapping("/v1/inbox/comments/{id}")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Envelope<CommentView>> get(Caller caller, @PathVariable String id) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + CommentView.COLUMNS
                + " FROM inbox_comments c WHERE c.workspace_id = :ws AND c.id = :id");
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("ws", caller.workspaceId());
    params.put("id", id);
    brandFilter(caller, sql, params);
    DatabaseClient.GenericExecuteSpec query = db.sql(sql.toString());
    for (Map.Entry<String, Object> param : params.entrySet()) {
      query = query.bind(param.getKey(), param.getValue());
    }
    return query
        .map(CommentView::fromRow)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("comment", id)))
        .map(Envelope::of);
  }

  /** The comment's replies, oldest first (the account's own replies included). */
  @GetMapping("/v1/inbox/comments/{id}/replies")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Page<CommentView>> replies(
      Caller caller,
      @PathVariable String id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    return get(caller, id)
        .flatMap(
            parent -> {
              StringBuilder sql =
                  new StringBuilder(
                      "SELECT "
                          + CommentView.COLUMNS
                          + " FROM inbox_comments c WHERE c.workspace_id = :ws AND c.parent_id = :id"
                          + " AND c.deleted_at IS NULL");
              Map<String, Object> params = new LinkedHashMap<>();
              params.put("ws", caller.workspaceId());
              params.put("id", id);
              if (after != null) {
                sql.append(" AND (c.created_at, c.id) > (:afterTime, :afterId)");
                params.put("afterTime", after.createdAt().atOffset(ZoneOffset.UTC));
                params.put("afterId", after.id());
              }
              sql.append(" ORDER BY c.created_at, c.id LIMIT :limit");
              params.put("limit", pageSize + 1);
              DatabaseClient.GenericExecuteSpec query = db.sql(sql.toString());
              for (Map.Entry<String, Object> param : params.entrySet()) {
                query = query.bind(param.getKey(), param.getValue());
              }
              return query
                  .map(CommentView::fromRow)
                  .all()
                  .collectList()
                  .map(
                      rows -> Cursor.page(rows, pageSize, CommentView::createdAt, CommentView::id));
            });
  }

  /**
   * {@code status}: {@code visible} (neither hidden nor deleted), {@code hidden}, {@code deleted};
   * left out, every comment that is not deleted.
   */
  private static String statusFilter(String status) {
    if (status == null || status.isBlank()) {
      return " AND c.deleted_at IS NULL";
    }
    return switch (status) {
      case "visible" -> " AND c.deleted_at IS NULL AND NOT c.hidden";
      case "hidden" -> " AND c.deleted_at IS NULL AND c.hidden";
      case "deleted" -> " AND c.deleted_at IS NOT NULL";
      default ->
          throw ApiException.invalid(
              "request.invalid_field",
              "status must be one of visible, hidden, deleted",
              Map.of("field", "status", "valid_values", List.of("visible", "hidden", "deleted")));
    };
  }

  private static void brandFilter(Caller caller, StringBuilder sql, Map<String, Object> params) {
    if (!caller.brandIds().isEmpty()) {
      sql.append(
          " AND c.account_id IN (SELECT a.id FROM accounts a WHERE a.workspace_id = :ws AND a.brand_id = ANY(:brands))");
      params.put("brands", caller.brandIds().toArray(String[]::new));
    }
  }

  private static Instant parseSince(String since) {
    return since == null || since.isBlank() ? null : Timestamps.parse("since", since);
  }
}
