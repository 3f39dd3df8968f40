package dev.omnipost.gateway.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code GET /v1/accounts/{id}/mentions} over mentions stored as the inbox-ingestor stores them,
 * and {@code POST /v1/accounts/{id}/sync}, which marks the account's cursors for the next round.
 */
class AccountInboxRoutesTests extends GatewayTestSupport {

  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

  @Autowired JdbcClient jdbc;

  @Test
  void listsAnAccountsMentionsNewestFirstInTheUnifiedShape() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String older = mention(tenant, account, "mastodon", "n1", T0);
    String newer = mention(tenant, account, "mastodon", "n2", T0.plusSeconds(60));
    mention(tenant, connect(tenant, "mastodon"), "mastodon", "n3", T0);

    get(tenant, "/v1/accounts/" + account + "/mentions")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.data[0].id")
        .isEqualTo(newer)
        .jsonPath("$.data[0].platform")
        .isEqualTo("mastodon")
        .jsonPath("$.data[0].platform_item_id")
        .isEqualTo("n2")
        .jsonPath("$.data[0].author.name")
        .isEqualTo("ana@remote.example")
        .jsonPath("$.data[0].text")
        .isEqualTo("Hi @shop")
        .jsonPath("$.data[0].url")
        .isEqualTo("https://remote.example/@ana/n2")
        .jsonPath("$.data[0].read")
        .isEqualTo(false)
        .jsonPath("$.data[0].created_at")
        .isEqualTo("2026-11-20T09:01:00Z")
        .jsonPath("$.data[1].id")
        .isEqualTo(older)
        .jsonPath("$.next_cursor")
        .isEmpty();
  }

  @Test
  void answers404ForAnotherWorkspacesAccountAnd501ForAPlatformWithoutMentions() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    String account = connect(owner, "instagram");
    String pinterest = connect(owner, "pinterest");

    get(other, "/v1/accounts/" + account + "/mentions")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    post(other, "/v1/accounts/" + account + "/sync").exchange().expectStatus().isNotFound();
    get(owner, "/v1/accounts/" + pinterest + "/mentions")
        .exchange()
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation")
        .jsonPath("$.error.meta.platform")
        .isEqualTo("pinterest");
    post(owner, "/v1/accounts/" + pinterest + "/sync")
        .exchange()
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation");
  }

  @Test
  void requestsASyncOfEveryKindThePlatformOffers() {
    Tenant tenant = newTenant();
    String instagram = connect(tenant, "instagram");
    String mastodon = connect(tenant, "mastodon");

    post(tenant, "/v1/accounts/" + instagram + "/sync")
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("queued")
        .jsonPath("$.data.kinds")
        .isEqualTo(List.of("comments", "mentions", "messages"));
    post(tenant, "/v1/accounts/" + mastodon + "/sync")
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.data.kinds")
        .isEqualTo(List.of("comments", "mentions"));

    assertThat(
            jdbc.sql(
                    "SELECT kind FROM inbox_cursors WHERE account_id = :a AND requested_at > synced_at ORDER BY kind")
                .param("a", instagram)
                .query(String.class)
                .list())
        .containsExactly("comments", "mentions", "messages");
  }

  @Test
  void refusesToSyncAnAccountThatNeedsReconnecting() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "instagram");
    jdbc.sql("UPDATE accounts SET status = 'expired' WHERE id = :id").param("id", account).update();

    post(tenant, "/v1/accounts/" + account + "/sync")
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("account.not_connected");
  }

  private String mention(Tenant tenant, String account, String platform, String item, Instant at) {
    String id = Ids.newId("men");
    jdbc.sql(
            """
            INSERT INTO inbox_mentions (id, workspace_id, account_id, platform, platform_item_id,
                platform_post_id, author_id, author_name, text, url, created_at)
            VALUES (:id, :ws, :account, :platform, :item, :item, 'u1', 'ana@remote.example', 'Hi @shop',
                :url, :at)
            """)
        .param("id", id)
        .param("ws", tenant.workspaceId())
        .param("account", account)
        .param("platform", platform)
        .param("item", item)
        .param("url", "https://remote.example/@ana/" + item)
        .param("at", Timestamp.from(at))
        .update();
    return id;
  }
}
