package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

class LatencyAndRecordsTests {

  private static final String TOKEN = "latency-token";

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
                "77",
                "username",
                "slow",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void answersPlatformCallsNoSoonerThanTheLatencySetThroughTheControlApi() {
    client
        .put()
        .uri("/_sandbox/latency")
        .bodyValue(Map.of("platform", "mastodon", "fixed_ms", 300, "jitter_ms", 50))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.fixed_ms")
        .isEqualTo(300)
        .jsonPath("$.jitter_ms")
        .isEqualTo(50);

    long started = System.nanoTime();
    postStatus("Slowly");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void resetRestoresTheConfiguredLatency() {
    client
        .put()
        .uri("/_sandbox/latency")
        .bodyValue(Map.of("platform", "mastodon", "fixed_ms", 5000))
        .exchange()
        .expectStatus()
        .isOk();

    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();

    client
        .get()
        .uri("/_sandbox/latency?platform=mastodon")
        .exchange()
        .expectBody()
        .jsonPath("$.fixed_ms")
        .isEqualTo(0);
  }

  @Test
  void refusesALatencyForAnUnknownPlatform() {
    client
        .put()
        .uri("/_sandbox/latency")
        .bodyValue(Map.of("platform", "myspace", "fixed_ms", 10))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .value(message -> assertThat((String) message).contains("platform must be one of"));
  }

  @Test
  void listsMediaUploadsSoTestsCanCountThem() {
    MultipartBodyBuilder multipart = new MultipartBodyBuilder();
    multipart
        .part("file", new byte[] {1, 2, 3})
        .filename("a.png")
        .header("Content-Type", "image/png");
    client
        .post()
        .uri("/mastodon/api/v2/media")
        .header("Authorization", "Bearer " + TOKEN)
        .body(BodyInserters.fromMultipartData(multipart.build()))
        .exchange()
        .expectStatus()
        .is2xxSuccessful();

    client
        .get()
        .uri("/_sandbox/uploads?platform=mastodon&account_id=77")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(1)
        .jsonPath("$[0].kind")
        .isEqualTo("media");
  }

  @Test
  void listsAnAccountsRecentStatusesNewestFirst() {
    postStatus("first");
    postStatus("second");

    client
        .get()
        .uri("/mastodon/api/v1/accounts/77/statuses?limit=5")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(2)
        .jsonPath("$[0].content")
        .isEqualTo("<p>second</p>")
        .jsonPath("$[0].favourites_count")
        .isNumber();
  }

  @Test
  void countsTheTooManyRequestsItsOwnRateLimitAnswered() {
    for (int i = 0; i < 300; i++) {
      client
          .get()
          .uri("/mastodon/api/v1/accounts/77/statuses")
          .header("Authorization", "Bearer " + TOKEN)
          .exchange()
          .expectStatus()
          .isOk();
    }

    client
        .get()
        .uri("/mastodon/api/v1/accounts/77/statuses")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isEqualTo(429);

    client
        .get()
        .uri("/_sandbox/stats")
        .exchange()
        .expectBody()
        .jsonPath("$.rate_limited.mastodon")
        .isEqualTo(1);
  }

  private void postStatus(String text) {
    client
        .post()
        .uri("/mastodon/api/v1/statuses")
        .header("Authorization", "Bearer " + TOKEN)
        .body(BodyInserters.fromFormData("status", text))
        .exchange()
        .expectStatus()
        .isOk();
  }
}
