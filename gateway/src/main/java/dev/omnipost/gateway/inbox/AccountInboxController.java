package dev.omnipost.gateway.inbox;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PlatformConnectors;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An account's side of the inbox: its mentions, and an on-demand sync ({@code requested_at} on its
 * cursors, which the inbox-ingestor's next round takes first, ahead of its pacing gap).
 */
@RestController
class AccountInboxController {

  private final DatabaseClient db;
  private final PlatformConnectors connectors;

  AccountInboxController(DatabaseClient db, PlatformConnectors connectors) {
    this.db = db;
    this.connectors = connectors;
  }

  @GetMapping("/v1/accounts/{id}/mentions")
  @RequiresScope(Scopes.INBOX_READ)
  Mono<Page<MentionView>> mentions(
      Caller caller,
      @PathVariable String id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    return account(caller, id)
        .flatMap(
            account -> {
              if (!supports(account, InboxOperation.LIST_MENTIONS)) {
                throw unsupported(account.platform(), InboxOperation.LIST_MENTIONS);
              }
              String sql =
                  "SELECT "
                      + MentionView.COLUMNS
                      + " FROM inbox_mentions m WHERE m.workspace_id = :ws AND m.account_id = :id"
                      + (after == null ? "" : " AND (m.created_at, m.id) < (:afterTime, :afterId)")
                      + " ORDER BY m.created_at DESC, m.id DESC LIMIT :limit";
              DatabaseClient.GenericExecuteSpec query =
                  db.sql(sql)
                      .bind("ws", caller.workspaceId())
                      .bind("id", id)
                      .bind("limit", pageSize + 1);
              if (after != null) {
                query =
                    query
                        .bind("afterTime", after.createdAt().atOffset(ZoneOffset.UTC))
                        .bind("afterId", after.id());
              }
              return query
                  .map(MentionView::fromRow)
                  .all()
                  .collectList()
                  .map(
                      rows -> Cursor.page(rows, pageSize, MentionView::createdAt, MentionView::id));
            });
  }

  @PostMapping("/v1/accounts/{id}/sync")
  @RequiresScope(Scopes.INBOX_WRITE)
  Mono<ResponseEntity<Envelope<Map<String, Object>>>> sync(Caller caller, @PathVariable String id) {
    return account(caller, id)
        .flatMap(
            account -> {
              List<String> kinds = new ArrayList<>();
              if (supports(account, InboxOperation.LIST_COMMENTS)) {
                kinds.add("comments");
              }
              if (supports(account, InboxOperation.LIST_MENTIONS)) {
                kinds.add("mentions");
              }
              if (supports(account, InboxOperation.LIST_REVIEWS)) {
                kinds.add("reviews");
              }
              if (supports(account, InboxOperation.LIST_MESSAGES)) {
                kinds.add("messages");
              }
              if (kinds.isEmpty()) {
                throw unsupported(account.platform(), InboxOperation.LIST_COMMENTS);
              }
              if (!"connected".equals(account.status())) {
                throw new ApiException(
                    HttpStatus.CONFLICT,
                    "account.not_connected",
                    "The account is " + account.status() + "; reconnect it first",
                    Map.of("account_id", id, "status", account.status()));
              }
              return Flux.fromIterable(kinds)
                  .concatMap(
                      kind ->
                          db.sql(
                                  """
                                  INSERT INTO inbox_cursors (account_id, kind, synced_at, requested_at)
                                  VALUES (:id, :kind, 'epoch', now())
                                  ON CONFLICT (account_id, kind) DO UPDATE SET requested_at = now()
                                  """)
                              .bind("id", id)
                              .bind("kind", kind)
                              .fetch()
                              .rowsUpdated())
                  .then(
                      Mono.fromSupplier(
                          () -> {
                            Map<String, Object> data = new LinkedHashMap<>();
                            data.put("account_id", id);
                            data.put("status", "queued");
                            data.put("kinds", kinds);
                            return ResponseEntity.status(HttpStatus.ACCEPTED)
                                .body(Envelope.of(data));
                          }));
            });
  }

  private Mono<AccountRow> account(Caller caller, String id) {
    String sql =
        "SELECT a.id, a.platform, a.status FROM accounts a WHERE a.workspace_id = :ws AND a.id = :id"
            + (caller.isBrandRestricted() ? " AND a.brand_id = ANY(:brands)" : "");
    DatabaseClient.GenericExecuteSpec query =
        db.sql(sql).bind("ws", caller.workspaceId()).bind("id", id);
    if (caller.isBrandRestricted()) {
      query = query.bind("brands", caller.brandIdArray());
    }
    return query
        .map(
            row ->
                new AccountRow(
                    row.get("id", String.class),
                    row.get("platform", String.class),
                    row.get("status", String.class)))
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("account", id)));
  }

  private boolean supports(AccountRow account, InboxOperation operation) {
    return Platform.fromId(account.platform())
        .flatMap(connectors::forPlatform)
        .map((PlatformConnector c) -> c.supports(operation))
        .orElse(false);
  }

  private static ApiException unsupported(String platform, InboxOperation operation) {
    return new ApiException(
        HttpStatus.NOT_IMPLEMENTED,
        "platform.unsupported_operation",
        platform + " does not support " + operation.description(),
        Map.of("platform", platform, "operation", operation.id()));
  }

  private record AccountRow(String id, String platform, String status) {}
}
