package dev.omnipost.gateway.auth;

import dev.omnipost.events.Ids;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Creates and revokes API keys. Creation generates the secret, stores only its hash and display
 * prefix, and hands the full key back exactly once; run it inside the caller's transaction (a quota
 * check on the number of keys joins that transaction). Revocation is announced to every gateway
 * instance by the {@code api_keys} trigger ({@link ApiKeyChangeListener}).
 */
@Component
public class ApiKeyIssuer {

  private final DatabaseClient db;
  private final ApiKeyStore store;

  ApiKeyIssuer(DatabaseClient db, ApiKeyStore store) {
    this.db = db;
    this.store = store;
  }

  /**
   * What a new key may do; already validated by the caller.
   *
   * @param brandIds the brands it is restricted to; empty means all brands
   * @param expiresAt null: never expires
   * @param rateLimitPerMinute null: its workspace's (else the gateway's default) limit
   */
  public record KeySpec(
      String name,
      List<String> scopes,
      List<String> brandIds,
      Instant expiresAt,
      Integer rateLimitPerMinute) {

    public KeySpec {
      scopes = List.copyOf(scopes);
      brandIds = brandIds == null ? List.of() : List.copyOf(brandIds);
    }
  }

  /** A freshly created key; {@code key} is the only time the secret is visible. */
  public record IssuedKey(
      String id,
      String name,
      String key,
      String keyPrefix,
      List<String> scopes,
      List<String> brandIds,
      Instant expiresAt,
      Integer rateLimitPerMinute,
      Instant createdAt) {}

  public Mono<IssuedKey> issue(String workspaceId, String name, List<String> scopes) {
    return issue(workspaceId, new KeySpec(name, scopes, List.of(), null, null));
  }

  public Mono<IssuedKey> issue(String workspaceId, KeySpec spec) {
    String key = ApiKeys.generate();
    String hash = ApiKeys.hash(key);
    IssuedKey issued =
        new IssuedKey(
            Ids.newId("key"),
            spec.name(),
            key,
            ApiKeys.displayPrefix(key),
            spec.scopes(),
            spec.brandIds(),
            spec.expiresAt(),
            spec.rateLimitPerMinute(),
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                "INSERT INTO api_keys (id, workspace_id, name, key_prefix, key_hash, scopes,"
                    + " brand_ids, expires_at, rate_limit_per_minute, created_at)"
                    + " VALUES (:id, :ws, :name, :prefix, :hash, :scopes, :brands, :expiresAt,"
                    + " :rateLimit, :createdAt)")
            .bind("id", issued.id())
            .bind("ws", workspaceId)
            .bind("name", spec.name())
            .bind("prefix", issued.keyPrefix())
            .bind("hash", hash)
            .bind("scopes", spec.scopes().toArray(String[]::new))
            .bind("createdAt", issued.createdAt().atOffset(ZoneOffset.UTC));
    insert =
        spec.brandIds().isEmpty()
            ? insert.bindNull("brands", String[].class)
            : insert.bind("brands", spec.brandIds().toArray(String[]::new));
    insert =
        spec.expiresAt() == null
            ? insert.bindNull("expiresAt", OffsetDateTime.class)
            : insert.bind("expiresAt", spec.expiresAt().atOffset(ZoneOffset.UTC));
    insert =
        spec.rateLimitPerMinute() == null
            ? insert.bindNull("rateLimit", Integer.class)
            : insert.bind("rateLimit", spec.rateLimitPerMinute());
    return insert
        .fetch()
        .rowsUpdated()
        .doOnSuccess(ignored -> store.evict(hash))
        .thenReturn(issued);
  }

  /**
   * Revokes a key of this workspace whose scopes lie within {@code withinScopes} and, unless {@code
   * withinBrands} is null, whose brand restriction lies within {@code withinBrands} (it answers 401
   * from then on, on every instance); false when there is no such unrevoked key.
   */
  public Mono<Boolean> revoke(
      String workspaceId, String keyId, String[] withinScopes, String[] withinBrands) {
    String sql =
        "UPDATE api_keys SET revoked_at = now()"
            + " WHERE id = :id AND workspace_id = :ws AND revoked_at IS NULL"
            + " AND scopes <@ CAST(:scopes AS TEXT[])"
            + (withinBrands == null
                ? ""
                : " AND brand_ids IS NOT NULL AND cardinality(brand_ids) > 0"
                    + " AND brand_ids <@ CAST(:brands AS TEXT[])")
            + " RETURNING key_hash";
    DatabaseClient.GenericExecuteSpec update =
        db.sql(sql).bind("id", keyId).bind("ws", workspaceId).bind("scopes", withinScopes);
    if (withinBrands != null) {
      update = update.bind("brands", withinBrands);
    }
    return update
        .map(row -> row.get("key_hash", String.class))
        .one()
        .doOnNext(store::evict)
        .map(hash -> true)
        .defaultIfEmpty(false);
  }
}
