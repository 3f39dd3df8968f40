package dev.omnipost.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.sandbox.PlatformSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * LinkedIn, Pinterest, YouTube, Threads and Google Business Profile connected through their
 * sign-ins against the sandbox: approved, refused, PKCE where the client uses it, and the default
 * board (Pinterest) and location (Google Business) chosen at connect.
 */
class PlatformConnectFlowTests extends GatewayTestSupport {

  static final PlatformSandbox SANDBOX = PlatformSandbox.start(0);
  static final String CLIENT_APP = "http://localhost:7777/done";

  @DynamicPropertySource
  static void sandbox(DynamicPropertyRegistry registry) {
    for (String platform :
        List.of("linkedin", "pinterest", "youtube", "threads", "google_business")) {
      registry.add("omnipost.oauth.hosts." + platform, () -> SANDBOX.baseUrl() + "/" + platform);
    }
  }

  @Autowired private JdbcClient jdbc;

  private final WebTestClient sandbox =
      WebTestClient.bindToServer()
          .baseUrl(SANDBOX.baseUrl())
          .responseTimeout(Duration.ofSeconds(10))
          .build();

  @ParameterizedTest
  @ValueSource(strings = {"linkedin", "youtube", "threads"})
  void anApprovedConsentConnectsTheAccount(String platform) {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started = startConnect(tenant, platform);
    consent(platform, (String) started.get("state"), "approve", "u" + platform.length(), "chef");

    Map<String, String> back = query(callbackOnce(platformRedirect(started)));

    assertThat(back).containsEntry("state", (String) started.get("state"));
    String id = back.get("account_id");
    assertThat(id).as(back.toString()).isNotBlank();
    get(tenant, "/v1/accounts/" + id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.platform")
        .isEqualTo(platform)
        .jsonPath("$.data.status")
        .isEqualTo("connected")
        .jsonPath("$.data.token_expires_at")
        .isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"linkedin", "pinterest", "youtube", "threads", "google_business"})
  void aRefusedConsentSendsTheUserBackWithAccessDeniedAndConnectsNothing(String platform) {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started = startConnect(tenant, platform);
    consent(platform, (String) started.get("state"), "refuse", "m1", "member");

    Map<String, String> back = query(callbackOnce(platformRedirect(started)));

    assertThat(back).containsEntry("error", "access_denied").doesNotContainKey("account_id");
    get(tenant, "/v1/accounts").exchange().expectBody().jsonPath("$.data.length()").isEqualTo(0);
  }

  @Test
  void youTubeSignsInWithPkceAndATamperedChallengeFailsTheExchange() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started = startConnect(tenant, "youtube");
    Map<String, String> authorize = query(URI.create((String) started.get("authorize_url")));
    assertThat(authorize)
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("access_type", "offline")
        .containsKey("code_challenge");
    String tampered =
        UriComponentsBuilder.fromUriString((String) started.get("authorize_url"))
            .replaceQueryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
            .build()
            .toUriString();

    Map<String, String> back = query(callbackOnce(platformRedirect(tampered)));

