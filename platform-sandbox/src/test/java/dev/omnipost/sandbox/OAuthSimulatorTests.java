package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OAuthSimulatorTests {

  private static final String CALLBACK = "http://localhost:9999/callback";
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebTestClient client = SharedSandbox.client();

  @BeforeEach
  void reset() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
  }

  @Test
  void xApprovesWithPkceAndTheTokenWorksOnTheApi() {
    consent("twitter", "approve", "s1", "2244", "chef");

    Map<String, String> redirect = authorize("/x/i/oauth2/authorize", "s1", challenge(VERIFIER));
    JsonNode tokens =
        token("/x/2/oauth2/token", form("authorization_code", redirect.get("code"), VERIFIER))
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();

    assertThat(redirect).containsEntry("state", "s1");
    assertThat(tokens.path("expires_in").asLong()).isEqualTo(7200);
    assertThat(tokens.path("refresh_token").asString()).isNotBlank();
    client
        .get()
        .uri("/x/2/users/me")
        .header("Authorization", "Bearer " + tokens.path("access_token").asString())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.id")
        .isEqualTo("2244")
        .jsonPath("$.data.username")
        .isEqualTo("chef");
  }

  @Test
  void aRefusedConsentRedirectsWithAccessDenied() {
    consent("linkedin", "refuse", "s2", "m1", "member");

    Map<String, String> redirect = authorize("/linkedin/oauth/v2/authorization", "s2", null);

    assertThat(redirect).containsEntry("error", "access_denied").containsEntry("state", "s2");
    assertThat(redirect).doesNotContainKey("code");
  }

  @Test
  void xRefusesAMismatchedVerifierAndACodeUsedTwice() {
    Map<String, String> redirect = authorize("/x/i/oauth2/authorize", "s3", challenge(VERIFIER));
    String code = redirect.get("code");

    token(
            "/x/2/oauth2/token",
            form("authorization_code", code, "another-verifier-another-verifier-43chars"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_grant");
    token("/x/2/oauth2/token", form("authorization_code", code, VERIFIER))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_grant");
  }

  @Test
  void xWithoutAChallengeIsAnInvalidRequest() {
    Map<String, String> redirect = authorize("/x/i/oauth2/authorize", "s4", null);

    assertThat(redirect).containsEntry("error", "invalid_request").doesNotContainKey("code");
  }

  @Test
  void tiktokRotatesItsRefreshTokenAndRefusesTheOldOne() {
    JsonNode first =
        exchange("tiktok", "/tiktok/v2/auth/authorize/", "/tiktok/v2/oauth/token/", true);
    String oldRefresh = first.path("refresh_token").asString();

    JsonNode refreshed =
        refresh("/tiktok/v2/oauth/token/", oldRefresh)
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();

    assertThat(first.path("open_id").asString()).isEqualTo("1001");
    assertThat(refreshed.path("refresh_token").asString()).isNotBlank().isNotEqualTo(oldRefresh);
    refresh("/tiktok/v2/oauth/token/", oldRefresh)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_grant");
  }

  @Test
  void googleKeepsItsRefreshTokenAndARevokedGrantIsInvalid() {
    JsonNode first = exchange("youtube", "/youtube/o/oauth2/v2/auth", "/youtube/token", false);
    String refreshToken = first.path("refresh_token").asString();

    refresh("/youtube/token", refreshToken)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.expires_in")
        .isEqualTo(3599)
        .jsonPath("$.refresh_token")
        .doesNotExist();
    client
        .post()
        .uri("/_sandbox/oauth/revocations")
        .bodyValue(Map.of("platform", "youtube", "account_id", "1001"))
        .exchange()
        .expectStatus()
        .isNoContent();

    refresh("/youtube/token", refreshToken)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_grant");
  }

  @Test
  void anAccessTokenStopsWorkingWhenItsLifetimeIsOver() {
    client
        .put()
        .uri("/_sandbox/oauth/lifetimes")
        .bodyValue(Map.of("platform", "pinterest", "access_token_secs", 1))
        .exchange()
        .expectStatus()
        .isOk();
    JsonNode tokens =
        exchange("pinterest", "/pinterest/oauth/", "/pinterest/v5/oauth/token", false);
    String accessToken = tokens.path("access_token").asString();

    assertThat(tokens.path("expires_in").asLong()).isEqualTo(1);
    client
        .get()
        .uri("/pinterest/v5/boards")
        .header("Authorization", "Bearer " + accessToken)
        .exchange()
        .expectStatus()
        .isOk();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                client
                    .get()
                    .uri("/pinterest/v5/boards")
                    .header("Authorization", "Bearer " + accessToken)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized());
    String fresh =
        refresh("/pinterest/v5/oauth/token", tokens.path("refresh_token").asString())
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody()
            .path("access_token")
            .asString();
    client
        .get()
        .uri("/pinterest/v5/boards")
        .header("Authorization", "Bearer " + fresh)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void mastodonRegistersAnAppAndOnlyItsRedirectUrisAreAccepted() {
    JsonNode app =
        client
            .post()
            .uri("/mastodon/api/v1/apps")
            .bodyValue(
                Map.of(
                    "client_name", "Omnipost", "redirect_uris", CALLBACK, "scopes", "read write"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    String clientId = app.path("client_id").asString();

    client
        .get()
        .uri(
            u ->
                u.path("/mastodon/oauth/authorize")
                    .queryParam("client_id", clientId)
                    .queryParam("redirect_uri", "http://evil.example/cb")
                    .queryParam("response_type", "code")
                    .build())
        .exchange()
        .expectStatus()
        .isBadRequest();
    Map<String, String> redirect = authorize("/mastodon/oauth/authorize", clientId, "m1", null);
    MultiValueMap<String, String> form = form("authorization_code", redirect.get("code"), null);
    form.set("client_id", clientId);
    form.add("client_secret", app.path("client_secret").asString());
    token("/mastodon/oauth/token", form)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.access_token")
        .isNotEmpty()
        .jsonPath("$.expires_in")
        .doesNotExist()
        .jsonPath("$.refresh_token")
        .doesNotExist();
    client
        .get()
        .uri("/_sandbox/mastodon/apps")
        .exchange()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(1);
  }

  @Test
  void instagramLoginListsTheBusinessAccountsWithPageTokensThatPublish() {
    client
        .post()
        .uri("/_sandbox/oauth/consent")
        .bodyValue(
            Map.of(
                "platform",
                "instagram",
                "decision",
                "approve",
                "accounts",
                List.of(
                    Map.of("account_id", "17841", "username", "bakery"),
                    Map.of("account_id", "17842", "username", "cafe"))))
        .exchange()
        .expectStatus()
        .isOk();
    Map<String, String> redirect = authorize("/instagram/v21.0/dialog/oauth", "g1", null);

    JsonNode shortLived =
        getJson(
            "/instagram/v21.0/oauth/access_token?client_id=app&client_secret=s&redirect_uri="
                + CALLBACK
                + "&code="
                + redirect.get("code"));
    JsonNode longLived =
        getJson(
            "/instagram/v21.0/oauth/access_token?grant_type=fb_exchange_token&client_id=app"
                + "&client_secret=s&fb_exchange_token="
                + shortLived.path("access_token").asString());
    JsonNode pages =
        getJson(
            "/instagram/v21.0/me/accounts?fields=id,name,access_token,instagram_business_account"
                + "&access_token="
                + longLived.path("access_token").asString());

    assertThat(shortLived.path("expires_in").asLong()).isEqualTo(3600);
    assertThat(longLived.path("expires_in").asLong()).isEqualTo(Duration.ofDays(60).toSeconds());
    assertThat(pages.path("data")).hasSize(2);
    JsonNode first = pages.path("data").get(0);
    assertThat(first.path("instagram_business_account").path("username").asString())
        .isEqualTo("bakery");
    client
        .get()
        .uri("/instagram/v21.0/17841?fields=id,username")
        .header("Authorization", "Bearer " + first.path("access_token").asString())
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void threadsExchangesForALongLivedTokenAndRefreshesIt() {
    Map<String, String> redirect = authorize("/threads/oauth/authorize", "t1", null);
    JsonNode shortLived =
        token("/threads/oauth/access_token", form("authorization_code", redirect.get("code"), null))
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();

    JsonNode longLived =
        getJson(
            "/threads/access_token?grant_type=th_exchange_token&client_secret=s&access_token="
                + shortLived.path("access_token").asString());
    JsonNode refreshed =
        getJson(
            "/threads/refresh_access_token?grant_type=th_refresh_token&access_token="
                + longLived.path("access_token").asString());

    assertThat(shortLived.path("user_id").asString()).isEqualTo("1001");
    assertThat(refreshed.path("expires_in").asLong()).isEqualTo(Duration.ofDays(60).toSeconds());
    client
        .get()
        .uri("/threads/v1.0/me?fields=id,username")
        .header("Authorization", "Bearer " + refreshed.path("access_token").asString())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo("1001");
  }

  /** An app password registered here is an account of the PDS simulator, which opens sessions. */
  @Test
  void aRegisteredAppPasswordOpensBlueskySessions() {
    client
        .post()
        .uri("/_sandbox/bluesky/app-passwords")
        .bodyValue(Map.of("handle", "alice.bsky.social", "app_password", "abcd-efgh-ijkl-mnop"))
        .exchange()
        .expectStatus()
        .isCreated();

    client
        .post()
        .uri("/bluesky/xrpc/com.atproto.server.createSession")
        .bodyValue(Map.of("identifier", "alice.bsky.social", "password", "wrong"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    client
        .post()
        .uri("/bluesky/xrpc/com.atproto.server.createSession")
        .bodyValue(Map.of("identifier", "alice.bsky.social", "password", "abcd-efgh-ijkl-mnop"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.did")
        .isEqualTo("did:plc:alicebskysocial")
        .jsonPath("$.accessJwt")
        .isNotEmpty();
  }

  private JsonNode exchange(String platform, String authorizePath, String tokenPath, boolean pkce) {
    Map<String, String> redirect =
        authorize(authorizePath, platform + "-state", pkce ? challenge(VERIFIER) : null);
    MultiValueMap<String, String> form =
        form("authorization_code", redirect.get("code"), pkce ? VERIFIER : null);
    if (platform.equals("tiktok")) {
      form.add("client_key", "app");
    }
    return token(tokenPath, form)
        .expectStatus()
        .isOk()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  private void consent(
      String platform, String decision, String state, String accountId, String username) {
    client
        .post()
        .uri("/_sandbox/oauth/consent")
        .bodyValue(
            Map.of(
                "platform",
                platform,
                "decision",
                decision,
                "state",
                state,
                "accounts",
                List.of(Map.of("account_id", accountId, "username", username))))
        .exchange()
        .expectStatus()
        .isOk();
  }

  private Map<String, String> authorize(String path, String state, String challenge) {
    return authorize(path, "app", state, challenge);
  }

  private Map<String, String> authorize(
      String path, String clientId, String state, String challenge) {
    String location =
        client
            .get()
            .uri(
                u -> {
                  var builder =
                      u.path(path)
                          .queryParam("client_id", clientId)
                          .queryParam("client_key", clientId)
                          .queryParam("redirect_uri", CALLBACK)
                          .queryParam("response_type", "code")
                          .queryParam("scope", "tweet.read offline.access")
                          .queryParam("state", state);
                  if (challenge != null) {
                    builder
                        .queryParam("code_challenge", challenge)
                        .queryParam("code_challenge_method", "S256");
                  }
                  return builder.build();
                })
            .exchange()
            .expectStatus()
            .isFound()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getLocation()
            .toString();
    assertThat(location).startsWith(CALLBACK);
    return UriComponentsBuilder.fromUri(URI.create(location))
        .build()
        .getQueryParams()
        .toSingleValueMap();
  }

  private static MultiValueMap<String, String> form(
      String grantType, String code, String verifier) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", grantType);
    form.add("code", code);
    form.add("redirect_uri", CALLBACK);
    form.add("client_id", "app");
    if (verifier != null) {
      form.add("code_verifier", verifier);
    }
    return form;
  }

  private WebTestClient.ResponseSpec refresh(String path, String refreshToken) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("grant_type", "refresh_token");
    form.add("refresh_token", refreshToken);
    return token(path, form);
  }

  private WebTestClient.ResponseSpec token(String path, MultiValueMap<String, String> form) {
    return client
        .post()
        .uri(path)
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString("app:secret".getBytes(StandardCharsets.UTF_8)))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData(form))
        .exchange();
  }

  private JsonNode getJson(String uri) {
    byte[] body =
        client
            .get()
            .uri(URI.create(SharedSandbox.SANDBOX.baseUrl() + uri))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(body);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
