package dev.omnipost.gateway.idempotency;

import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretContext;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code idempotency_keys} table. A row is reserved first (status 0) and then holds the
 * request's fingerprint and its whole answer; inside the request's transaction the reservation is
 * invisible to others until it commits with the answer, and a concurrent reservation of the same
 * key waits on its row lock.
 *
 * <p>Stored answers can hold secrets shown once (a new API key, a webhook signing secret), so the
 * body is sealed with the {@link SecretCipher} like every other secret at rest, bound to its
 * workspace and key. Rows live at most the retention (24 h), so a key rotation needs no
 * re-encryption pass for them: an answer sealed under a retired key has expired before the key may
 * be removed.
 */
@Repository
class IdempotencyKeys {

  static final int RESERVED = 0;

  private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};

  private static final String RESERVE =
      """
      INSERT INTO idempotency_keys (workspace_id, idempotency_key, api_key_id, request_hash,
          response_status, locked_until, created_at, expires_at)
      VALUES (:scope, :key, :apiKey, '', 0, now() + make_interval(secs => :lease), now(),
          now() + make_interval(secs => :retention))
      ON CONFLICT (workspace_id, idempotency_key) DO UPDATE SET api_key_id = EXCLUDED.api_key_id,
          request_hash = '', response_status = 0, response_headers = NULL, response_body = NULL,
          locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at,
          expires_at = EXCLUDED.expires_at
      WHERE idempotency_keys.expires_at <= now()
         OR (idempotency_keys.response_status = 0
             AND coalesce(idempotency_keys.locked_until, '-infinity') <= now())
      RETURNING 1 AS reserved
      """;

  private final DatabaseClient db;
  private final JsonMapper jsonMapper;
  private final IdempotencyProperties properties;
  private final SecretCipher cipher;

  IdempotencyKeys(
      DatabaseClient db,
      JsonMapper jsonMapper,
      IdempotencyProperties properties,
      SecretCipher cipher) {
    this.db = db;
    this.jsonMapper = jsonMapper;
    this.properties = properties;
    this.cipher = cipher;
  }

  private static SecretContext bodyContext(Owner owner, String key) {
    return SecretContext.of("idempotency_keys", "response_body", owner.scope() + "/" + key);
  }

  private byte[] seal(Owner owner, String key, byte[] body) {
    return cipher.encrypt(
        Base64.getEncoder().encodeToString(body == null ? new byte[0] : body),
        bodyContext(owner, key));
  }

  private byte[] open(Owner owner, String key, byte[] sealed) {
    return sealed == null
        ? null
        : Base64.getDecoder().decode(cipher.decrypt(sealed, bodyContext(owner, key)));
  }

  /** Who a key belongs to: a workspace (or the operator) and the API key that sent it. */
  record Owner(String scope, String apiKeyId) {}

  /** A committed row: an answer to replay, or a reservation still running elsewhere. */
  record Stored(
      String apiKeyId,
      String requestHash,
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      boolean leased) {

    boolean inProgress() {
      return status == RESERVED;
    }
  }

  /**
   * Reserves the key, or takes over an expired one or a reservation whose lease ran out; false when
   * the key is taken. Waits at most {@link IdempotencyProperties#lockWait()} for a concurrent
   * reservation of the key to commit or roll back; must run inside a transaction.
   */
  Mono<Boolean> reserve(Owner owner, String key, Duration lease) {
    // the wait is deliberate: the statement timeout allows it (ADR 0025)
    Duration wait = properties.lockWait();
    return db.sql(
            "SELECT set_config('lock_timeout', :timeout, true),"
                + " set_config('statement_timeout', :statementTimeout, true)")
        .bind("timeout", wait.toMillis() + "ms")
        .bind("statementTimeout", wait.plusSeconds(1).toMillis() + "ms")
        .fetch()
        .rowsUpdated()
        .then(
            db.sql(RESERVE)
                .bind("scope", owner.scope())
                .bind("key", key)
                .bind("apiKey", owner.apiKeyId())
                .bind("lease", (double) lease.toMillis() / 1000)
                .bind("retention", (double) properties.retention().toSeconds())
                .fetch()
                .first()
                .hasElement())
        .flatMap(
            reserved ->
                db.sql("SET LOCAL lock_timeout TO DEFAULT")
                    .fetch()
                    .rowsUpdated()
                    .then(db.sql("SET LOCAL statement_timeout TO DEFAULT").fetch().rowsUpdated())
                    .thenReturn(reserved));
  }

  Mono<Stored> find(Owner owner, String key) {
    return db.sql(
            """
            SELECT api_key_id, request_hash, response_status, response_headers::text AS headers,
                response_body, coalesce(locked_until > now(), false) AS leased
            FROM idempotency_keys WHERE workspace_id = :scope AND idempotency_key = :key
            """)
        .bind("scope", owner.scope())
        .bind("key", key)
        .map(
            row -> {
              String headers = row.get("headers", String.class);
              return new Stored(
                  row.get("api_key_id", String.class),
                  row.get("request_hash", String.class),
                  row.get("response_status", Integer.class),
                  headers == null ? Map.of() : jsonMapper.readValue(headers, HEADERS),
                  open(owner, key, row.get("response_body", byte[].class)),
                  Boolean.TRUE.equals(row.get("leased", Boolean.class)));
            })
        .one();
  }

  Mono<Long> store(
      Owner owner,
      String key,
      String requestHash,
      int status,
      Map<String, List<String>> headers,
      byte[] body) {
    return db.sql(
            """
            UPDATE idempotency_keys SET request_hash = :hash, response_status = :status,
                response_headers = CAST(:headers AS jsonb), response_body = :body, locked_until = NULL
            WHERE workspace_id = :scope AND idempotency_key = :key
            """)
        .bind("hash", requestHash)
        .bind("status", status)
        .bind("headers", jsonMapper.writeValueAsString(headers))
        .bind("body", seal(owner, key, body))
        .bind("scope", owner.scope())
        .bind("key", key)
        .fetch()
        .rowsUpdated();
  }

  /** Frees a reservation whose request failed, so it can be retried with the same key. */
  Mono<Long> release(Owner owner, String key) {
    return db.sql(
            "DELETE FROM idempotency_keys WHERE workspace_id = :scope AND idempotency_key = :key"
                + " AND response_status = 0")
        .bind("scope", owner.scope())
        .bind("key", key)
        .fetch()
        .rowsUpdated();
  }

  Mono<Long> purgeExpired() {
    return db.sql("DELETE FROM idempotency_keys WHERE expires_at <= now()").fetch().rowsUpdated();
  }
}
