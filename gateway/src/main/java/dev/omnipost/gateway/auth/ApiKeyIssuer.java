package dev.omnipost.gateway.auth;

import dev.omnipost.events.Ids;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Creates API keys: generates the secret, stores only its hash and display prefix, and hands the
 * full key back exactly once. Run it inside the caller's transaction.
 */
@Component
public class ApiKeyIssuer {

  private final DatabaseClient db;
  private final ApiKeyStore store;

  ApiKeyIssuer(DatabaseClient db, ApiKeyStore store) {
    this.db = db;
    this.store = store;
  }

  /** A freshly created key; {@code key} is the only time the secret is visible. */
  public record IssuedKey(
      String id,
      String name,
      String key,
      String keyPrefix,
      List<String> scopes,
      Instant createdAt) {}

  public Mono<IssuedKey> issue(String workspaceId, String name, List<String> scopes) {
    String key = ApiKeys.generate();
    String hash = ApiKeys.hash(key);
    IssuedKey issued =
        new IssuedKey(
            Ids.newId("key"),
            name,
            key,
            ApiKeys.displayPrefix(key),
            List.copyOf(scopes),
            Instant.now().truncatedTo(ChronoUnit.MICROS));
    return db.sql(
            "INSERT INTO api_keys (id, workspace_id, name, key_prefix, key_hash, scopes, created_at)"
                + " VALUES (:id, :ws, :name, :prefix, :hash, :scopes, :createdAt)")
        .bind("id", issued.id())
        .bind("ws", workspaceId)
        .bind("name", name)
        .bind("prefix", issued.keyPrefix())
        .bind("hash", hash)
        .bind("scopes", scopes.toArray(String[]::new))
        .bind("createdAt", issued.createdAt().atOffset(ZoneOffset.UTC))
        .fetch()
        .rowsUpdated()
        .doOnSuccess(ignored -> store.evict(hash))
        .thenReturn(issued);
  }
}
