package dev.omnipost.gateway.accounts;

import dev.omnipost.gateway.brands.BrandAssignment;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The workspace's connected social accounts and the brand each belongs to (a key limited to brands
 * sees only theirs, and moves accounts only between them).
 */
@RestController
class AccountsController {

  private final DatabaseClient db;
  private final BrandAssignment brands;

  AccountsController(DatabaseClient db, BrandAssignment brands) {
    this.db = db;
    this.brands = brands;
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

  /**
   * {@code PATCH /v1/accounts/{id} {"brand_id": "brand_…" | null}}: moves the account to a brand of
   * the workspace, or detaches it ({@code null}). A brand-restricted key can only move accounts it
   * sees to another of its own brands; detaching would take the account out of them (403).
   */
  @PatchMapping("/v1/accounts/{id}")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  Mono<Envelope<AccountView>> update(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    if (body == null || !body.isObject() || !body.has("brand_id")) {
      throw ApiException.invalid(
          "request.missing_field",
          "Send the brand_id to move the account to, or null to detach it",
          Map.of("field", "brand_id"));
    }
    JsonNode brand = body.get("brand_id");
    if (!brand.isNull() && !brand.isString()) {
      throw ApiException.invalid(
          "request.invalid_field",
          "brand_id must be a string or null",
          Map.of("field", "brand_id"));
    }
    if (brand.isNull() && caller.isBrandRestricted()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "auth.brand_restricted",
          "This API key is restricted to brands and can only move accounts between them");
    }
    Mono<Optional<String>> target =
        brand.isNull()
            ? Mono.just(Optional.empty())
            : brands.usable(caller, brand.asString()).map(Optional::of);
    return get(caller, id)
        .then(target)
        .flatMap(brandId -> moveTo(caller, id, brandId.orElse(null)))
        .map(Envelope::of);
  }

  private Mono<AccountView> moveTo(Caller caller, String id, String brandId) {
    DatabaseClient.GenericExecuteSpec update =
        db.sql(
                "UPDATE accounts SET brand_id = :brand, updated_at = now()"
                    + " WHERE workspace_id = :ws AND id = :id"
                    + (caller.isBrandRestricted() ? " AND brand_id = ANY(:brands)" : "")
                    + " RETURNING "
                    + AccountView.COLUMNS)
            .bind("ws", caller.workspaceId())
            .bind("id", id);
    if (caller.isBrandRestricted()) {
      update = update.bind("brands", caller.brandIdArray());
    }
    update =
        brandId == null ? update.bindNull("brand", String.class) : update.bind("brand", brandId);
    return update
        .map(AccountView::fromRow)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("account", id)))
        // the brand was deleted between the check and the update
        .onErrorMap(
            DataIntegrityViolationException.class, failure -> BrandAssignment.unknown(brandId));
  }
}