    assertThat(back).containsEntry("error", "sign_in_refused");
    get(tenant, "/v1/accounts").exchange().expectBody().jsonPath("$.data.length()").isEqualTo(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"linkedin", "pinterest", "threads"})
  void platformsWithoutPkceGetNoChallenge(String platform) {
    Tenant tenant = tenantAllowing(CLIENT_APP);

    Map<String, String> authorize =
        query(URI.create((String) startConnect(tenant, platform).get("authorize_url")));

    assertThat(authorize).doesNotContainKey("code_challenge").containsKey("state");
  }

  @Test
  void pinterestOffersTheUsersBoardsAndTheChosenOneIsTheDefaultBoard() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Tenant other = tenantAllowing(CLIENT_APP);
    for (String[] board :
        List.of(new String[] {"5001", "Recipes"}, new String[] {"5002", "Shop"})) {
      sandbox
          .post()
          .uri("/_sandbox/pinterest/boards")
          .bodyValue(
              Map.of(
                  "account_id", "77", "username", "baker", "board_id", board[0], "name", board[1]))
          .exchange()
          .expectStatus()
          .isCreated();
    }
    Map<String, Object> started = startConnect(tenant, "pinterest");
    String state = (String) started.get("state");
    consent("pinterest", state, "approve", "77", "baker");

    Map<String, String> back = query(callbackOnce(platformRedirect(started)));

    assertThat(back).containsEntry("choose", "required").doesNotContainKey("account_id");
    get(other, "/v1/accounts/connect/" + state + "/choices").exchange().expectStatus().isNotFound();
    get(tenant, "/v1/accounts/connect/" + state + "/choices")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.data[0].kind")
        .isEqualTo("board")
        .jsonPath("$.data[?(@.id == '5002')].name")
        .isEqualTo("Shop");
    post(tenant, "/v1/accounts/connect/" + state + "/choose")
        .bodyValue(Map.of("account_ids", List.of("5001", "5002")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field");
    post(tenant, "/v1/accounts/connect/" + state + "/choose")
        .bodyValue(Map.of("account_ids", List.of("9999")))
        .exchange()
        .expectStatus()
        .isBadRequest();

    String account =
        post(tenant, "/v1/accounts/connect/" + state + "/choose")
            .bodyValue(Map.of("account_ids", List.of("5002")))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data")
            .toString();

    Map<String, Object> row =
        jdbc.sql(
                "SELECT platform_account_id, settings->>'board_id' AS board, handle FROM accounts"
                    + " WHERE workspace_id = ?")
            .param(tenant.workspaceId())
            .query()
            .singleRow();
    assertThat(row).containsEntry("platform_account_id", "77").containsEntry("board", "5002");
    assertThat(account).contains("baker");
  }

  @Test
  void googleBusinessOffersTheProfilesLocationsAndTheChosenOneIsWherePostsGo() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started = startConnect(tenant, "google_business");
    String state = (String) started.get("state");
    consent("google_business", state, "approve", "4242", "Bakery");

    Map<String, String> back = query(callbackOnce(platformRedirect(started)));

    assertThat(back).containsEntry("choose", "required");
    get(tenant, "/v1/accounts/connect/" + state + "/choices")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.data[0].kind")
        .isEqualTo("location")
        .jsonPath("$.data[0].id")
        .isEqualTo("accounts/4242/locations/424201");
    post(tenant, "/v1/accounts/connect/" + state + "/choose")
        .bodyValue(Map.of("account_ids", List.of("accounts/4242/locations/424202")))
        .exchange()
        .expectStatus()
        .isCreated();
    post(tenant, "/v1/accounts/connect/" + state + "/choose")
        .bodyValue(Map.of("account_ids", List.of("accounts/4242/locations/424201")))
        .exchange()
        .expectStatus()
        .isEqualTo(409);

    Map<String, Object> row =
        jdbc.sql(
                "SELECT platform_account_id, settings->>'location_name' AS location,"
                    + " refresh_token_enc IS NOT NULL AS refreshable FROM accounts"
                    + " WHERE workspace_id = ?")
            .param(tenant.workspaceId())
            .query()
            .singleRow();
    assertThat(row)
        .containsEntry("platform_account_id", "accounts/4242")
        .containsEntry("location", "accounts/4242/locations/424202")
        .containsEntry("refreshable", true);
  }

  @Test
  void anAccountsLimitsCarryThePlatformsRemainingBudgetAsLastSeen() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started = startConnect(tenant, "threads");
    consent("threads", (String) started.get("state"), "approve", "3131", "chef");
    String account = query(callbackOnce(platformRedirect(started))).get("account_id");
    get(tenant, "/v1/accounts/" + account + "/limits")
        .exchange()
        .expectBody()
        .jsonPath("$.data.rate")
        .doesNotExist();

    // what the publisher records when a connector reports the platform's rate headers
    jdbc.sql(
            "INSERT INTO account_rate_budgets (account_id, remaining, resets_at, observed_at)"
                + " VALUES (?, 37, '2026-12-03T12:00:00Z', '2026-12-03T11:00:00Z')")
        .param(account)
        .update();

    get(tenant, "/v1/accounts/" + account + "/limits")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.rate.remaining")
        .isEqualTo(37)
        .jsonPath("$.data.rate.resets_at")
        .isEqualTo("2026-12-03T12:00:00Z")
        .jsonPath("$.data.rate.observed_at")
        .isEqualTo("2026-12-03T11:00:00Z");
    get(newTenant(), "/v1/accounts/" + account + "/limits").exchange().expectStatus().isNotFound();
  }

  private Tenant tenantAllowing(String uri) {
    Tenant tenant = newTenant();
    post(tenant, "/v1/oauth/redirect-uris")
        .bodyValue(Map.of("uri", uri))
        .exchange()
        .expectStatus()
        .isCreated();
    return tenant;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> startConnect(Tenant tenant, String platform) {
    Map<String, Object> answer =
        post(tenant, "/v1/accounts/connect")
            .bodyValue(Map.of("platform", platform, "redirect_uri", CLIENT_APP))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (Map<String, Object>) answer.get("data");
  }

  private void consent(
      String platform, String state, String decision, String accountId, String username) {
    sandbox
        .post()
        .uri("/_sandbox/oauth/consent")
        .bodyValue(
            Map.of(
                "platform",
                platform,
                "state",
                state,
                "decision",
                decision,
                "accounts",
                List.of(Map.of("account_id", accountId, "username", username))))
        .exchange()
        .expectStatus()
        .isOk();
  }

  private URI platformRedirect(Map<String, Object> started) {
    return platformRedirect((String) started.get("authorize_url"));
  }

  private URI platformRedirect(String authorizeUrl) {
    URI location =
        sandbox
            .get()
            .uri(URI.create(authorizeUrl))
            .exchange()
            .expectStatus()
            .isFound()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getLocation();
    assertThat(location.getPath()).startsWith("/v1/oauth/callback/");
    return location;
  }

  private URI callbackOnce(URI callback) {
    URI location =
        http.get()
            .uri(callback.getRawPath() + "?" + callback.getRawQuery())
            .exchange()
            .expectStatus()
            .isFound()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getLocation();
    assertThat(location.toString()).startsWith(CLIENT_APP);
    return location;
  }

  private static Map<String, String> query(URI uri) {
    return UriComponentsBuilder.fromUri(uri)
        .build()
        .getQueryParams()
        .toSingleValueMap()
        .entrySet()
        .stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e ->
                    java.net.URLDecoder.decode(
                        e.getValue(), java.nio.charset.StandardCharsets.UTF_8)));
  }
}
