package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.gateway.GatewayTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * {@code POST /v1/posts} reads its accounts through {@link AccountRefs}' cache (ADR 35): a change
 * that commits anywhere (this gateway, another instance, a worker) reaches every post created after
 * it within a second, never a post that still sees the old account.
 */
class AccountCacheTests extends GatewayTestSupport {

  private static final Duration WITHIN = Duration.ofSeconds(2);

  @Autowired private JdbcClient jdbc;
  @Autowired private AccountRefs accounts;

  @Test
  void anAccountDisconnectedThroughTheApiIsRefusedOnceItsChangeCommitted() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    await().atMost(Duration.ofSeconds(10)).until(accounts::isCacheTrusted);
    assertThat(create(tenant, account).getStatus()).isEqualTo(HttpStatus.CREATED); // now cached

    http.delete()
        .uri("/v1/accounts/" + account)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isNoContent();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () ->
                assertThat(errorCode(create(tenant, account)))
                    .isEqualTo("post.account_not_connected"));
  }

  @Test
  void aStatusChangedByAnotherProcessIsSeenWithinASecond() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    assertThat(create(tenant, account).getStatus()).isEqualTo(HttpStatus.CREATED);

    // what the publisher-worker writes when a platform refuses the account's token
    jdbc.sql("UPDATE accounts SET status = 'expired' WHERE id = ?").param(account).update();

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () ->
                assertThat(errorCode(create(tenant, account)))
                    .isEqualTo("post.account_not_connected"));
    jdbc.sql("UPDATE accounts SET status = 'connected' WHERE id = ?").param(account).update();
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> assertThat(create(tenant, account).getStatus()).isEqualTo(HttpStatus.CREATED));
  }

  @Test
  void anAccountMovedOutOfABrandIsUnknownToThatBrandsKeyAtOnceWhereverItIsCached() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String brand = newBrand(tenant, "Client A");
    String other = newBrand(tenant, "Client B");
    moveToBrand(tenant, account, brand);
    Tenant brandKey = keyRestrictedToBrands(tenant, brand);
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> assertThat(create(brandKey, account).getStatus()).isEqualTo(HttpStatus.CREATED));

    moveToBrand(tenant, account, other);

    await()
        .atMost(WITHIN)
        .untilAsserted(
            () ->
                assertThat(errorCode(create(brandKey, account)))
                    .isEqualTo("post.unknown_accounts"));
    // the workspace-wide key still posts to it, and another workspace never sees it
    assertThat(create(tenant, account).getStatus()).isEqualTo(HttpStatus.CREATED);
    assertThat(errorCode(create(newTenant(), account))).isEqualTo("post.unknown_accounts");
  }

  @Test
  void withoutTheListenerEveryLookupGoesToTheDatabase() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    accounts.trustCache(false);
    try {
      assertThat(create(tenant, account).getStatus()).isEqualTo(HttpStatus.CREATED);
      // behind the trigger's back: only an uncached lookup can see it at once
      jdbc.sql("ALTER TABLE accounts DISABLE TRIGGER accounts_changed").update();
      try {
        jdbc.sql("UPDATE accounts SET status = 'revoked' WHERE id = ?").param(account).update();
      } finally {
        jdbc.sql("ALTER TABLE accounts ENABLE TRIGGER accounts_changed").update();
      }
      assertThat(errorCode(create(tenant, account))).isEqualTo("post.account_not_connected");
    } finally {
      accounts.trustCache(true);
    }
  }

  private EntityExchangeResult<Map<String, Object>> create(Tenant tenant, String account) {
    return post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "Hello", "account_ids", List.of(account), "draft", true))
        .exchange()
        .expectBody(JSON)
        .returnResult();
  }

  @SuppressWarnings("unchecked")
  private static String errorCode(EntityExchangeResult<Map<String, Object>> result) {
    Map<String, Object> error = (Map<String, Object>) result.getResponseBody().get("error");
    return error == null ? null : (String) error.get("code");
  }
}
