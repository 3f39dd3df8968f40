package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

class MastodonSimulatorTests {

  private static final String TOKEN = "masto-token";

  private final WebTestClient client = SharedSandbox.client();

  @BeforeEach
  void registerAccount() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "mastodon",
                "account_id",
                "42",
                "username",
                "alice",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void publishesAFormStatusAndShowsItInTheControlApi() {
    client
        .post()
        .uri("/mastodon/api/v1/statuses")
        .header("Authorization", "Bearer " + TOKEN)
        .header("Idempotency-Key", "target-1")
        .body(
            BodyInserters.fromFormData("status", "Hello <fediverse>")
                .with("visibility", "unlisted"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.id")
        .isNotEmpty()
        .jsonPath("$.content")
        .isEqualTo("<p>Hello &lt;fediverse&gt;</p>")
        .jsonPath("$.visibility")
        .isEqualTo("unlisted")
        .jsonPath("$.account.username")
        .isEqualTo("alice")
        .jsonPath("$.url")
        .value(
            url ->
                assertThat((String) url)
                    .startsWith(SharedSandbox.SANDBOX.mastodonInstanceUrl() + "/@alice/"));
    client
        .get()
        .uri("/_sandbox/posts?platform=mastodon&account_id=42")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(1)
        .jsonPath("$[0].text")
        .isEqualTo("Hello <fediverse>")
        .jsonPath("$[0].idempotency_key")
        .isEqualTo("target-1")
        .jsonPath("$[0].created_at")
        .isNotEmpty();
  }

  @Test
  void answersTheSameStatusForARepeatedIdempotencyKey() {
    String first = postJson("{\"status\":\"once\"}", "key-7");

    String second = postJson("{\"status\":\"once\"}", "key-7");

    assertThat(second).isEqualTo(first);
    assertThat(SharedSandbox.SANDBOX.control().posts("mastodon", "42")).hasSize(1);
  }

  @Test
  void rejectsTextOverFiveHundredCharacters() {
    client
        .post()
        .uri("/mastodon/api/v1/statuses")
        .header("Authorization", "Bearer " + TOKEN)
        .body(BodyInserters.fromFormData("status", "a".repeat(501)))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("Validation failed: Text character limit of 500 exceeded");
  }

  @Test
  void countsEveryUrlAsTwentyThreeCharacters() {
    String text = "a".repeat(477) + "https://example.com/" + "x".repeat(100);

    client
        .post()
        .uri("/mastodon/api/v1/statuses")
        .header("Authorization", "Bearer " + TOKEN)
        .body(BodyInserters.fromFormData("status", text))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void rejectsAnUnknownTokenWithMastodonsError() {
    client
        .get()
        .uri("/mastodon/api/v1/statuses/1")
        .header("Authorization", "Bearer wrong")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("The access token is invalid");
  }

  @Test
  void sendsRateLimitHeadersWithIsoResetTime() {
    client
        .get()
        .uri("/mastodon/api/v1/statuses/1")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .valueEquals("X-RateLimit-Limit", "300")
        .expectHeader()
        .valueMatches("X-RateLimit-Remaining", "\\d+")
        .expectHeader()
        .valueMatches("X-RateLimit-Reset", "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void answers429AfterThreeHundredCallsOfOneToken() {
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "mastodon",
                "account_id",
                "43",
                "username",
                "busy",
                "access_token",
                "busy-token"))
        .exchange()
        .expectStatus()
        .isOk();
    for (int i = 0; i < 300; i++) {
      client
          .get()
          .uri("/mastodon/api/v1/statuses/1")
          .header("Authorization", "Bearer busy-token")
          .exchange()
          .expectStatus()
          .isNotFound();
    }

    client
        .get()
        .uri("/mastodon/api/v1/statuses/1")
        .header("Authorization", "Bearer busy-token")
        .exchange()
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueEquals("X-RateLimit-Remaining", "0");
  }

  @Test
  void processesAnUploadBeforeItCanBeAttached() {
    MultipartBodyBuilder multipart = new MultipartBodyBuilder();
    multipart.part("file", ImageServer.JPEG, MediaType.IMAGE_JPEG).filename("photo.jpg");
    var upload =
        client
            .post()
            .uri("/mastodon/api/v2/media")
            .header("Authorization", "Bearer " + TOKEN)
            .body(BodyInserters.fromMultipartData(multipart.build()))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody()
            .jsonPath("$.url")
            .isEmpty()
            .returnResult();
    String mediaId =
        new String(upload.getResponseBodyContent()).replaceAll(".*\"id\":\"(\\d+)\".*", "$1");

    client
        .get()
        .uri("/mastodon/api/v1/media/" + mediaId)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.url")
        .isNotEmpty()
        .jsonPath("$.type")
        .isEqualTo("image");
    postJson("{\"status\":\"with photo\",\"media_ids\":[\"" + mediaId + "\"]}", null);
    assertThat(SharedSandbox.SANDBOX.control().posts("mastodon", "42").get(0).mediaUrls())
        .hasSize(1);
  }

  @Test
  void failsTheNextCallsAsToldThenRecovers() {
    client
        .post()
        .uri("/_sandbox/failures")
        .bodyValue(Map.of("platform", "mastodon", "account_id", "42", "status", 503, "count", 1))
        .exchange()
        .expectStatus()
        .isAccepted();

    client
        .get()
        .uri("/mastodon/api/v1/statuses/1")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("Service unavailable");
    client
        .get()
        .uri("/mastodon/api/v1/statuses/1")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void deletesAStatus() {
    String id = postJson("{\"status\":\"short-lived\"}", null);

    client
        .delete()
        .uri("/mastodon/api/v1/statuses/" + id)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.text")
        .isEqualTo("short-lived");

    client
        .get()
        .uri("/mastodon/api/v1/statuses/" + id)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isNotFound();
    assertThat(SharedSandbox.SANDBOX.control().posts("mastodon", "42")).isEmpty();
  }

  @Test
  void rejectsControlRequestsWithoutAnAccountId() {
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(Map.of("platform", "mastodon", "access_token", "t"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("account_id is required");
  }

  private String postJson(String json, String idempotencyKey) {
    var request =
        client
            .post()
            .uri("/mastodon/api/v1/statuses")
            .header("Authorization", "Bearer " + TOKEN)
            .contentType(MediaType.APPLICATION_JSON);
    if (idempotencyKey != null) {
      request = request.header("Idempotency-Key", idempotencyKey);
    }
    byte[] body =
        request
            .bodyValue(json)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent();
    return new String(body).replaceAll("^\\{\"id\":\"(\\d+)\".*", "$1");
  }
}
