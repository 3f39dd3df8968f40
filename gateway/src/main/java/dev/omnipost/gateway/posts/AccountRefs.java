package dev.omnipost.gateway.posts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.omnipost.gateway.posts.PostComposer.AccountRef;
import dev.omnipost.gateway.web.Caller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What creating a post reads of its accounts, remembered per account id so that {@code POST
 * /v1/posts} does not query {@code accounts} on every request (ADR 35). As with API keys, a
 * remembered row is only trusted while {@link AccountChangeListener} listens on {@code
 * omnipost_accounts}: a trigger announces every change of an account's workspace, brand, platform,
 * status or settings (a disconnect above all) at commit, which evicts it on every gateway instance.
 * While the listener is away every lookup goes to the database, and the cache is cleared when it
 * listens again. Only accounts that exist are remembered, so a new account is found at once. A
 * lookup that was running when an eviction came may have read the old row: its answer is not
 * remembered (a generation counter, bumped by every eviction, tells). {@link #SAFETY_TTL} only
 * bounds the damage of a bug.
 */
@Component
class AccountRefs {

  static final Duration SAFETY_TTL = Duration.ofSeconds(60);
  private static final int MAX_ENTRIES = 50_000;

  /** An account row as the cache keeps it: the caller's workspace and brands are checked on use. */
  record Cached(String workspaceId, String brandId, AccountRef ref) {}

  private final DatabaseClient db;
  private final Cache<String, Cached> cache =
      Caffeine.newBuilder().expireAfterWrite(SAFETY_TTL).maximumSize(MAX_ENTRIES).build();
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean trusted;

  AccountRefs(DatabaseClient db) {
    this.db = db;
  }

  /** The accounts among {@code ids} the caller may post to (its brands' only, if restricted). */
  Mono<Map<String, AccountRef>> find(Caller caller, List<String> ids) {
    Map<String, Cached> found = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      Cached cached = trusted ? cache.getIfPresent(id) : null;
      if (cached != null) {
        found.put(id, cached);
      } else {
        missing.add(id);
      }
    }
    if (missing.isEmpty()) {
      return Mono.just(visible(caller, found));
    }
    long started = generation.get();
    return load(caller.workspaceId(), missing)
        .map(
            loaded -> {
              if (trusted && generation.get() == started) {
                cache.putAll(loaded);
              }
              found.putAll(loaded);
              return visible(caller, found);
            });
  }

  /** Forgets this account, after it changed. */
  void evict(String id) {
    generation.incrementAndGet();
    cache.invalidate(id);
  }

  /** Forgets every account. */
  void evictAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  /** Whether remembered rows may be used; turning it on or off clears the cache. */
  void trustCache(boolean trust) {
    evictAll();
    trusted = trust;
    evictAll();
  }

  boolean isCacheTrusted() {
    return trusted;
  }

  private static Map<String, AccountRef> visible(Caller caller, Map<String, Cached> rows) {
    Map<String, AccountRef> visible = new HashMap<>();
    rows.forEach(
        (id, row) -> {
          if (row.workspaceId().equals(caller.workspaceId())
              && caller.mayAccessBrand(row.brandId())) {
            visible.put(id, row.ref());
          }
        });
    return visible;
  }

  private Mono<Map<String, Cached>> load(String workspaceId, List<String> ids) {
    return db.sql(
            "SELECT id, workspace_id, brand_id, platform, status,"
                + " ARRAY(SELECT jsonb_object_keys(settings)) AS setting_keys"
                + " FROM accounts WHERE workspace_id = :ws AND id = ANY(:ids)")
        .bind("ws", workspaceId)
        .bind("ids", ids.toArray(String[]::new))
        .map(
            row -> {
              String[] keys = row.get("setting_keys", String[].class);
              return new Cached(
                  row.get("workspace_id", String.class),
                  row.get("brand_id", String.class),
                  new AccountRef(
                      row.get("id", String.class),
                      row.get("platform", String.class),
                      row.get("status", String.class),
                      keys == null ? Set.of() : Set.of(keys)));
            })
        .all()
        .collectMap(cached -> cached.ref().id());
  }
}
