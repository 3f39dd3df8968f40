package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BlueskySimulatorTests {

  private static final String DID = "did:plc:sim1";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebTestClient client = SharedSandbox.client();

  @BeforeEach
  void registerAccount() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform", "bluesky",
                "account_id", DID,
                "username", "sim.bsky.social",
                "access_token", "app-pass"))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void opensASessionWithTheAppPasswordAndRefusesAWrongOne() {
    JsonNode session = session();

    assertThat(session.path("did").asString()).isEqualTo(DID);
    assertThat(session.path("accessJwt").asString()).isNotBlank();
    client
        .post()
        .uri("/bluesky/xrpc/com.atproto.server.createSession")
        .bodyValue(Map.of("identifier", DID, "password", "wrong"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("AuthenticationRequired");
  }

  @Test
  void createsAPostWithRateHeadersAndRefusesFacetsThatSplitACharacter() {
    String access = session().path("accessJwt").asString();

    client
        .post()
        .uri("/bluesky/xrpc/com.atproto.repo.createRecord")
        .header("Authorization", "Bearer " + access)
        .bodyValue(post("é link", List.of(Map.of("byteStart", 1, "byteEnd", 3))))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("InvalidRequest");
    client
        .post()
        .uri("/bluesky/xrpc/com.atproto.repo.createRecord")
        .header("Authorization", "Bearer " + access)
        .bodyValue(post("é link", List.of(Map.of("byteStart", 3, "byteEnd", 7))))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("ratelimit-remaining", "4994")
        .expectHeader()
        .valueEquals("ratelimit-policy", "5000;w=3600")
        .expectBody()
        .jsonPath("$.uri")
        .value(uri -> assertThat((String) uri).startsWith("at://" + DID + "/app.bsky.feed.post/"));
  }

  @Test
  void expiresAccessTokensAndRotatesRefreshTokens() {
    JsonNode session = session();
    client
        .post()
        .uri("/_sandbox/bluesky/expire-sessions")
        .bodyValue(Map.of("account_id", DID))
        .exchange()
        .expectStatus()
        .isOk();

    client
        .get()
        .uri(
            "/bluesky/xrpc/com.atproto.repo.listRecords?repo="
                + DID
                + "&collection=app.bsky.feed.post")
        .header("Authorization", "Bearer " + session.path("accessJwt").asString())
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("ExpiredToken");
    refresh(session.path("refreshJwt").asString()).expectStatus().isOk();
    refresh(session.path("refreshJwt").asString())
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("ExpiredToken");
  }

  private WebTestClient.ResponseSpec refresh(String refreshJwt) {
    return client
        .post()
        .uri("/bluesky/xrpc/com.atproto.server.refreshSession")
        .header("Authorization", "Bearer " + refreshJwt)
        .exchange();
  }

  private JsonNode session() {
    byte[] body =
        client
            .post()
            .uri("/bluesky/xrpc/com.atproto.server.createSession")
            .bodyValue(Map.of("identifier", "sim.bsky.social", "password", "app-pass"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(body);
  }

  private static Map<String, Object> post(String text, List<Map<String, Integer>> ranges) {
    List<Map<String, Object>> facets =
        ranges.stream()
            .map(
                r ->
                    Map.<String, Object>of(
                        "index",
                        r,
                        "features",
                        List.of(
                            Map.of(
                                "$type", "app.bsky.richtext.facet#link",
                                "uri", "https://example.com"))))
            .toList();
    return Map.of(
        "repo",
        DID,
        "collection",
        "app.bsky.feed.post",
        "record",
        Map.of(
            "$type",
            "app.bsky.feed.post",
            "text",
            text,
            "createdAt",
            "2026-12-03T08:00:00Z",
            "facets",
            facets));
  }
}
