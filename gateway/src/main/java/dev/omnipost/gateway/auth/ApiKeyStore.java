package dev.omnipost.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds API keys by hash, remembering each answer (found or not) for a short while so the hot path
 * does not query the database on every request. Revoking a key therefore takes effect within {@link
 * #TTL}; expiry is checked on every request.
 */
@Component
class ApiKeyStore {

  static final Duration TTL = Duration.ofSeconds(30);
  private static final int MAX_ENTRIES = 10_000;

  private final DatabaseClient db;
  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  ApiKeyStore(DatabaseClient db) {
    this.db = db;
    this.clock = Clock.systemUTC();
  }

  private record Cached(Optional<StoredApiKey> key, Instant until) {}

  /** The key with this hash, if any (revoked and expired keys included; the caller decides). */
  Mono<Optional<StoredApiKey>> findByHash(String hash) {
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached != null && cached.until().isAfter(now)) {
      return Mono.just(cached.key());
    }
    return load(hash)
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .doOnNext(
            found -> {
              if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
              }
              cache.put(hash, new Cached(found, now.plus(TTL)));
            });
  }

  /** Forgets cached answers, e.g. after a key was created or revoked in this process. */
  void evict(String hash) {
    cache.remove(hash);
  }

  private Mono<StoredApiKey> load(String hash) {
    return db.sql(
            "SELECT k.id, k.workspace_id, k.scopes, k.brand_ids, k.expires_at, k.revoked_at,"
                + " COALESCE(k.rate_limit_per_minute, w.rate_limit_per_minute) AS rate_limit"
                + " FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id"
                + " WHERE k.key_hash = :hash")
        .bind("hash", hash)
        .map(
            row ->
                new StoredApiKey(
                    row.get("id", String.class),
                    row.get("workspace_id", String.class),
                    setOf(row.get("scopes", String[].class)),
                    setOf(row.get("brand_ids", String[].class)),
                    instant(row.get("expires_at", OffsetDateTime.class)),
                    instant(row.get("revoked_at", OffsetDateTime.class)),
                    row.get("rate_limit", Integer.class)))
        .one();
  }

  private static Set<String> setOf(String[] values) {
    return values == null ? Set.of() : Set.copyOf(Arrays.asList(values));
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
