package dev.omnipost.gateway.oauth;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.oauth.OAuthClient;
import dev.omnipost.connectors.oauth.OAuthProvider;
import dev.omnipost.connectors.oauth.OAuthProviders;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.accounts.AccountDisconnected;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import dev.omnipost.persistence.posts.PostStatus;
import dev.omnipost.persistence.posts.TargetStatus;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Disconnects an account: revokes its token at the platform where the platform has a revocation
 * endpoint (best effort: a platform that is down does not keep the account connected), marks it
 * {@code revoked} without its refresh token, fails its scheduled and queued targets with {@code
 * account_disconnected} and announces {@code account.disconnected}, in one transaction.
 */
@Component
class AccountDisconnects {

  private final DatabaseClient db;
  private final SecretCipher cipher;
  private final OAuthClient oauth;
  private final OAuthSettings settings;
  private final ReactiveOutbox outbox;
  private final CloudEventCodec codec;
  private final TransactionalOperator transactions;
  private final JsonMapper json = JsonMapper.builder().build();

  AccountDisconnects(
      DatabaseClient db,
      SecretCipher cipher,
      OAuthClient oauth,
      OAuthSettings settings,
      ReactiveOutbox outbox,
      CloudEventCodec codec,
      TransactionalOperator transactions) {
    this.db = db;
    this.cipher = cipher;
    this.oauth = oauth;
    this.settings = settings;
    this.outbox = outbox;
    this.codec = codec;
    this.transactions = transactions;
  }

  private record Connected(String id, String platform, String token, String instanceUrl) {}

  Mono<Void> disconnect(Caller caller, String accountId) {
    return find(caller, accountId)
        .flatMap(
            account ->
                revokeAtPlatform(account)
                    .flatMap(
                        revoked ->
                            markDisconnected(caller, account, revoked)
                                .as(transactions::transactional)));
  }

  private Mono<Connected> find(Caller caller, String accountId) {
    return db.sql(
            "SELECT id, platform, brand_id, access_token_enc, settings::text AS settings FROM accounts"
                + " WHERE workspace_id = :ws AND id = :id AND status <> 'revoked'")
        .bind("ws", caller.workspaceId())
        .bind("id", accountId)
        .map(
            row -> {
              String id = row.get("id", String.class);
              String brand = row.get("brand_id", String.class);
              if (!caller.brandIds().isEmpty() && !caller.brandIds().contains(brand)) {
                return new Connected(null, null, null, null);
              }
              String stored = row.get("settings", String.class);
              var settingsNode = json.readTree(stored == null ? "{}" : stored);
              return new Connected(
                  id,
                  row.get("platform", String.class),
                  cipher.decrypt(
                      row.get("access_token_enc", byte[].class),
                      SecretColumn.ACCOUNT_ACCESS_TOKEN.of(id)),
                  settingsNode
                      .path("instance_url")
                      .asString(settingsNode.path("pds_url").asString(null)));
            })
        .one()
        .filter(account -> account.id() != null)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("account", accountId)));
  }

  private Mono<Boolean> revokeAtPlatform(Connected account) {
    Platform platform = Platform.fromId(account.platform()).orElse(null);
    OAuthProvider provider = platform == null ? null : OAuthProviders.of(platform);
    if (provider == null
        || provider.revoke() == null
        || provider.style() == OAuthProvider.Style.MASTODON) {
      // Mastodon's app secret lives per instance; its tokens stop with the account's status
      return Mono.just(false);
    }
    OAuthSettings.Client client = settings.client(platform);
    return Mono.fromCallable(
            () ->
                oauth.revoke(
                    platform,
                    account.instanceUrl(),
                    client.clientId(),
                    client.clientSecret(),
                    account.token()))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorReturn(false);
  }

  private Mono<Void> markDisconnected(Caller caller, Connected account, boolean revoked) {
    Mono<Long> marked =
        db.sql(
                "UPDATE accounts SET status = 'revoked', refresh_token_enc = NULL, refresh_due_at = NULL,"
                    + " updated_at = now() WHERE id = :id AND workspace_id = :ws AND status <> 'revoked'")
            .bind("id", account.id())
            .bind("ws", caller.workspaceId())
            .fetch()
            .rowsUpdated();
    Mono<List<String>> failedPosts =
        db.sql(
                "UPDATE post_targets SET status = 'failed', error_code = 'account_disconnected',"
                    + " error_message = 'The account was disconnected', updated_at = now()"
                    + " WHERE account_id = :id AND workspace_id = :ws AND status IN ('scheduled', 'queued')"
                    + " RETURNING post_id")
            .bind("id", account.id())
            .bind("ws", caller.workspaceId())
            .map(row -> row.get("post_id", String.class))
            .all()
            .distinct()
            .collectList();
    return marked
        .then(failedPosts)
        .flatMap(
            posts ->
                Flux.fromIterable(posts)
                    .concatMap(this::settlePost)
                    .then(
                        outbox.publishEvent(
                            codec.wrap(
                                new AccountDisconnected(
                                    account.id(), account.platform(), revoked, posts),
                                caller.workspaceId(),
                                account.id()))));
  }

  /** A post whose last waiting target just failed gets its outcome; others keep their status. */
  private Mono<Void> settlePost(String postId) {
    return db.sql("SELECT status FROM post_targets WHERE post_id = :post")
        .bind("post", postId)
        .map(row -> TargetStatus.fromId(row.get("status", String.class)))
        .all()
        .collectList()
        .flatMap(
            statuses -> {
              PostStatus status = PostStatus.fromTargets(statuses);
              if (!status.isOutcome()) {
                return Mono.empty();
              }
              return db.sql(
                      "UPDATE posts SET status = :status, updated_at = now() WHERE id = :id"
                          + " AND status IN ('scheduled', 'publishing')")
                  .bind("status", status.id())
                  .bind("id", postId)
                  .fetch()
                  .rowsUpdated()
                  .then();
            });
  }
}
