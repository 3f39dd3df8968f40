package dev.omnipost.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.TestClock;
import dev.omnipost.sandbox.PlatformSandbox;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

/** Connecting accounts through the platforms' sign-ins, against the platform sandbox. */
class ConnectFlowTests extends GatewayTestSupport {

  static final PlatformSandbox SANDBOX = PlatformSandbox.start(0);
  static final String CLIENT_APP = "http://localhost:7777/done";

  @DynamicPropertySource
  static void sandbox(DynamicPropertyRegistry registry) {
    String base = SANDBOX.baseUrl();
    Map.of(
            "twitter", "/x",
            "instagram", "/instagram",
            "facebook", "/facebook",
            "linkedin", "/linkedin",
            "tiktok", "/tiktok",
            "youtube", "/youtube",
            "bluesky", "/bluesky")
        .forEach(
            (platform, prefix) ->
                registry.add("omnipost.oauth.hosts." + platform, () -> base + prefix));
    registry.add("omnipost.oauth.instance-networks", () -> "127.0.0.1/32:" + SANDBOX.port());
  }

  @Autowired private TestClock.Settable clock;
  @Autowired private JdbcClient jdbc;

  private final WebTestClient sandbox =
      WebTestClient.bindToServer()
          .baseUrl(SANDBOX.baseUrl())
          .responseTimeout(Duration.ofSeconds(10))
          .build();

  @AfterEach
  void releaseClock() {
    clock.release();
  }

  @Test
  void anApprovedConsentConnectsTheAccountWithItsTokenEncrypted() {
    Tenant tenant = tenantAllowing("http://localhost");
    Map<String, Object> started =
        connect(tenant, Map.of("platform", "x", "redirect_uri", CLIENT_APP));
    consent("twitter", (String) started.get("state"), "approve", "2244", "chef");

    Map<String, String> back = followToClient(started);

    assertThat(back)
        .containsEntry("state", (String) started.get("state"))
        .containsKey("account_id");
    get(tenant, "/v1/accounts/" + back.get("account_id"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.platform")
        .isEqualTo("twitter")
        .jsonPath("$.data.handle")
        .isEqualTo("chef")
        .jsonPath("$.data.status")
        .isEqualTo("connected")
        .jsonPath("$.data.token_expires_at")
        .isNotEmpty();
    String stored =
        jdbc.sql("SELECT encode(access_token_enc, 'escape') FROM accounts WHERE id = ?")
            .param(back.get("account_id"))
            .query(String.class)
            .single();
    assertThat(stored).doesNotContain("at_");
    assertThat(events(tenant, back.get("account_id"))).contains("account.connected");
  }

  @Test
  void aRefusedConsentSendsTheUserBackWithAccessDenied() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started =
        connect(tenant, Map.of("platform", "linkedin", "redirect_uri", CLIENT_APP));
    consent("linkedin", (String) started.get("state"), "refuse", "m1", "member");

    Map<String, String> back = followToClient(started);

    assertThat(back).containsEntry("error", "access_denied").doesNotContainKey("account_id");
    get(tenant, "/v1/accounts").exchange().expectBody().jsonPath("$.data.length()").isEqualTo(0);
  }

  @Test
  void aStateServesOneCallbackOnly() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started =
        connect(tenant, Map.of("platform", "tiktok", "redirect_uri", CLIENT_APP));
    URI callback = platformRedirect(started);
    assertThat(query(callbackOnce(callback))).containsKey("account_id");

    Map<String, String> again = query(callbackOnce(callback));

    assertThat(again).containsEntry("error", "state_already_used");
  }

  @Test
  void aStateOlderThanTenMinutesIsRefused() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started =
        connect(tenant, Map.of("platform", "youtube", "redirect_uri", CLIENT_APP));
    URI callback = platformRedirect(started);
    clock.fix(Instant.now().plus(Duration.ofMinutes(11)));

    Map<String, String> back = query(callbackOnce(callback));

