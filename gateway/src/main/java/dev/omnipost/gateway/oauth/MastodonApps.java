package dev.omnipost.gateway.oauth;

import dev.omnipost.connectors.oauth.MastodonApp;
import dev.omnipost.connectors.oauth.OAuthClient;
import dev.omnipost.events.Ids;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Omnipost's app on each Mastodon instance: registered the first time a workspace connects an
 * account there, and reused by every later connect (whichever workspace).
 */
@Component
class MastodonApps {

  private final DatabaseClient db;
  private final SecretCipher cipher;
  private final OAuthClient oauth;

  MastodonApps(DatabaseClient db, SecretCipher cipher, OAuthClient oauth) {
    this.db = db;
    this.cipher = cipher;
    this.oauth = oauth;
  }

  Mono<MastodonApp> forInstance(String instanceUrl, String callbackUri) {
    return find(instanceUrl, callbackUri)
        .switchIfEmpty(Mono.defer(() -> register(instanceUrl, callbackUri)));
  }

  private Mono<MastodonApp> find(String instanceUrl, String callbackUri) {
    return db.sql(
            "SELECT id, client_id, client_secret_enc FROM oauth_clients WHERE platform = 'mastodon'"
                + " AND instance_url = :instance AND redirect_uri = :callback")
        .bind("instance", instanceUrl)
        .bind("callback", callbackUri)
        .map(
            row ->
                new MastodonApp(
                    row.get("client_id", String.class),
                    cipher.decrypt(
                        row.get("client_secret_enc", byte[].class),
                        SecretColumn.OAUTH_CLIENT_SECRET.of(row.get("id", String.class)))))
        .one();
  }

  private Mono<MastodonApp> register(String instanceUrl, String callbackUri) {
    return Mono.fromCallable(
            () -> oauth.registerApp(instanceUrl, "Omnipost", callbackUri, "https://omnipost.dev"))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            app -> {
              String id = Ids.newId("oac");
              // two first connects at once: the second registration loses and the first is reused
              return db.sql(
                      "INSERT INTO oauth_clients (id, platform, instance_url, redirect_uri, client_id,"
                          + " client_secret_enc) VALUES (:id, 'mastodon', :instance, :callback,"
                          + " :clientId, :secret) ON CONFLICT (platform, instance_url, redirect_uri)"
                          + " DO NOTHING")
                  .bind("id", id)
                  .bind("instance", instanceUrl)
                  .bind("callback", callbackUri)
                  .bind("clientId", app.clientId())
                  .bind(
                      "secret",
                      cipher.encrypt(app.clientSecret(), SecretColumn.OAUTH_CLIENT_SECRET.of(id)))
                  .fetch()
                  .rowsUpdated()
                  .then(find(instanceUrl, callbackUri));
            });
  }
}
