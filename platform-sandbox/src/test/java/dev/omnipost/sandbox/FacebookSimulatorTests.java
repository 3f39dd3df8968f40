package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class FacebookSimulatorTests {

  private static final String TOKEN = "fb-page-token";

  private final WebTestClient client = SharedSandbox.client();

  @BeforeEach
  void registerPage() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "facebook",
                "account_id",
                "501",
                "username",
                "Bakery",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void attachesUnpublishedPhotosToOneFeedPostAndReportsPageUsage() {
    String photo =
        id(
            form(
                "/facebook/v21.0/501/photos",
                "published=false&url=" + ImageServer.url("photo.jpg")));

    form(
            "/facebook/v21.0/501/feed",
            "message=Loaves&attached_media%5B0%5D=%7B%22media_fbid%22%3A%22" + photo + "%22%7D")
        .expectStatus()
        .isOk()
        .expectHeader()
        .value(
            "X-Business-Use-Case-Usage",
            usage -> assertThat(usage).contains("\"501\"").contains("\"type\":\"pages\""));

    assertThat(SharedSandbox.SANDBOX.control().posts("facebook", "501"))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).containsExactly(ImageServer.url("photo.jpg")));
  }

  @Test
  void refusesTheSameMessageTwiceWithCode506() {
    form("/facebook/v21.0/501/feed", "message=Same").expectStatus().isOk();

    form("/facebook/v21.0/501/feed", "message=Same")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(506);
  }

  @Test
  void processesAVideoOverItsStatusReads() {
    String video =
        id(
            form(
                "/facebook/v21.0/501/videos",
                "description=Clip&file_url=" + ImageServer.url("clip.mp4")));

    status(video).jsonPath("$.status.video_status").isEqualTo("processing");
    status(video).jsonPath("$.status.video_status").isEqualTo("ready");
    assertThat(SharedSandbox.SANDBOX.control().posts("facebook", "501")).hasSize(1);
  }

  private WebTestClient.BodyContentSpec status(String video) {
    return client
        .get()
        .uri("/facebook/v21.0/" + video + "?fields=status")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody();
  }

  private WebTestClient.ResponseSpec form(String path, String body) {
    return client
        .post()
        .uri(path)
        .header("Authorization", "Bearer " + TOKEN)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue(body)
        .exchange();
  }

  private static String id(WebTestClient.ResponseSpec response) {
    return new String(response.expectStatus().isOk().expectBody().returnResult().getResponseBody())
        .replaceAll(".*\"id\":\"([0-9_]+)\".*", "$1");
  }
}
