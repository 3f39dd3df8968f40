package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class YouTubeSimulatorTests {

  private static final String TOKEN = "yt-sim-token";
  private static final int CHUNK = 262_144;

  private final WebTestClient client = SharedSandbox.client();

  @BeforeEach
  void registerChannel() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "youtube",
                "account_id",
                "UCsim",
                "username",
                "Sim",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void answersChunksWith308AndRangeThenTheVideoWhichProcesses() {
    byte[] video = new byte[CHUNK + 1000];
    System.arraycopy(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'}, 0, video, 0, 8);
    String session = session("Rye");

    client
        .put()
        .uri(session)
        .header("Content-Range", "bytes */" + video.length)
        .exchange()
        .expectStatus()
        .isEqualTo(308)
        .expectHeader()
        .doesNotExist("Range");
    client
        .put()
        .uri(session)
        .header("Content-Range", "bytes 0-999/" + video.length)
        .bodyValue(new byte[1000])
        .exchange()
        .expectStatus()
        .isBadRequest();
    client
        .put()
        .uri(session)
        .header("Content-Range", "bytes 0-" + (CHUNK - 1) + "/" + video.length)
        .bodyValue(java.util.Arrays.copyOfRange(video, 0, CHUNK))
        .exchange()
        .expectStatus()
        .isEqualTo(308)
        .expectHeader()
        .valueEquals("Range", "bytes=0-" + (CHUNK - 1));
    String id =
        new String(
                client
                    .put()
                    .uri(session)
                    .header(
                        "Content-Range",
                        "bytes " + CHUNK + "-" + (video.length - 1) + "/" + video.length)
                    .bodyValue(java.util.Arrays.copyOfRange(video, CHUNK, video.length))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .jsonPath("$.kind")
                    .isEqualTo("youtube#video")
                    .returnResult()
                    .getResponseBody())
            .replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

    client
        .get()
        .uri("/youtube/youtube/v3/videos?part=processingDetails,status&id=" + id)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.items[0].processingDetails.processingStatus")
        .isEqualTo("succeeded")
        .jsonPath("$.items[0].status.uploadStatus")
        .isEqualTo("processed");
    assertThat(id).hasSize(11);
  }

  @Test
  void refusesAnEmptyTitleAndAnUnknownTokenInGooglesShape() {
    client
        .post()
        .uri("/youtube/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(Map.of("snippet", Map.of("title", " ")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.errors[0].reason")
        .isEqualTo("invalidTitle");
    client
        .get()
        .uri("/youtube/youtube/v3/videos?part=status&id=x")
        .header("Authorization", "Bearer nope")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.status")
        .isEqualTo("UNAUTHENTICATED")
        .jsonPath("$.error.errors[0].reason")
        .isEqualTo("authError");
  }

  @Test
  void spendsTheDailyQuotaInUnitsAndAnswersQuotaExceeded() {
    for (int i = 0; i < 6; i++) {
      session("n" + i);
    }

    client
        .post()
        .uri("/youtube/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(Map.of("snippet", Map.of("title", "seventh")))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.errors[0].domain")
        .isEqualTo("youtube.quota")
        .jsonPath("$.error.errors[0].reason")
        .isEqualTo("quotaExceeded");
  }

  private String session(String title) {
    String location =
        client
            .post()
            .uri("/youtube/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status")
            .header("Authorization", "Bearer " + TOKEN)
            .bodyValue(
                Map.of(
                    "snippet",
                    Map.of("title", title),
                    "status",
                    Map.of("privacyStatus", "private")))
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getLocation()
            .toString();
    return location.replace(SharedSandbox.SANDBOX.baseUrl(), "");
  }
}
