package dev.omnipost.gateway.oauth;

import dev.omnipost.events.Ids;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The connect flows in progress ({@code oauth_states}). The state itself is never stored, only its
 * SHA-256; the PKCE verifier and a Facebook login's offered accounts are stored encrypted.
 */
@Component
class ConnectStates {

  private static final String COLUMNS =
      "id, workspace_id, brand_id, platform, redirect_uri, callback_uri, instance_url,"
          + " code_verifier_enc, choices_enc, expires_at, used_at, chosen_at";

  private final DatabaseClient db;
  private final SecretCipher cipher;

  ConnectStates(DatabaseClient db, SecretCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  /** A connect flow as stored; {@code choices} is the decrypted JSON of offered accounts. */
  record Flow(
      String id,
      String workspaceId,
      String brandId,
      String platform,
      String redirectUri,
      String callbackUri,
      String instanceUrl,
      String verifier,
      String choices,
      Instant expiresAt,
      Instant usedAt,
      Instant chosenAt) {}

  Mono<Void> start(
      String state,
      String workspaceId,
      String brandId,
      String platform,
      String redirectUri,
      String callbackUri,
      String instanceUrl,
      String verifier,
      Instant expiresAt) {
    String id = Ids.newId("oas");
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                "INSERT INTO oauth_states (id, state_hash, workspace_id, brand_id, platform,"
                    + " redirect_uri, callback_uri, instance_url, code_verifier_enc, expires_at)"
                    + " VALUES (:id, :hash, :ws, :brand, :platform, :redirect, :callback, :instance,"
                    + " :verifier, :expires)")
            .bind("id", id)
            .bind("hash", hash(state))
            .bind("ws", workspaceId)
            .bind("platform", platform)
            .bind("redirect", redirectUri)
            .bind("callback", callbackUri)
            .bind("verifier", cipher.encrypt(verifier, SecretColumn.OAUTH_CODE_VERIFIER.of(id)))
            .bind("expires", expiresAt.atOffset(ZoneOffset.UTC));
    insert =
        brandId == null ? insert.bindNull("brand", String.class) : insert.bind("brand", brandId);
    insert =
        instanceUrl == null
            ? insert.bindNull("instance", String.class)
            : insert.bind("instance", instanceUrl);
    return insert.fetch().rowsUpdated().then();
  }

  /** The flow of {@code state}, whoever asks (the callback is public: the state is the proof). */
  Mono<Flow> find(String state) {
    return db.sql("SELECT " + COLUMNS + " FROM oauth_states WHERE state_hash = :hash")
        .bind("hash", hash(state == null ? "" : state))
        .map(this::flow)
        .one();
  }

  /** Marks the flow used; empty if it already was (a state is good for one callback). */
  Mono<Flow> claim(String state) {
    return db.sql(
            "UPDATE oauth_states SET used_at = now() WHERE state_hash = :hash AND used_at IS NULL"
                + " RETURNING "
                + COLUMNS)
        .bind("hash", hash(state))
        .map(this::flow)
        .one();
  }

  /** Keeps the accounts a login offers until the client chooses, for another {@code lifetime}. */
  Mono<Void> offer(Flow flow, String choicesJson, Instant expiresAt) {
    return db.sql(
            "UPDATE oauth_states SET choices_enc = :choices, expires_at = :expires WHERE id = :id")
        .bind("choices", cipher.encrypt(choicesJson, SecretColumn.OAUTH_CHOICES.of(flow.id())))
        .bind("expires", expiresAt.atOffset(ZoneOffset.UTC))
        .bind("id", flow.id())
        .fetch()
        .rowsUpdated()
        .then();
  }

  /** The workspace's flow waiting for a choice; empty for another workspace's state. */
  Mono<Flow> awaitingChoice(String workspaceId, String state) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM oauth_states WHERE state_hash = :hash AND workspace_id = :ws"
                + " AND choices_enc IS NOT NULL")
        .bind("hash", hash(state == null ? "" : state))
        .bind("ws", workspaceId)
        .map(this::flow)
        .one();
  }

  /** Marks the choice made; empty if it already was. */
  Mono<Flow> choose(String workspaceId, String state) {
    return db.sql(
            "UPDATE oauth_states SET chosen_at = now() WHERE state_hash = :hash AND workspace_id = :ws"
                + " AND choices_enc IS NOT NULL AND chosen_at IS NULL RETURNING "
                + COLUMNS)
        .bind("hash", hash(state == null ? "" : state))
        .bind("ws", workspaceId)
        .map(this::flow)
        .one();
  }

  private Flow flow(Readable row) {
    String id = row.get("id", String.class);
    byte[] choices = row.get("choices_enc", byte[].class);
    return new Flow(
        id,
        row.get("workspace_id", String.class),
        row.get("brand_id", String.class),
        row.get("platform", String.class),
        row.get("redirect_uri", String.class),
        row.get("callback_uri", String.class),
        row.get("instance_url", String.class),
        cipher.decrypt(
            row.get("code_verifier_enc", byte[].class), SecretColumn.OAUTH_CODE_VERIFIER.of(id)),
        choices == null ? null : cipher.decrypt(choices, SecretColumn.OAUTH_CHOICES.of(id)),
        instant(row.get("expires_at", OffsetDateTime.class)),
        instant(row.get("used_at", OffsetDateTime.class)),
        instant(row.get("chosen_at", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  static String hash(String state) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
