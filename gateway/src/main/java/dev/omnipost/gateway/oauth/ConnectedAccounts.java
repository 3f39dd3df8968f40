package dev.omnipost.gateway.oauth;

import dev.omnipost.connectors.oauth.SignedInAccount;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.accounts.AccountConnected;
import dev.omnipost.gateway.accounts.AccountView;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores an account a sign-in gave access to, tokens encrypted, and announces {@code
 * account.connected} in the same transaction. Connecting an account the workspace already has
 * reconnects it: new tokens, status {@code connected}.
 */
@Component
class ConnectedAccounts {

  private final DatabaseClient db;
  private final SecretCipher cipher;
  private final ReactiveOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionalOperator transactions;
  private final JsonMapper json = JsonMapper.builder().build();

  ConnectedAccounts(
      DatabaseClient db,
      SecretCipher cipher,
      ReactiveOutbox outbox,
      CloudEventCodec codec,
      TransactionalOperator transactions) {
    this.db = db;
    this.cipher = cipher;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = transactions;
  }

  Mono<AccountView> save(
      String workspaceId,
      String brandId,
      String platform,
      SignedInAccount account,
      Map<String, String> settings) {
    return db.sql(
            "SELECT id FROM accounts WHERE workspace_id = :ws AND platform = :platform"
                + " AND platform_account_id = :pid FOR UPDATE")
        .bind("ws", workspaceId)
        .bind("platform", platform)
        .bind("pid", account.platformAccountId())
        .map(row -> row.get("id", String.class))
        .one()
        .flatMap(id -> update(id, workspaceId, brandId, account, settings))
        .switchIfEmpty(Mono.defer(() -> insert(workspaceId, brandId, platform, account, settings)))
        .flatMap(
            view ->
                outbox
                    .publishEvent(
                        codec.wrap(
                            new AccountConnected(
                                view.id(), platform, view.handle(), view.brandId()),
                            workspaceId,
                            view.id()))
                    .thenReturn(view))
        .as(transactions::transactional);
  }

  private Mono<AccountView> insert(
      String workspaceId,
      String brandId,
      String platform,
      SignedInAccount account,
      Map<String, String> settings) {
    String id = Ids.newId("acc");
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                "INSERT INTO accounts (id, workspace_id, brand_id, platform, platform_account_id,"
                    + " name, handle, access_token_enc, refresh_token_enc, token_expires_at,"
                    + " refresh_due_at, settings)"
                    + " VALUES (:id, :ws, :brand, :platform, :pid, :name, :handle, :access,"
                    + " :refresh, :expires, NULL, CAST(:settings AS jsonb))"
                    + " RETURNING "
                    + AccountView.COLUMNS)
            .bind("id", id)
            .bind("ws", workspaceId)
            .bind("platform", platform)
            .bind("pid", account.platformAccountId())
            .bind("name", account.name())
            .bind("handle", account.handle())
            .bind("settings", json.writeValueAsString(settings));
    insert =
        brandId == null ? insert.bindNull("brand", String.class) : insert.bind("brand", brandId);
    return tokens(insert, id, account).map(AccountView::fromRow).one();
  }

  private Mono<AccountView> update(
      String id,
      String workspaceId,
      String brandId,
      SignedInAccount account,
      Map<String, String> settings) {
    DatabaseClient.GenericExecuteSpec update =
        db.sql(
                "UPDATE accounts SET status = 'connected', name = :name, handle = :handle,"
                    + " access_token_enc = :access, refresh_token_enc = :refresh,"
                    + " token_expires_at = :expires, refresh_due_at = NULL,"
                    + " expiring_notified_at = NULL, settings = settings || CAST(:settings AS jsonb),"
                    + " brand_id = COALESCE(:brand, brand_id), connected_at = now(), updated_at = now()"
                    + " WHERE id = :id AND workspace_id = :ws RETURNING "
                    + AccountView.COLUMNS)
            .bind("id", id)
            .bind("ws", workspaceId)
            .bind("name", account.name())
            .bind("handle", account.handle())
            .bind("settings", json.writeValueAsString(settings));
    update =
        brandId == null ? update.bindNull("brand", String.class) : update.bind("brand", brandId);
    return tokens(update, id, account).map(AccountView::fromRow).one();
  }

  private DatabaseClient.GenericExecuteSpec tokens(
      DatabaseClient.GenericExecuteSpec spec, String id, SignedInAccount account) {
    spec =
        spec.bind(
            "access",
            cipher.encrypt(
                account.tokens().accessToken(), SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)));
    String refresh = account.tokens().refreshToken();
    spec =
        refresh == null
            ? spec.bindNull("refresh", byte[].class)
            : spec.bind(
                "refresh", cipher.encrypt(refresh, SecretColumn.ACCOUNT_REFRESH_TOKEN.of(id)));
    Instant expires = account.tokens().expiresAt();
    return expires == null
        ? spec.bindNull("expires", OffsetDateTime.class)
        : spec.bind("expires", expires.atOffset(ZoneOffset.UTC));
  }
}