    assertThat(back).containsEntry("error", "state_expired");
    get(tenant, "/v1/accounts").exchange().expectBody().jsonPath("$.data.length()").isEqualTo(0);
  }

  @Test
  void aTamperedCodeChallengeFailsTheExchange() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Map<String, Object> started =
        connect(tenant, Map.of("platform", "twitter", "redirect_uri", CLIENT_APP));
    String tampered =
        UriComponentsBuilder.fromUriString((String) started.get("authorize_url"))
            .replaceQueryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
            .build()
            .toUriString();

    Map<String, String> back = query(callbackOnce(platformRedirect(tampered)));

    assertThat(back).containsEntry("error", "sign_in_refused");
    assertThat(back.get("error_description")).contains("code_verifier");
  }

  @Test
  void aRedirectUriOffTheAllowListIsRefused() {
    Tenant tenant = tenantAllowing("https://app.example.com/oauth/done");

    post(tenant, "/v1/accounts/connect")
        .bodyValue(
            Map.of("platform", "twitter", "redirect_uri", "https://app.example.com/elsewhere"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("oauth.redirect_uri_not_allowed");
  }

  @Test
  void anUnknownStateAnswersTheEnvelope() {
    http.get()
        .uri("/v1/oauth/callback/twitter?state=nope&code=abc")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("oauth.invalid_state");
  }

  @Test
  void anInstagramLoginOffersItsBusinessAccountsOnlyToTheWorkspaceThatStartedIt() {
    Tenant owner = tenantAllowing(CLIENT_APP);
    Tenant other = tenantAllowing(CLIENT_APP);
    Map<String, Object> started =
        connect(owner, Map.of("platform", "instagram", "redirect_uri", CLIENT_APP));
    String state = (String) started.get("state");
    sandbox
        .post()
        .uri("/_sandbox/oauth/consent")
        .bodyValue(
            Map.of(
                "platform",
                "instagram",
                "decision",
                "approve",
                "state",
                state,
                "accounts",
                List.of(
                    Map.of("account_id", "17841", "username", "bakery"),
                    Map.of("account_id", "17842", "username", "cafe"))))
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(followToClient(started)).containsEntry("choose", "required");

    get(other, "/v1/accounts/connect/" + state + "/choices").exchange().expectStatus().isNotFound();
    get(owner, "/v1/accounts/connect/" + state + "/choices")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.data[0].access_token")
        .doesNotExist();
    post(other, "/v1/accounts/connect/" + state + "/choose")
        .bodyValue(Map.of("account_ids", List.of("17841")))
        .exchange()
        .expectStatus()
        .isNotFound();
    post(owner, "/v1/accounts/connect/" + state + "/choose")
        .bodyValue(Map.of("account_ids", List.of("17841")))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data[0].handle")
        .isEqualTo("bakery");
    post(owner, "/v1/accounts/connect/" + state + "/choose")
        .bodyValue(Map.of("account_ids", List.of("17842")))
        .exchange()
        .expectStatus()
        .isEqualTo(409);

    get(other, "/v1/accounts").exchange().expectBody().jsonPath("$.data.length()").isEqualTo(0);
    get(owner, "/v1/accounts").exchange().expectBody().jsonPath("$.data.length()").isEqualTo(1);
  }

  @Test
  void mastodonRegistersOnceOnAnInstanceAndReusesTheApp() {
    Tenant first = tenantAllowing(CLIENT_APP);
    Tenant second = tenantAllowing(CLIENT_APP);
    String instance = SANDBOX.baseUrl().replace("localhost", "127.0.0.1") + "/mastodon";
    int before = mastodonApps();

    Map<String, String> one =
        followToClient(
            connect(
                first,
                Map.of(
                    "platform", "mastodon", "instance_url", instance, "redirect_uri", CLIENT_APP)));
    Map<String, String> two =
        followToClient(
            connect(
                second,
                Map.of(
                    "platform", "mastodon", "instance_url", instance, "redirect_uri", CLIENT_APP)));

    assertThat(one).containsKey("account_id");
    assertThat(two).containsKey("account_id");
    assertThat(mastodonApps()).isEqualTo(before + 1);
  }

  @Test
  void aMastodonInstanceOnAPrivateNetworkIsRefused() {
    Tenant tenant = tenantAllowing(CLIENT_APP);

    post(tenant, "/v1/accounts/connect")
        .bodyValue(
            Map.of(
                "platform",
                "mastodon",
                "instance_url",
                "http://internal.example",
                "redirect_uri",
                CLIENT_APP))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("oauth.instance_not_allowed");
  }

  @Test
  void blueskyConnectsWithAnAppPassword() {
    Tenant tenant = newTenant();
    sandbox
        .post()
        .uri("/_sandbox/bluesky/app-passwords")
        .bodyValue(Map.of("handle", "baker.bsky.social", "app_password", "aaaa-bbbb-cccc-dddd"))
        .exchange()
        .expectStatus()
        .isCreated();

    post(tenant, "/v1/accounts/connect")
        .bodyValue(
            Map.of(
                "platform", "bluesky", "identifier", "baker.bsky.social", "app_password", "wrong"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("oauth.sign_in_refused");
    post(tenant, "/v1/accounts/connect")
        .bodyValue(
            Map.of(
                "platform",
                "bluesky",
                "identifier",
                "baker.bsky.social",
                "app_password",
                "aaaa-bbbb-cccc-dddd"))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.handle")
        .isEqualTo("baker.bsky.social")
        .jsonPath("$.data.token_expires_at")
        .isEmpty(); // the app password is the credential, and it does not expire
  }

  @Test
  void redirectUrisAreListedAndRemovedPerWorkspace() {
    Tenant tenant = newTenant();
    Tenant other = newTenant();
    String id =
        (String)
            ((Map<?, ?>)
                    post(tenant, "/v1/oauth/redirect-uris")
                        .bodyValue(Map.of("uri", CLIENT_APP))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("data"))
                .get("id");

    http.delete()
        .uri("/v1/oauth/redirect-uris/" + id)
        .header("Authorization", "Bearer " + other.apiKey())
        .exchange()
        .expectStatus()
        .isNotFound();
    get(tenant, "/v1/oauth/redirect-uris")
        .exchange()
        .expectBody()
        .jsonPath("$.data[0].uri")
        .isEqualTo(CLIENT_APP);
    http.delete()
        .uri("/v1/oauth/redirect-uris/" + id)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isNoContent();
    get(tenant, "/v1/oauth/redirect-uris")
        .exchange()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(0);
    post(tenant, "/v1/oauth/redirect-uris")
        .bodyValue(Map.of("uri", "javascript:alert(1)"))
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void disconnectingFailsTheAccountsScheduledTargetsAndHidesItFromOtherWorkspaces() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    Tenant other = newTenant();
    String account =
        followToClient(connect(tenant, Map.of("platform", "twitter", "redirect_uri", CLIENT_APP)))
            .get("account_id");
    String post =
        (String)
            ((Map<?, ?>)
                    post(tenant, "/v1/posts")
                        .bodyValue(
                            Map.of(
                                "text",
                                "Later",
                                "account_ids",
                                List.of(account),
                                "scheduled_at",
                                Instant.now().plus(Duration.ofHours(2)).toString()))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("data"))
                .get("id");

    http.delete()
        .uri("/v1/accounts/" + account)
        .header("Authorization", "Bearer " + other.apiKey())
        .exchange()
        .expectStatus()
        .isNotFound();
    http.delete()
        .uri("/v1/accounts/" + account)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isNoContent();

    get(tenant, "/v1/posts/" + post)
        .exchange()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("failed")
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("failed")
        .jsonPath("$.data.targets[0].error.code")
        .isEqualTo("account_disconnected");
    get(tenant, "/v1/accounts/" + account)
        .exchange()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("revoked");
    assertThat(events(tenant, account)).contains("account.connected", "account.disconnected");
    http.delete()
        .uri("/v1/accounts/" + account)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void anAccountsLimitsAreItsPlatformsRules() {
    Tenant tenant = tenantAllowing(CLIENT_APP);
    String account =
        followToClient(connect(tenant, Map.of("platform", "twitter", "redirect_uri", CLIENT_APP)))
            .get("account_id");

    get(tenant, "/v1/accounts/" + account + "/limits")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.text.max_length")
        .isEqualTo(280)
        .jsonPath("$.data.media.max_count")
        .isEqualTo(4);
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
  private Map<String, Object> connect(Tenant tenant, Map<String, Object> body) {
    Map<String, Object> answer =
        post(tenant, "/v1/accounts/connect")
            .bodyValue(body)
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

  /** The user's browser: consent page, then the gateway's callback, then the client app. */
  private Map<String, String> followToClient(Map<String, Object> started) {
    return query(callbackOnce(platformRedirect(started)));
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
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey,
                e ->
                    java.net.URLDecoder.decode(
                        e.getValue(), java.nio.charset.StandardCharsets.UTF_8)));
  }

  private List<String> events(Tenant tenant, String subject) {
    return jdbc.sql("SELECT type FROM event_log WHERE workspace_id = ? AND subject = ?")
        .param(tenant.workspaceId())
        .param(subject)
        .query(String.class)
        .list();
  }

  private int mastodonApps() {
    return sandbox
        .get()
        .uri("/_sandbox/mastodon/apps")
        .exchange()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody()
        .size();
  }
}
