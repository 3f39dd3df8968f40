package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class TikTokSimulatorTests {

  private static final String TOKEN = "tt-sim-token";

  private final WebTestClient client = SharedSandbox.client();

  @BeforeEach
  void registerCreator() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "tiktok",
                "account_id",
                "c1",
                "username",
                "baker",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void answersCreatorInfoWithPrivacyOptionsAndAnOkError() {
    post("/tiktok/v2/post/publish/creator_info/query/", Map.of())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.creator_username")
        .isEqualTo("baker")
        .jsonPath("$.data.privacy_level_options[3]")
        .isEqualTo("SELF_ONLY")
        .jsonPath("$.data.max_video_post_duration_sec")
        .isEqualTo(600)
        .jsonPath("$.error.code")
        .isEqualTo("ok")
        .jsonPath("$.error.log_id")
        .isNotEmpty();
  }

  @Test
  void takesAFileUploadAndPublishesItOnTheSecondStatusFetch() {
    byte[] video = new byte[2000];
    System.arraycopy(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'}, 0, video, 0, 8);
    String body =
        new String(
            post(
                    "/tiktok/v2/post/publish/video/init/",
                    Map.of(
                        "post_info", Map.of("title", "Rye", "privacy_level", "PUBLIC_TO_EVERYONE"),
                        "source_info",
                            Map.of(
                                "source",
                                "FILE_UPLOAD",
                                "video_size",
                                2000,
                                "chunk_size",
                                2000,
                                "total_chunk_count",
                                1)))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    String publishId = body.replaceAll(".*\"publish_id\":\"([^\"]+)\".*", "$1");
    String uploadUrl = body.replaceAll(".*\"upload_url\":\"([^\"]+)\".*", "$1");

    status(publishId).jsonPath("$.data.status").isEqualTo("PROCESSING_UPLOAD");
    client
        .put()
        .uri(uploadUrl.replace(SharedSandbox.SANDBOX.baseUrl(), ""))
        .header("Content-Range", "bytes 0-1999/2000")
        .header("Content-Type", "video/mp4")
        .bodyValue(video)
        .exchange()
        .expectStatus()
        .isCreated();

    status(publishId)
        .jsonPath("$.data.status")
        .isEqualTo("PUBLISH_COMPLETE")
        .jsonPath("$.data.publicaly_available_post_id[0]")
        .isNotEmpty();
    assertThat(SharedSandbox.SANDBOX.control().posts("tiktok", "c1"))
        .singleElement()
        .satisfies(
            p -> assertThat(p.permalink()).startsWith("https://www.tiktok.com/@baker/video/"));
  }

  @Test
  void refusesAChunkSizeOutsideTikToksRulesAndAPrivacyLevelNotOffered() {
    post(
            "/tiktok/v2/post/publish/video/init/",
            Map.of(
                "post_info", Map.of("privacy_level", "PUBLIC_TO_EVERYONE"),
                "source_info",
                    Map.of(
                        "source",
                        "FILE_UPLOAD",
                        "video_size",
                        20_000_000,
                        "chunk_size",
                        1_000_000,
                        "total_chunk_count",
                        20)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("invalid_params");
    client
        .post()
        .uri("/_sandbox/tiktok/creators")
        .bodyValue(Map.of("account_id", "c1", "privacy_level_options", List.of("SELF_ONLY")))
        .exchange()
        .expectStatus()
        .isOk();
    post(
            "/tiktok/v2/post/publish/content/init/",
            Map.of(
                "media_type",
                "PHOTO",
                "post_mode",
                "DIRECT_POST",
                "post_info",
                Map.of("privacy_level", "PUBLIC_TO_EVERYONE"),
                "source_info",
                Map.of(
                    "source",
                    "PULL_FROM_URL",
                    "photo_images",
                    List.of(ImageServer.url("photo.jpg")))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("privacy_level_option_mismatch");
  }

  @Test
  void answersABadTokenAndTheSeventhInitOfAMinuteInTikToksShape() {
    client
        .post()
        .uri("/tiktok/v2/post/publish/status/fetch/")
        .header("Authorization", "Bearer nope")
        .bodyValue(Map.of("publish_id", "x"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("access_token_invalid");
    Map<String, Object> photo =
        Map.of(
            "media_type",
            "PHOTO",
            "post_mode",
            "DIRECT_POST",
            "post_info",
            Map.of("privacy_level", "SELF_ONLY"),
            "source_info",
            Map.of(
                "source", "PULL_FROM_URL", "photo_images", List.of(ImageServer.url("photo.jpg"))));
    for (int i = 0; i < 6; i++) {
      post("/tiktok/v2/post/publish/content/init/", photo).expectStatus().isOk();
    }
    post("/tiktok/v2/post/publish/content/init/", photo)
        .expectStatus()
        .isEqualTo(429)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("rate_limit_exceeded");
  }

  private WebTestClient.BodyContentSpec status(String publishId) {
    return post("/tiktok/v2/post/publish/status/fetch/", Map.of("publish_id", publishId))
        .expectStatus()
        .isOk()
        .expectBody();
  }

  private WebTestClient.ResponseSpec post(String path, Object body) {
    return client
        .post()
        .uri(path)
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(body)
        .exchange();
  }
}
