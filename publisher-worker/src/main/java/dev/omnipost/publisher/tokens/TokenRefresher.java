package dev.omnipost.publisher.tokens;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.oauth.OAuthClient;
import dev.omnipost.connectors.oauth.OAuthRefusedException;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.connectors.oauth.OAuthUnavailableException;
import dev.omnipost.connectors.oauth.TokenSet;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.accounts.AccountNeedsReconnect;
import dev.omnipost.events.accounts.AccountTokenExpiring;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps connected accounts' tokens alive. Each pass claims the accounts whose token expires within
 * {@code omnipost.oauth.refresh-ahead} (less a per-account jitter, so a batch of accounts connected
 * together does not refresh together) with {@code FOR UPDATE SKIP LOCKED}, leasing them so no other
 * instance refreshes them meanwhile; refreshes each outside any transaction; then stores the new
 * access and refresh token in one update (a rotated refresh token is never half-stored). A refusal
 * ({@code invalid_grant}) marks the account {@code expired} with {@code account.needs_reconnect}; a
 * token that cannot be refreshed gets {@code account.token_expiring} once, ahead of its expiry.
 */
public class TokenRefresher {

  private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration RETRY_UNAVAILABLE = Duration.ofMinutes(1);
  private static final long JITTER_SECONDS = 60;

  private static final String CLAIM =
      """
      UPDATE accounts SET refresh_due_at = now() + make_interval(secs => :lease)
      WHERE id IN (SELECT id FROM accounts
                   WHERE status = 'connected' AND token_expires_at IS NOT NULL
                     AND (refresh_token_enc IS NOT NULL OR platform = 'threads')
                     AND COALESCE(refresh_due_at, token_expires_at
                           - make_interval(secs => :ahead + abs(hashtext(id)) % :jitter)) <= now()
                   ORDER BY token_expires_at LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING id, workspace_id, platform, settings::text AS settings, access_token_enc,
                refresh_token_enc
      """;

