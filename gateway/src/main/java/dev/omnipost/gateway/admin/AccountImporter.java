package dev.omnipost.gateway.admin;

import dev.omnipost.connectors.Platform;
import dev.omnipost.events.Ids;
import dev.omnipost.gateway.accounts.AccountView;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores an already-authorized social account with its tokens encrypted, refusing unknown platforms
 * and accounts the workspace already has.
 */
@Component
class AccountImporter {

  private final DatabaseClient db;
  private final SecretCipher cipher;
  private final WorkspaceRepository workspaces;
  private final JsonMapper json = JsonMapper.builder().build();

  AccountImporter(DatabaseClient db, SecretCipher cipher, WorkspaceRepository workspaces) {
    this.db = db;
    this.cipher = cipher;
    this.workspaces = workspaces;
  }

  Mono<AccountView> importAccount(ImportAccount request) {
    require(request.workspaceId(), "workspace_id");
    require(request.platform(), "platform");
    require(request.platformAccountId(), "platform_account_id");
    require(request.handle(), "handle");
    require(request.accessToken(), "access_token");
    Platform platform =
        Platform.fromId(request.platform())
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "request.invalid_platform",
                        "Unknown platform '" + request.platform() + "'",
                        Map.of("field", "platform", "valid_values", Platform.ids())));
    return workspaces
        .exists(request.workspaceId())
        .flatMap(
            exists -> {
              if (!exists) {
                return Mono.error(ApiException.notFound("workspace", request.workspaceId()));
              }
              return insert(request, platform);
            });
  }

  private Mono<AccountView> insert(ImportAccount request, Platform platform) {
    String id = Ids.newId("acc");
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                "INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle,"
                    + " access_token_enc, refresh_token_enc, token_expires_at, settings)"
                    + " VALUES (:id, :ws, :platform, :platformAccountId, :name, :handle, :access,"
                    + " :refresh, :expiresAt, CAST(:settings AS jsonb))"
                    + " ON CONFLICT (workspace_id, platform, platform_account_id) DO NOTHING"
                    + " RETURNING "
                    + AccountView.COLUMNS)
            .bind("id", id)
            .bind("ws", request.workspaceId())
            .bind("platform", platform.id())
            .bind("platformAccountId", request.platformAccountId())
            .bind(
                "name",
                request.name() == null || request.name().isBlank()
                    ? request.handle()
                    : request.name())
            .bind("handle", request.handle())
            .bind(
                "access",
                cipher.encrypt(request.accessToken(), SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)))
            .bind(
                "settings",
                json.writeValueAsString(
                    request.settings() == null ? Map.of() : request.settings()));
    insert =
        request.refreshToken() == null
            ? insert.bindNull("refresh", byte[].class)
            : insert.bind(
                "refresh",
                cipher.encrypt(request.refreshToken(), SecretColumn.ACCOUNT_REFRESH_TOKEN.of(id)));
    insert =
        request.tokenExpiresAt() == null
            ? insert.bindNull("expiresAt", java.time.OffsetDateTime.class)
            : insert.bind("expiresAt", request.tokenExpiresAt().atOffset(ZoneOffset.UTC));
    return insert
        .map(AccountView::fromRow)
        .one()
        .switchIfEmpty(
            Mono.error(
                () ->
                    new ApiException(
                        HttpStatus.CONFLICT,
                        "account.already_connected",
                        "This workspace already has that " + platform.id() + " account",
                        Map.of(
                            "platform",
                            platform.id(),
                            "platform_account_id",
                            request.platformAccountId()))));
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", field + " is required", Map.of("field", field));
    }
  }
}
