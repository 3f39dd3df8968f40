package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class PinterestSimulatorTests {

  private static final String TOKEN = "pin-token";

  private final WebTestClient client = SharedSandbox.client();
  private String board;

  @BeforeEach
  void registerAccountWithABoard() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "pinterest",
                "account_id",
                "p1",
                "username",
                "baker",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
    board =
        new String(
                client
                    .post()
                    .uri("/pinterest/v5/boards")
                    .header("Authorization", "Bearer " + TOKEN)
                    .bodyValue(Map.of("name", "Breads"))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
  }

  @Test
  void pinsAFetchableImageOnTheUsersBoard() {
    pin(board, ImageServer.url("photo.jpg"), "Rye")
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.board_id")
        .isEqualTo(board)
        .jsonPath("$.description")
        .isEqualTo("Rye")
        .jsonPath("$.created_at")
        .value(at -> assertThat((String) at).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"));

    assertThat(SharedSandbox.SANDBOX.control().posts("pinterest", "p1")).hasSize(1);
  }

  @Test
  void refusesAnUnknownBoardAndAnUnfetchableImage() {
    pin("999", ImageServer.url("photo.jpg"), "x")
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("Board not found.");
    pin(board, ImageServer.url("notes.txt"), "x")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo(1);
  }

  @Test
  void refusesATitleOverOneHundredCharacters() {
    client
        .post()
        .uri("/pinterest/v5/pins")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(
            Map.of(
                "board_id", board,
                "title", "t".repeat(101),
                "media_source",
                    Map.of("source_type", "image_url", "url", ImageServer.url("photo.jpg"))))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("Invalid parameters. title must be at most 100 characters.");
  }

  @Test
  void answersAnUnknownTokenWithAuthenticationFailed() {
    client
        .get()
        .uri("/pinterest/v5/boards")
        .header("Authorization", "Bearer nope")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .json("{\"code\":2,\"message\":\"Authentication failed.\"}");
  }

  @Test
  void deletesAPinOnceThenAnswers404() {
    String id =
        new String(
                pin(board, ImageServer.url("photo.jpg"), "brief")
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .replaceAll("^\\{\"id\":\"(\\d+)\".*", "$1");

    delete(id).expectStatus().isNoContent();
    delete(id).expectStatus().isNotFound();
  }

  private WebTestClient.ResponseSpec delete(String id) {
    return client
        .delete()
        .uri("/pinterest/v5/pins/" + id)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange();
  }

  private WebTestClient.ResponseSpec pin(String boardId, String url, String description) {
    return client
        .post()
        .uri("/pinterest/v5/pins")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(
            Map.of(
                "board_id", boardId,
                "description", description,
                "media_source", Map.of("source_type", "image_url", "url", url)))
        .exchange();
  }
}
