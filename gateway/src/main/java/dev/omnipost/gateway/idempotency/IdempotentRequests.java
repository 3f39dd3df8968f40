package dev.omnipost.gateway.idempotency;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for POST handlers: the first request with a key reserves it, runs, and
 * stores its response; a repeat with the same body within 24 h gets that stored response (header
 * {@code Idempotent-Replayed: true}); a repeat with another body gets 409 {@code
 * idempotency.mismatch}, and one that arrives while the first still runs gets 409 {@code
 * idempotency.in_progress}. A request that fails is not stored, so it can be retried.
 *
 * <pre>{@code
 * return idempotency.run(caller, key, "POST /v1/posts", request, () -> create(caller, request));
 * }</pre>
 */
@Component
public class IdempotentRequests {

  public static final String HEADER = "Idempotency-Key";
  static final int MAX_KEY_LENGTH = 255;
  private static final int IN_PROGRESS = 0;

  private static final String RESERVE =
      "INSERT INTO idempotency_keys (workspace_id, idempotency_key, request_hash, response_status,"
          + " response_body) VALUES (:ws, :key, :hash, 0, '')"
          + " ON CONFLICT (workspace_id, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
          + " response_status = 0, response_body = '', created_at = now()"
          + " WHERE idempotency_keys.created_at < now() - interval '24 hours'"
          + " RETURNING 1 AS reserved";

  private final DatabaseClient db;
  private final JsonMapper jsonMapper;
  private final JsonMapper canonicalMapper;

  public IdempotentRequests(DatabaseClient db, JsonMapper jsonMapper) {
    this.db = db;
    this.jsonMapper = jsonMapper;
    this.canonicalMapper =
        jsonMapper.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  }

  /**
   * Runs {@code action} at most once per key and request.
   *
   * @param operation names the endpoint (e.g. {@code POST /v1/posts}) so one key cannot replay
   *     another endpoint's response
   * @param request the parsed body; compared by its canonical JSON, so whitespace does not matter
   */
  public Mono<ResponseEntity<Object>> run(
      Caller caller,
      String key,
      String operation,
      Object request,
      Supplier<Mono<? extends ResponseEntity<?>>> action) {
    if (key == null) {
      return action.get().map(IdempotentRequests::widen);
    }
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      return Mono.error(
          ApiException.invalid(
              "idempotency.invalid_key",
              "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters",
              Map.of("field", HEADER)));
    }
    String hash = requestHash(operation, request);
    return db.sql(RESERVE)
        .bind("ws", caller.workspaceId())
        .bind("key", key)
        .bind("hash", hash)
        .fetch()
        .first()
        .hasElement()
        .flatMap(
            reserved -> reserved ? runAndStore(caller, key, action) : replay(caller, key, hash));
  }

  private Mono<ResponseEntity<Object>> runAndStore(
      Caller caller, String key, Supplier<Mono<? extends ResponseEntity<?>>> action) {
    return Mono.defer(action)
        .map(IdempotentRequests::widen)
        .flatMap(response -> store(caller, key, response).thenReturn(response))
        .onErrorResume(failure -> release(caller, key).then(Mono.error(failure)));
  }

  private Mono<Long> store(Caller caller, String key, ResponseEntity<Object> response) {
    return db.sql(
            "UPDATE idempotency_keys SET response_status = :status, response_body = :body"
                + " WHERE workspace_id = :ws AND idempotency_key = :key")
        .bind("status", response.getStatusCode().value())
        .bind("body", jsonMapper.writeValueAsString(response.getBody()))
        .bind("ws", caller.workspaceId())
        .bind("key", key)
        .fetch()
        .rowsUpdated();
  }

  private Mono<Long> release(Caller caller, String key) {
    return db.sql(
            "DELETE FROM idempotency_keys WHERE workspace_id = :ws AND idempotency_key = :key"
                + " AND response_status = 0")
        .bind("ws", caller.workspaceId())
        .bind("key", key)
        .fetch()
        .rowsUpdated()
        .onErrorResume(ignored -> Mono.just(0L));
  }

  private Mono<ResponseEntity<Object>> replay(Caller caller, String key, String hash) {
    return db.sql(
            "SELECT request_hash, response_status, response_body FROM idempotency_keys"
                + " WHERE workspace_id = :ws AND idempotency_key = :key")
        .bind("ws", caller.workspaceId())
        .bind("key", key)
        .map(
            row ->
                new Stored(
                    row.get("request_hash", String.class),
                    row.get("response_status", Integer.class),
                    row.get("response_body", String.class)))
        .one()
        .switchIfEmpty(Mono.error(() -> inProgress(key)))
        .map(
            stored -> {
              if (!stored.hash().equals(hash)) {
                throw new ApiException(
                    HttpStatus.CONFLICT,
                    "idempotency.mismatch",
                    "This Idempotency-Key was used with a different request",
                    Map.of("idempotency_key", key));
              }
              if (stored.status() == IN_PROGRESS) {
                throw inProgress(key);
              }
              return ResponseEntity.status(stored.status())
                  .header("Idempotent-Replayed", "true")
                  .body((Object) jsonMapper.readTree(stored.body()));
            });
  }

  private record Stored(String hash, int status, String body) {}

  private static ApiException inProgress(String key) {
    return new ApiException(
        HttpStatus.CONFLICT,
        "idempotency.in_progress",
        "A request with this Idempotency-Key is still being processed",
        Map.of("idempotency_key", key));
  }

  private String requestHash(String operation, Object request) {
    byte[] body = canonicalMapper.writeValueAsBytes(request);
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(operation.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
      return HexFormat.of().formatHex(digest.digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static ResponseEntity<Object> widen(ResponseEntity<?> response) {
    return (ResponseEntity<Object>) response;
  }
}