  private static final String EXPIRING =
      """
      UPDATE accounts SET expiring_notified_at = now()
      WHERE id IN (SELECT id FROM accounts
                   WHERE status = 'connected' AND token_expires_at IS NOT NULL
                     AND refresh_token_enc IS NULL AND platform <> 'threads'
                     AND expiring_notified_at IS NULL
                     AND token_expires_at <= now() + make_interval(secs => :warning)
                   LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING id, workspace_id, platform, token_expires_at
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final SecretCipher cipher;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final OAuthClient oauth;
  private final OAuthSettings settings;
  private final Counter refreshed;
  private final Counter refused;
  private final MeterRegistry meters;
  private final JsonMapper json = JsonMapper.builder().build();

  public TokenRefresher(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      SecretCipher cipher,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      OAuthClient oauth,
      OAuthSettings settings,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.cipher = cipher;
    this.outbox = outbox;
    this.codec = codec;
    this.oauth = oauth;
    this.settings = settings;
    this.refreshed =
        Counter.builder("omnipost.accounts.tokens.refreshed")
            .description("Account tokens refreshed before they expired")
            .register(meters);
    this.refused =
        Counter.builder("omnipost.accounts.tokens.refused")
            .description("Refreshes the platform refused; the account needs reconnecting")
            .register(meters);
    this.meters = meters;
    // at zero from the start, so the alert on them reads a series that exists before a failure
    for (Platform platform : Platform.values()) {
      for (String reason : List.of(REFUSED, UNAVAILABLE)) {
        failureCounter(platform, reason);
      }
    }
  }

  private static final String REFUSED = "refused";
  private static final String UNAVAILABLE = "unavailable";

  /**
   * {@code omnipost.accounts.tokens.refresh.failures{platform, reason}}: {@code refused} (the
   * platform said {@code invalid_grant}: the account needs reconnecting) or {@code unavailable}
   * (the platform could not be reached or answered 5xx: retried a minute later).
   */
  private Counter failureCounter(Platform platform, String reason) {
    return Counter.builder("omnipost.accounts.tokens.refresh.failures")
        .description("Token refreshes that failed, by platform and reason (refused, unavailable)")
        .tag("platform", platform.id())
        .tag("reason", reason)
        .register(meters);
  }

  private record Claimed(
      String id,
      String workspaceId,
      String platform,
      String settings,
      String accessToken,
      String refreshToken) {}

  /** One pass; answers how many accounts it looked at. */
  public int refreshDue(int batch) {
    List<Claimed> claimed =
        transactions.execute(
            status ->
                jdbc.sql(CLAIM)
                    .param("lease", LEASE.toSeconds())
                    .param("ahead", settings.refreshAhead().toSeconds())
                    .param("jitter", JITTER_SECONDS)
                    .param("batch", batch)
                    .query(
                        (rs, i) -> {
                          String id = rs.getString("id");
                          byte[] refresh = rs.getBytes("refresh_token_enc");
                          return new Claimed(
                              id,
                              rs.getString("workspace_id"),
                              rs.getString("platform"),
                              rs.getString("settings"),
                              cipher.decrypt(
                                  rs.getBytes("access_token_enc"),
                                  SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)),
                              refresh == null
                                  ? null
                                  : cipher.decrypt(
                                      refresh, SecretColumn.ACCOUNT_REFRESH_TOKEN.of(id)));
                        })
                    .list());
    if (claimed == null) {
      return 0;
    }
    claimed.forEach(this::refresh);
    return claimed.size();
  }

  private void refresh(Claimed account) {
    Platform platform = Platform.fromId(account.platform()).orElseThrow();
    OAuthSettings.Client client = settings.client(platform);
    try {
      TokenSet tokens =
          oauth.refresh(
              platform,
              instanceUrl(account),
              client.clientId(),
              client.clientSecret(),
              account.refreshToken(),
              account.accessToken());
      store(account, tokens);
      refreshed.increment();
    } catch (OAuthRefusedException e) {
      needsReconnect(account, e.getMessage());
      refused.increment();
      failureCounter(platform, REFUSED).increment();
    } catch (OAuthUnavailableException e) {
      failureCounter(platform, UNAVAILABLE).increment();
      log.info(
          "Refreshing the token of {} failed for now, retrying: {}", account.id(), e.getMessage());
      jdbc.sql(
              "UPDATE accounts SET refresh_due_at = now() + make_interval(secs => :retry) WHERE id = :id")
          .param("retry", RETRY_UNAVAILABLE.toSeconds())
          .param("id", account.id())
          .update();
    }
  }

  /**
   * Both tokens and the expiry in one update: a rotated refresh token is stored with its access
   * token.
   */
  private void store(Claimed account, TokenSet tokens) {
    String refresh = tokens.refreshToken() != null ? tokens.refreshToken() : account.refreshToken();
    jdbc.sql(
            """
            UPDATE accounts SET access_token_enc = :access, refresh_token_enc = :refresh,
              token_expires_at = :expires, refresh_due_at = NULL, updated_at = now()
            WHERE id = :id AND status = 'connected'
            """)
        .param(
            "access",
            cipher.encrypt(
                tokens.accessToken(), SecretColumn.ACCOUNT_ACCESS_TOKEN.of(account.id())))
        .param(
            "refresh",
            refresh == null
                ? null
                : cipher.encrypt(refresh, SecretColumn.ACCOUNT_REFRESH_TOKEN.of(account.id())))
        .param("expires", tokens.expiresAt() == null ? null : Timestamp.from(tokens.expiresAt()))
        .param("id", account.id())
        .update();
  }

  private void needsReconnect(Claimed account, String reason) {
    transactions.executeWithoutResult(
        status -> {
          int moved =
              jdbc.sql(
                      "UPDATE accounts SET status = 'expired', refresh_due_at = NULL, updated_at = now()"
                          + " WHERE id = :id AND status = 'connected'")
                  .param("id", account.id())
                  .update();
          if (moved == 1) {
            outbox.publishEvent(
                codec.wrap(
                    new AccountNeedsReconnect(
                        account.id(), account.platform(), "invalid_grant: " + reason),
                    account.workspaceId(),
                    account.id()));
          }
        });
  }

  private record Expiring(String workspaceId, AccountTokenExpiring event) {}

  /** {@code account.token_expiring}, once, for tokens no refresh can extend; answers how many. */
  public int warnExpiring(int batch) {
    Integer count =
        transactions.execute(
            status -> {
              List<Expiring> expiring =
                  jdbc.sql(EXPIRING)
                      .param("warning", settings.expiringWarning().toSeconds())
                      .param("batch", batch)
                      .query(
                          (rs, i) ->
                              new Expiring(
                                  rs.getString("workspace_id"),
                                  new AccountTokenExpiring(
                                      rs.getString("id"),
                                      rs.getString("platform"),
                                      rs.getTimestamp("token_expires_at").toInstant())))
                      .list();
              expiring.forEach(
                  e ->
                      outbox.publishEvent(
                          codec.wrap(e.event(), e.workspaceId(), e.event().accountId())));
              return expiring.size();
            });
    return count == null ? 0 : count;
  }

  private String instanceUrl(Claimed account) {
    try {
      JsonNode stored = json.readTree(account.settings() == null ? "{}" : account.settings());
      String pds = stored.path("pds_url").asString(null);
      return pds != null ? pds : stored.path("instance_url").asString(null);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
