package dev.omnipost.sandbox;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class GoogleBusinessSimulatorTests {

  private static final String TOKEN = "gbp-sim-token";
  private static final String POSTS = "/google-business/v4/accounts/77/locations/5/localPosts";

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
                "google_business",
                "account_id",
                "77",
                "username",
                "Bakery",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void createsListsAndDeletesALocalPost() {
    String name =
        new String(
                create(
                        Map.of(
                            "summary",
                            "Rye",
                            "topicType",
                            "STANDARD",
                            "media",
                            java.util.List.of(
                                Map.of(
                                    "mediaFormat",
                                    "PHOTO",
                                    "sourceUrl",
                                    ImageServer.url("photo.jpg")))))
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.state")
                    .isEqualTo("LIVE")
                    .jsonPath("$.searchUrl")
                    .isNotEmpty()
                    .returnResult()
                    .getResponseBody())
            .replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");

    client
        .get()
        .uri(POSTS)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.localPosts[0].name")
        .isEqualTo(name);
    client
        .delete()
        .uri("/google-business/v4/" + name)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
    client
        .delete()
        .uri("/google-business/v4/" + name)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.status")
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void reportsValidationErrorsWithTheirFieldAndRefusesAnotherAccount() {
    create(Map.of("summary", "x", "topicType", "EVENT"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.status")
        .isEqualTo("INVALID_ARGUMENT")
        .jsonPath("$.error.details[0].errorDetails[0].field")
        .isEqualTo("event");
    client
        .post()
        .uri("/google-business/v4/accounts/78/locations/5/localPosts")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(Map.of("summary", "x", "topicType", "STANDARD"))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.status")
        .isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void answersTheEleventhEditOfAMinuteWithResourceExhaustedAndARetryDelay() {
    for (int i = 0; i < 10; i++) {
      create(Map.of("summary", "p" + i, "topicType", "STANDARD")).expectStatus().isOk();
    }

    create(Map.of("summary", "p10", "topicType", "STANDARD"))
        .expectStatus()
        .isEqualTo(429)
        .expectBody()
        .jsonPath("$.error.status")
        .isEqualTo("RESOURCE_EXHAUSTED")
        .jsonPath("$.error.details[1].retryDelay")
        .value(d -> org.assertj.core.api.Assertions.assertThat((String) d).matches("\\d+s"));
  }

  private WebTestClient.ResponseSpec create(Map<String, Object> body) {
    return client
        .post()
        .uri(POSTS)
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(body)
        .exchange();
  }
}
