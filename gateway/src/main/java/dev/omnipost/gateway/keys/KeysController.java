package dev.omnipost.gateway.keys;

import dev.omnipost.gateway.auth.ApiKeyIssuer;
import dev.omnipost.gateway.auth.ApiKeyIssuer.IssuedKey;
import dev.omnipost.gateway.auth.ApiKeyIssuer.KeySpec;
import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A workspace's API keys: create (the full key is shown once), list, read and revoke. A key never
 * hands out more than it holds ({@link KeyRules}), and it sees and revokes only keys it could have
 * created: scopes within its own, and, if it is brand-restricted, brands within its own (others
 * answer 404 like another workspace's), so a client's key cannot revoke the agency's. A key may
 * revoke itself. Revoked keys are gone from every answer (404), and refused on every gateway
 * instance within a second.
 */
@RestController
class KeysController {

  private final DatabaseClient db;
  private final ApiKeyIssuer keys;
  private final TransactionalOperator transactions;
  private final Quotas quotas;
  private final Clock clock = Clock.systemUTC();

  KeysController(
      DatabaseClient db,
      ApiKeyIssuer keys,
      TransactionalOperator gatewayTransactions,
      Quotas quotas) {
    this.db = db;
    this.keys = keys;
    this.transactions = gatewayTransactions;
    this.quotas = quotas;
  }

  @PostMapping("/v1/keys")
  @RequiresScope(Scopes.KEYS_MANAGE)
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<IssuedKey>> create(Caller caller, @RequestBody CreateKeyRequest request) {
    String name = KeyRules.name(request.name());
    List<String> scopes = KeyRules.scopes(request.scopes(), caller);
    List<String> brands = KeyRules.brands(request.brandIds(), caller);
    Instant expiresAt = KeyRules.expiresAt(request.expiresAt(), clock.instant());
    // one transaction: the workspace's key quota counts the insert or refuses it (402)
    return requireBrandsExist(caller, brands)
        .then(ownRateLimit(caller))
        .flatMap(
            own ->
                keys.issue(
                    caller.workspaceId(),
                    new KeySpec(
                        name,
                        scopes,
                        brands,
                        expiresAt,
                        KeyRules.rateLimit(
                            request.rateLimitPerMinute(), caller, own.orElse(null)))))
        .flatMap(
            issued -> quotas.consume(caller.workspaceId(), Quota.API_KEYS, 1).thenReturn(issued))
        .as(transactions::transactional)
        .map(Envelope::of);
  }

  @GetMapping("/v1/keys")
  @RequiresScope(Scopes.KEYS_MANAGE)
  Mono<Page<KeyView>> list(
      Caller caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    SqlQuery query =
        new SqlQuery(
                "SELECT "
                    + KeyView.COLUMNS
                    + " FROM api_keys WHERE workspace_id = :ws AND revoked_at IS NULL")
            .bind("ws", caller.workspaceId());
    withinReach(query, caller);
    if (after != null) {
      query
          .append("AND (created_at, id) < (:afterTime, :afterId)")
          .bind("afterTime", after.createdAt().atOffset(ZoneOffset.UTC))
          .bind("afterId", after.id());
    }
    query.append("ORDER BY created_at DESC, id DESC LIMIT :limit").bind("limit", pageSize + 1);
    return query
        .on(db)
        .map(KeyView::fromRow)
        .all()
        .collectList()
        .map(rows -> Cursor.page(rows, pageSize, KeyView::createdAt, KeyView::id));
  }

  @GetMapping("/v1/keys/{id}")
  @RequiresScope(Scopes.KEYS_MANAGE)
  Mono<Envelope<KeyView>> get(Caller caller, @PathVariable String id) {
    SqlQuery query =
        new SqlQuery(
                "SELECT "
                    + KeyView.COLUMNS
                    + " FROM api_keys WHERE workspace_id = :ws AND id = :id AND revoked_at IS NULL")
            .bind("ws", caller.workspaceId())
            .bind("id", id);
    withinReach(query, caller);
    return query
        .on(db)
        .map(KeyView::fromRow)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("API key", id)))
        .map(Envelope::of);
  }

  @DeleteMapping("/v1/keys/{id}")
  @RequiresScope(Scopes.KEYS_MANAGE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> revoke(Caller caller, @PathVariable String id) {
    return keys.revoke(
            caller.workspaceId(),
            id,
            caller.scopes().toArray(String[]::new),
            caller.brandIds().isEmpty() ? null : caller.brandIds().toArray(String[]::new))
        .flatMap(
            revoked ->
                revoked
                    ? quotas.release(caller.workspaceId(), Quota.API_KEYS, 1)
                    : Mono.<Void>error(ApiException.notFound("API key", id)))
        .as(transactions::transactional);
  }

  /** Only keys the caller could have created: scopes within its own, brands within its own. */
  private static void withinReach(SqlQuery query, Caller caller) {
    query.and(
        "scopes <@ CAST(:ownScopes AS TEXT[])",
        "ownScopes",
        caller.scopes().toArray(String[]::new));
    if (!caller.brandIds().isEmpty()) {
      query.and(
          "brand_ids IS NOT NULL AND cardinality(brand_ids) > 0"
              + " AND brand_ids <@ CAST(:ownBrands AS TEXT[])",
          "ownBrands",
          caller.brandIds().toArray(String[]::new));
    }
  }

  private Mono<Void> requireBrandsExist(Caller caller, List<String> brands) {
    if (brands.isEmpty()) {
      return Mono.empty();
    }
    return db.sql("SELECT id FROM brands WHERE workspace_id = :ws AND id = ANY(:ids)")
        .bind("ws", caller.workspaceId())
        .bind("ids", brands.toArray(String[]::new))
        .map(row -> row.get("id", String.class))
        .all()
        .collectList()
        .flatMap(
            found -> {
              List<String> unknown = new ArrayList<>(brands);
              unknown.removeAll(found);
              return unknown.isEmpty() ? Mono.empty() : Mono.error(KeyRules.unknownBrands(unknown));
            });
  }

  /** The calling key's own rate limit (not its workspace's), if it has one. */
  private Mono<Optional<Integer>> ownRateLimit(Caller caller) {
    return db.sql(
            "SELECT rate_limit_per_minute FROM api_keys WHERE id = :id AND workspace_id = :ws")
        .bind("id", caller.apiKeyId())
        .bind("ws", caller.workspaceId())
        .map(row -> Optional.ofNullable(row.get("rate_limit_per_minute", Integer.class)))
        .one()
        .defaultIfEmpty(Optional.empty());
  }
}
