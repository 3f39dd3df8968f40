package dev.omnipost.gateway.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds API keys by hash, remembering each answer (found or not) so the hot path does not query the
 * database on every request. A cached answer is only trusted while {@link ApiKeyChangeListener}
 * listens on {@code omnipost_api_keys}: every change to a key (revocation above all) is announced
 * there at commit and evicts it on every gateway instance, so revocation takes effect within the
 * notification's delivery time. While the listener is disconnected (notifications may be missed)
 * every lookup goes to the database, and the cache is cleared when it listens again. {@link
 * #SAFETY_TTL} only bounds the damage of a bug; correctness does not rely on it. Expiry is checked
 * on every request.
 *
 * <p>A lookup that was already running when a change was announced may have read the old row: its
 * answer is dropped rather than cached (a generation counter, bumped by every eviction, tells).
 */
@Component
class ApiKeyStore {

  static final Duration SAFETY_TTL = Duration.ofSeconds(60);
  private static final int MAX_ENTRIES = 10_000;

  private final DatabaseClient db;
  private final AsyncCache<String, Optional<StoredApiKey>> cache =
      Caffeine.newBuilder().expireAfterWrite(SAFETY_TTL).maximumSize(MAX_ENTRIES).buildAsync();
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean trusted;

  ApiKeyStore(DatabaseClient db) {
    this.db = db;
  }

  /** The key with this hash, if any (revoked and expired keys included; the caller decides). */
  Mono<Optional<StoredApiKey>> findByHash(String hash) {
    if (!trusted) {
      return loadOptional(hash);
    }
    CompletableFuture<Optional<StoredApiKey>> answer =
        cache.get(
            hash,
            (ignored, executor) -> {
              long started = generation.get();
              CompletableFuture<Optional<StoredApiKey>> loading = loadOptional(hash).toFuture();
              loading.whenComplete(
                  (value, failure) -> {
                    if (generation.get() != started) {
                      cache.asMap().remove(hash, loading);
                    }
                  });
              return loading;
            });
    // one request giving up must not cancel a lookup other requests share
    return Mono.fromFuture(answer, true);
  }

  /** Forgets what is known about this key, e.g. after it was created or revoked. */
  void evict(String hash) {
    generation.incrementAndGet();
    cache.synchronous().invalidate(hash);
  }

  /** Forgets every key. */
  void evictAll() {
    generation.incrementAndGet();
    cache.synchronous().invalidateAll();
  }

  /**
   * Whether cached answers may be used: true only while every change is being announced to this
   * instance. Turning it on or off clears the cache.
   */
  void trustCache(boolean trust) {
    evictAll();
    trusted = trust;
    evictAll();
  }

  boolean isCacheTrusted() {
    return trusted;
  }

  private Mono<Optional<StoredApiKey>> loadOptional(String hash) {
    return load(hash).map(Optional::of).defaultIfEmpty(Optional.empty());
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
