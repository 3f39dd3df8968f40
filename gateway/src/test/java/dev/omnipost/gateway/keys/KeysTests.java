package dev.omnipost.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

class KeysTests extends GatewayTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  @SuppressWarnings("unchecked")
  void createAnswersTheFullKeyOnceAndTheKeyWorksWithExactlyItsScopes() {
    Tenant tenant = newTenant();
    String expiresAt =
        Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

    Map<String, Object> created =
        create(
            tenant.apiKey(),
            Map.of(
                "name",
                "  CRM sync  ",
                "scopes",
                List.of("accounts:read", "posts:read", "accounts:read"),
                "expires_at",
                expiresAt,
                "rate_limit_per_minute",
                120));

    String key = (String) created.get("key");
    assertThat(key).matches("opk_live_[0-9A-Za-z]{32}");
    assertThat(created)
        .containsEntry("name", "CRM sync")
        .containsEntry("key_prefix", key.substring(0, 12))
        .containsEntry("scopes", List.of("accounts:read", "posts:read"))
        .containsEntry("brand_ids", List.of())
        .containsEntry("expires_at", expiresAt)
        .containsEntry("rate_limit_per_minute", 120)
        .containsKey("created_at");
    assertThat((String) created.get("id")).startsWith("key_");

    get(key, "/v1/accounts").exchange().expectStatus().isOk();
    get(key, "/v1/keys")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.forbidden_scope");

    Map<String, Object> shown =
        (Map<String, Object>) ok(get(tenant.apiKey(), "/v1/keys/" + created.get("id"))).get("data");
    assertThat(shown)
        .containsEntry("id", created.get("id"))
        .containsEntry("key_prefix", key.substring(0, 12))
        .containsEntry("scopes", List.of("accounts:read", "posts:read"))
        .containsEntry("rate_limit_per_minute", 120)
        .containsKey("last_used_at")
        .doesNotContainKeys("key", "key_hash");
    assertThat(shown.toString()).doesNotContain(key);
  }

  @Test
  @SuppressWarnings("unchecked")
  void listIsKeysetPagedNewestFirstAndLeavesOutRevokedKeys() {
    Tenant tenant = newTenant();
    String first = (String) create(tenant.apiKey(), key("first", "posts:read")).get("id");
    String second = (String) create(tenant.apiKey(), key("second", "posts:read")).get("id");
    String third = (String) create(tenant.apiKey(), key("third", "posts:read")).get("id");
    revoke(tenant.apiKey(), second).expectStatus().isNoContent();

    Map<String, Object> page1 = ok(get(tenant.apiKey(), "/v1/keys?limit=2"));
    List<Map<String, Object>> data1 = (List<Map<String, Object>>) page1.get("data");
    assertThat(data1).extracting(k -> k.get("id")).containsExactly(third, first);
    assertThat(data1).allSatisfy(k -> assertThat(k).doesNotContainKeys("key", "key_hash"));
    String cursor = (String) page1.get("next_cursor");
    assertThat(cursor).isNotNull();

    Map<String, Object> page2 = ok(get(tenant.apiKey(), "/v1/keys?limit=2&cursor=" + cursor));
    List<Map<String, Object>> data2 = (List<Map<String, Object>>) page2.get("data");
    assertThat(data2).extracting(k -> k.get("name")).containsExactly("Bootstrap key");
    assertThat(page2.get("next_cursor")).isNull();

    get(tenant.apiKey(), "/v1/keys/" + second)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    revoke(tenant.apiKey(), second).expectStatus().isNotFound();
  }

  @Test
  void badListParametersAnswer400() {
    Tenant tenant = newTenant();

    get(tenant.apiKey(), "/v1/keys?limit=0")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_limit");
    get(tenant.apiKey(), "/v1/keys?cursor=not-a-cursor")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_cursor");
  }

  @Test
  void anotherWorkspacesKeyCanNeitherBeReadNorRevoked() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    Map<String, Object> created = create(owner.apiKey(), key("owner's", "posts:read"));
    String id = (String) created.get("id");

    get(other.apiKey(), "/v1/keys/" + id)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
    revoke(other.apiKey(), id).expectStatus().isNotFound();
    get(other.apiKey(), "/v1/keys")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[?(@.id == '" + id + "')]")
        .doesNotExist();

    get((String) created.get("key"), "/v1/posts").exchange().expectStatus().isOk();
  }

  @Test
  void aKeyCannotGrantAScopeItDoesNotHold() {
    Tenant tenant = newTenant();
    String manager =
        (String) create(tenant.apiKey(), key("manager", "keys:manage", "posts:read")).get("key");

    post(manager, key("escalated", "posts:read", "posts:write", "posts:publish"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("keys.scope_escalation")
        .jsonPath("$.error.meta.not_held")
        .isEqualTo(List.of("posts:write", "posts:publish"))
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains("posts:write"));

    post(manager, key("narrower", "posts:read")).expectStatus().isCreated();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aKeySeesAndRevokesOnlyKeysWithinItsOwnScopes() {
    Tenant tenant = newTenant();
    Map<String, Object> manager =
        create(tenant.apiKey(), key("manager", "keys:manage", "posts:read"));
    Map<String, Object> broader =
        create(tenant.apiKey(), key("writer", "posts:read", "posts:write"));
    Map<String, Object> narrower = create(tenant.apiKey(), key("reader", "posts:read"));
    String managerKey = (String) manager.get("key");

    List<Map<String, Object>> listed =
        (List<Map<String, Object>>) ok(get(managerKey, "/v1/keys")).get("data");
    assertThat(listed)
        .extracting(k -> k.get("id"))
        .containsExactlyInAnyOrder(manager.get("id"), narrower.get("id"));
    get(managerKey, "/v1/keys/" + broader.get("id")).exchange().expectStatus().isNotFound();
    revoke(managerKey, (String) broader.get("id")).expectStatus().isNotFound();
    get((String) broader.get("key"), "/v1/posts").exchange().expectStatus().isOk();
    // nor the bootstrap key, which holds every scope
    assertThat(listed).extracting(k -> k.get("name")).doesNotContain("Bootstrap key");

    get(managerKey, "/v1/keys/" + narrower.get("id")).exchange().expectStatus().isOk();
    revoke(managerKey, (String) narrower.get("id")).expectStatus().isNoContent();
    get((String) narrower.get("key"), "/v1/posts").exchange().expectStatus().isUnauthorized();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aBrandRestrictedKeySeesAndRevokesOnlyKeysOfItsBrands() {
    Tenant tenant = newTenant();
    String brandA = brand(tenant);
    String brandB = brand(tenant);
    Map<String, Object> manager =
        create(
            tenant.apiKey(),
            withBrands(key("brand A manager", "keys:manage", "posts:read"), brandA));
    Map<String, Object> sameBrand =
        create(tenant.apiKey(), withBrands(key("brand A reader", "posts:read"), brandA));
    Map<String, Object> otherBrand =
        create(tenant.apiKey(), withBrands(key("brand B reader", "posts:read"), brandB));
    Map<String, Object> everyBrand =
        create(tenant.apiKey(), key("all brands reader", "posts:read"));
    String managerKey = (String) manager.get("key");

    List<Map<String, Object>> listed =
        (List<Map<String, Object>>) ok(get(managerKey, "/v1/keys")).get("data");
    assertThat(listed)
        .extracting(k -> k.get("id"))
        .containsExactlyInAnyOrder(manager.get("id"), sameBrand.get("id"));
    for (Map<String, Object> outOfReach : List.of(otherBrand, everyBrand)) {
      get(managerKey, "/v1/keys/" + outOfReach.get("id")).exchange().expectStatus().isNotFound();
      revoke(managerKey, (String) outOfReach.get("id")).expectStatus().isNotFound();
      get((String) outOfReach.get("key"), "/v1/posts").exchange().expectStatus().isOk();
    }
    revoke(managerKey, (String) sameBrand.get("id")).expectStatus().isNoContent();
  }

  @Test
  void aKeyWithoutKeysManageCannotUseAnyKeyRoute() {
    Tenant tenant = newTenant();
    Map<String, Object> created = create(tenant.apiKey(), key("reader", "posts:read"));
    String reader = (String) created.get("key");
    String id = (String) created.get("id");

    for (WebTestClient.ResponseSpec response :
        List.of(
            post(reader, key("x", "posts:read")),
            get(reader, "/v1/keys").exchange(),
            get(reader, "/v1/keys/" + id).exchange(),
            revoke(reader, id))) {
      response
          .expectStatus()
          .isForbidden()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("auth.forbidden_scope")
          .jsonPath("$.error.meta.required_scope")
          .isEqualTo("keys:manage");
    }
    get(reader, "/v1/posts").exchange().expectStatus().isOk();
  }

  @Test
  void aBrandRestrictedKeyCanOnlyGrantItsOwnBrands() {
    Tenant tenant = newTenant();
    String brandA = brand(tenant);
    String brandB = brand(tenant);
    Map<String, Object> restricted =
        create(
            tenant.apiKey(),
            withBrands(key("brand A manager", "keys:manage", "posts:read"), brandA));
    assertThat(restricted).containsEntry("brand_ids", List.of(brandA));
    String manager = (String) restricted.get("key");

    post(manager, key("all brands", "posts:read"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("keys.brand_escalation")
        .jsonPath("$.error.meta.held")
        .isEqualTo(List.of(brandA));
    post(manager, withBrands(key("brand B", "posts:read"), brandB))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("keys.brand_escalation")
        .jsonPath("$.error.meta.not_held")
        .isEqualTo(List.of(brandB));
    post(manager, withBrands(key("both", "posts:read"), brandA, brandB))
        .expectStatus()
        .isForbidden();

    post(manager, withBrands(key("brand A reader", "posts:read"), brandA))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.brand_ids")
        .isEqualTo(List.of(brandA));
  }

  @Test
  void brandsMustExistInTheWorkspace() {
    Tenant tenant = newTenant();
    Tenant other = newTenant();
    String ours = brand(tenant);
    String theirs = brand(other);

    post(tenant.apiKey(), withBrands(key("mixed", "posts:read"), ours, theirs, "brd_missing"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("keys.unknown_brands")
        .jsonPath("$.error.meta.invalid")
        .isEqualTo(List.of(theirs, "brd_missing"));
    assertThat(
            jdbc.sql("SELECT count(*) FROM api_keys WHERE workspace_id = :ws")
                .param("ws", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void unknownScopesAnswer400ListingTheValidOnes() {
    Tenant tenant = newTenant();

    post(tenant.apiKey(), key("typo", "posts:read", "post:write", "admin"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("keys.unknown_scopes")
        .jsonPath("$.error.meta.invalid")
        .isEqualTo(List.of("post:write", "admin"))
        .jsonPath("$.error.meta.valid")
        .value(valid -> assertThat((List<String>) valid).contains("posts:write", "keys:manage"));
    post(tenant.apiKey(), Map.of("name", "none", "scopes", List.of()))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("scopes");
    post(tenant.apiKey(), Map.of("name", "wrong type", "scopes", "posts:read"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("scopes");
  }

  @Test
  void expiresAtMustBeAnRfc3339TimeInTheFuture() {
    Tenant tenant = newTenant();

    for (String bad : List.of("tomorrow", "2027-01-01", "2027-01-01T10:00:00", "")) {
      post(tenant.apiKey(), withExpiry(key("bad expiry", "posts:read"), bad))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.invalid_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("expires_at");
    }
    post(
            tenant.apiKey(),
            withExpiry(key("past", "posts:read"), Instant.now().minusSeconds(60).toString()))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("keys.expiry_in_past");
    post(tenant.apiKey(), withExpiry(key("offset", "posts:read"), "2099-01-01T10:00:00+02:00"))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.expires_at")
        .isEqualTo("2099-01-01T08:00:00Z");
  }

  @Test
  void nameIsRequiredAndAtMostOneHundredCharacters() {
    Tenant tenant = newTenant();

    post(tenant.apiKey(), Map.of("scopes", List.of("posts:read")))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("name");
    post(tenant.apiKey(), key(" ", "posts:read")).expectStatus().isBadRequest();
    post(tenant.apiKey(), key("n".repeat(101), "posts:read"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.max")
        .isEqualTo(100);
    post(tenant.apiKey(), key("n".repeat(100), "posts:read")).expectStatus().isCreated();
  }

  @Test
  void malformedBodiesAnswer400WithTheEnvelope() {
    Tenant tenant = newTenant();

    http.post()
        .uri("/v1/keys")
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.malformed_json");
    post(
            tenant.apiKey(),
            Map.of("name", "x", "scopes", List.of("posts:read"), "rate_limit_per_minute", "fast"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("rate_limit_per_minute");
  }

  @Test
  void aKeyCannotGrantAHigherRateLimitThanItsOwn() {
    Tenant tenant = newTenant();
    Map<String, Object> limited =
        new HashMap<>(key("limited manager", "keys:manage", "posts:read"));
    limited.put("rate_limit_per_minute", 100);
    String manager = (String) create(tenant.apiKey(), limited).get("key");

    post(manager, withRateLimit(key("faster", "posts:read"), 101))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("keys.rate_limit_escalation")
        .jsonPath("$.error.meta.max")
        .isEqualTo(100);
    post(manager, withRateLimit(key("slower", "posts:read"), 50))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.rate_limit_per_minute")
        .isEqualTo(50);
    post(manager, key("inherits", "posts:read"))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.rate_limit_per_minute")
        .isEqualTo(100);
    post(tenant.apiKey(), withRateLimit(key("zero", "posts:read"), 0))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("rate_limit_per_minute");
    // the bootstrap key follows the gateway's default, so it may hand out a high limit (bench does)
    post(tenant.apiKey(), withRateLimit(key("bench", "posts:read"), 100_000))
        .expectStatus()
        .isCreated();
  }

  @Test
  void aRevokedKeyIsRefusedWithInvalidKey() {
    Tenant tenant = newTenant();
    Map<String, Object> created = create(tenant.apiKey(), key("to revoke", "posts:read"));
    String key = (String) created.get("key");
    get(key, "/v1/posts").exchange().expectStatus().isOk();

    revoke(tenant.apiKey(), (String) created.get("id")).expectStatus().isNoContent();

    get(key, "/v1/posts")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.invalid_key");
    assertThat(
            jdbc.sql("SELECT revoked_at IS NOT NULL FROM api_keys WHERE id = :id")
                .param("id", created.get("id"))
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void aKeyMayRevokeItself() {
    Tenant tenant = newTenant();
    Map<String, Object> created = create(tenant.apiKey(), key("self", "keys:manage"));
    String key = (String) created.get("key");

    revoke(key, (String) created.get("id")).expectStatus().isNoContent();

    get(key, "/v1/keys")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.invalid_key");
    get(tenant.apiKey(), "/v1/keys").exchange().expectStatus().isOk();
  }

  @Test
  void anExpiredKeyIsRefusedWithInvalidKey() {
    Tenant tenant = newTenant();
    Instant expiry = Instant.now().plusSeconds(2);
    String key =
        (String)
            create(tenant.apiKey(), withExpiry(key("short-lived", "posts:read"), expiry.toString()))
                .get("key");
    get(key, "/v1/posts").exchange().expectStatus().isOk();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                get(key, "/v1/posts")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.error.code")
                    .isEqualTo("auth.invalid_key"));
    assertThat(Instant.now()).isAfter(expiry);
  }

  @Test
  @SuppressWarnings("unchecked")
  void lastUsedAtShowsWhenAKeyWasLastUsed() {
    Tenant tenant = newTenant();
    Map<String, Object> created = create(tenant.apiKey(), key("tracked", "posts:read"));
    String id = (String) created.get("id");
    Map<String, Object> before =
        (Map<String, Object>) ok(get(tenant.apiKey(), "/v1/keys/" + id)).get("data");
    assertThat(before.get("last_used_at")).isNull();
    Instant usedFrom = Instant.now().minusSeconds(1);

    get((String) created.get("key"), "/v1/posts").exchange().expectStatus().isOk();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Map<String, Object> after =
                  (Map<String, Object>) ok(get(tenant.apiKey(), "/v1/keys/" + id)).get("data");
              assertThat(after.get("last_used_at")).isNotNull();
              assertThat(Instant.parse((String) after.get("last_used_at"))).isAfter(usedFrom);
            });
    Object recorded =
        ((Map<String, Object>) ok(get(tenant.apiKey(), "/v1/keys/" + id)).get("data"))
            .get("last_used_at");

    // not a write per request: within the minute, further requests leave it as it was
    for (int i = 0; i < 5; i++) {
      get((String) created.get("key"), "/v1/posts").exchange().expectStatus().isOk();
    }
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        ((Map<String, Object>)
                                ok(get(tenant.apiKey(), "/v1/keys/" + id)).get("data"))
                            .get("last_used_at"))
                    .isEqualTo(recorded));
  }

  @Test
  void aChangeMadeDirectlyInTheDatabaseReachesTheCache() {
    Tenant tenant = newTenant();
    Map<String, Object> created =
        create(tenant.apiKey(), key("narrowed", "posts:read", "accounts:read"));
    String key = (String) created.get("key");
    get(key, "/v1/accounts").exchange().expectStatus().isOk();

    jdbc.sql("UPDATE api_keys SET scopes = ARRAY['posts:read'] WHERE id = :id")
        .param("id", created.get("id"))
        .update();

    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() -> get(key, "/v1/accounts").exchange().expectStatus().isForbidden());
    get(key, "/v1/posts").exchange().expectStatus().isOk();
  }

  // helpers

  private String brand(Tenant tenant) {
    String id = Ids.newId("brd");
    jdbc.sql("INSERT INTO brands (id, workspace_id, name) VALUES (:id, :ws, :name)")
        .param("id", id)
        .param("ws", tenant.workspaceId())
        .param("name", "Brand " + id)
        .update();
    return id;
  }

  private static Map<String, Object> key(String name, String... scopes) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("scopes", List.of(scopes));
    return body;
  }

  private static Map<String, Object> withBrands(Map<String, Object> body, String... brands) {
    body.put("brand_ids", List.of(brands));
    return body;
  }

  private static Map<String, Object> withExpiry(Map<String, Object> body, String expiresAt) {
    body.put("expires_at", expiresAt);
    return body;
  }

  private static Map<String, Object> withRateLimit(Map<String, Object> body, int perMinute) {
    body.put("rate_limit_per_minute", perMinute);
    return body;
  }

  private WebTestClient.ResponseSpec post(String apiKey, Object body) {
    return http.post()
        .uri("/v1/keys")
        .header("Authorization", "Bearer " + apiKey)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> create(String apiKey, Object body) {
    Map<String, Object> answer =
        post(apiKey, body)
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (Map<String, Object>) answer.get("data");
  }

  private WebTestClient.RequestHeadersSpec<?> get(String apiKey, String uri) {
    return http.get().uri(uri).header("Authorization", "Bearer " + apiKey);
  }

  private WebTestClient.ResponseSpec revoke(String apiKey, String id) {
    return http.delete()
        .uri("/v1/keys/" + id)
        .header("Authorization", "Bearer " + apiKey)
        .exchange();
  }

  private static Map<String, Object> ok(WebTestClient.RequestHeadersSpec<?> request) {
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }
}
