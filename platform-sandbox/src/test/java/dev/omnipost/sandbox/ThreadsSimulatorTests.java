package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class ThreadsSimulatorTests {

  private static final String TOKEN = "th-token";

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
                "threads",
                "account_id",
                "t1",
                "username",
                "baker",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void keepsAVideoContainerInProgressThenPublishesItOnce() {
    String container =
        id(
            client
                .post()
                .uri("/threads/v1.0/t1/threads")
                .header("Authorization", "Bearer " + TOKEN)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(
                    "media_type=VIDEO&text=Kneading&video_url=" + ImageServer.url("clip.mp4"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists("X-App-Usage"));

    publish(container)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(24);
    status(container).jsonPath("$.status").isEqualTo("IN_PROGRESS");
    status(container).jsonPath("$.status").isEqualTo("FINISHED");
    publish(container).expectStatus().isOk();
    publish(container).expectStatus().isBadRequest();

    assertThat(SharedSandbox.SANDBOX.control().posts("threads", "t1")).hasSize(1);
  }

  @Test
  void answersAnUnknownTokenWithCode190() {
    client
        .get()
        .uri("/threads/v1.0/t1/threads")
        .header("Authorization", "Bearer nope")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(190);
  }

  private WebTestClient.ResponseSpec publish(String container) {
    return client
        .post()
        .uri("/threads/v1.0/t1/threads_publish?creation_id=" + container)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange();
  }

  private WebTestClient.BodyContentSpec status(String container) {
    return client
        .get()
        .uri("/threads/v1.0/" + container + "?fields=status,error_message")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody();
  }

  private static String id(WebTestClient.ResponseSpec response) {
    return new String(response.expectBody().returnResult().getResponseBody())
        .replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
  }
}
