package dev.omnipost.gateway.accounts;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Reads the workspace's connected social accounts (a key limited to brands sees only theirs). */
@RestController
class AccountsController {

  private final DatabaseClient db;

  AccountsController(DatabaseClient db) {
    this.db = db;
  }

  private record Row(AccountView account, OffsetDateTime createdAt) {}

  @GetMapping("/v1/accounts")
  @RequiresScope(Scopes.ACCOUNTS_READ)
  Mono<Page<AccountView>> list(
      Caller caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + AccountView.COLUMNS + " FROM accounts WHERE workspace_id = :ws");
    if (!caller.brandIds().isEmpty()) {
      sql.append(" AND brand_id = ANY(:brands)");
    }
    if (after != null) {
      sql.append(" AND (created_at, id) < (:afterTime, :afterId)");
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    DatabaseClient.GenericExecuteSpec query =
        db.sql(sql.toString()).bind("ws", caller.workspaceId()).bind("limit", pageSize + 1);
    if (!caller.brandIds().isEmpty()) {
      query = query.bind("brands", caller.brandIds().toArray(String[]::new));
    }
    if (after != null) {
      query =
          query
              .bind("afterTime", after.createdAt().atOffset(ZoneOffset.UTC))
              .bind("afterId", after.id());
    }
    return query
        .map(row -> new Row(AccountView.fromRow(row), row.get("created_at", OffsetDateTime.class)))
        .all()
        .collectList()
        .map(
            rows ->
                Cursor.page(rows, pageSize, r -> r.createdAt().toInstant(), r -> r.account().id()))
        .map(
            page -> new Page<>(page.data().stream().map(Row::account).toList(), page.nextCursor()));
  }

  @GetMapping("/v1/accounts/{id}")
  @RequiresScope(Scopes.ACCOUNTS_READ)
  Mono<Envelope<AccountView>> get(Caller caller, @PathVariable String id) {
    return db.sql(
            "SELECT "
                + AccountView.COLUMNS
                + " FROM accounts WHERE workspace_id = :ws AND id = :id")
        .bind("ws", caller.workspaceId())
        .bind("id", id)
        .map(AccountView::fromRow)
        .one()
        .filter(
            account -> caller.brandIds().isEmpty() || caller.brandIds().contains(account.brandId()))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("account", id)))
        .map(Envelope::of);
  }
}
