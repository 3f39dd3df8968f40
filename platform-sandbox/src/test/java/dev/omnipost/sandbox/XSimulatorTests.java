package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

class XSimulatorTests {

  private static final String TOKEN = "x-token";

  private final WebTestClient client = SharedSandbox.client();

  @BeforeEach
  void registerAccount() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    register("42", "bakery", TOKEN);
  }

  @Test
  void createsATweetAndShowsItInTheControlApi() {
    tweet(TOKEN, "Hello X")
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.id")
        .isNotEmpty()
        .jsonPath("$.data.text")
        .isEqualTo("Hello X");

    assertThat(SharedSandbox.SANDBOX.control().posts("twitter", "42"))
        .singleElement()
        .satisfies(p -> assertThat(p.permalink()).startsWith("https://x.com/bakery/status/"));
  }

  @Test
  void sendsTheFifteenMinuteAndTwentyFourHourRateHeadersInUnixSeconds() {
    long now = Instant.now().getEpochSecond();

    tweet(TOKEN, "headers")
        .expectHeader()
        .valueEquals("x-rate-limit-limit", "100")
        .expectHeader()
        .valueEquals("x-rate-limit-remaining", "99")
        .expectHeader()
        .value(
            "x-rate-limit-reset",
            reset -> assertThat(Long.parseLong(reset)).isBetween(now + 890, now + 901))
        .expectHeader()
        .valueEquals("x-user-limit-24hour-remaining", "9999");
  }

  @Test
  void answers429WithTheProblemBodyAfterAHundredTweetsIn15Minutes() {
    for (int i = 0; i < 100; i++) {
      tweet(TOKEN, "tweet " + i).expectStatus().isCreated();
    }

    tweet(TOKEN, "one too many")
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueEquals("x-rate-limit-remaining", "0")
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Too Many Requests")
        .jsonPath("$.type")
        .isEqualTo("about:blank");
    client
        .get()
        .uri("/_sandbox/stats")
        .exchange()
        .expectBody()
        .jsonPath("$.rate_limited.twitter")
        .isEqualTo(1);
  }

  @Test
  void refusesTheSameTextTwiceWithTheDuplicateContent403() {
    tweet(TOKEN, "Same").expectStatus().isCreated();

    tweet(TOKEN, "Same")
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("You are not allowed to create a Tweet with duplicate content.");
  }

  @Test
  void countsTextAsXDoesAUrlIsTwentyThree() {
    String text = "a".repeat(256) + " https://example.com/" + "p".repeat(200);

    tweet(TOKEN, text).expectStatus().isCreated();
    tweet(TOKEN, "b".repeat(281))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].message")
        .isEqualTo("Your Tweet text is too long.")
        .jsonPath("$.type")
        .isEqualTo("https://api.twitter.com/2/problems/invalid-request");
  }

  @Test
  void answersAnUnknownTokenWithTheUnauthorizedProblem() {
    tweet("wrong", "x")
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("Unauthorized")
        .jsonPath("$.status")
        .isEqualTo(401);
  }

  @Test
  void processesAChunkedVideoAndRefusesItInATweetUntilSucceeded() {
    byte[] mp4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0};
    String id =
        new String(
                client
                    .post()
                    .uri("/x/2/media/upload/initialize")
                    .header("Authorization", "Bearer " + TOKEN)
                    .bodyValue(
                        Map.of(
                            "media_type", "video/mp4",
                            "total_bytes", mp4.length,
                            "media_category", "tweet_video"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
    MultipartBodyBuilder chunk = new MultipartBodyBuilder();
    chunk.part("media", mp4, MediaType.APPLICATION_OCTET_STREAM).filename("chunk");
    chunk.part("segment_index", "0");
    client
        .post()
        .uri("/x/2/media/upload/" + id + "/append")
        .header("Authorization", "Bearer " + TOKEN)
        .body(BodyInserters.fromMultipartData(chunk.build()))
        .exchange()
        .expectStatus()
        .isOk();

    client
        .post()
        .uri("/x/2/media/upload/" + id + "/finalize")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectBody()
        .jsonPath("$.data.processing_info.state")
        .isEqualTo("pending");
    client
        .post()
        .uri("/x/2/tweets")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(Map.of("text", "too early", "media", Map.of("media_ids", new String[] {id})))
        .exchange()
        .expectStatus()
        .isBadRequest();
    status(id).jsonPath("$.data.processing_info.state").isEqualTo("in_progress");
    status(id).jsonPath("$.data.processing_info.state").isEqualTo("succeeded");
  }

  @Test
  void answersAnInjected429WithAResetAMinuteAhead() {
    client
        .post()
        .uri("/_sandbox/failures")
        .bodyValue(Map.of("platform", "twitter", "account_id", "42", "status", 429))
        .exchange()
        .expectStatus()
        .isAccepted();
    long now = Instant.now().getEpochSecond();

    tweet(TOKEN, "x")
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .value(
            "x-rate-limit-reset",
            reset -> assertThat(Long.parseLong(reset)).isBetween(now + 55, now + 61));
  }

  @Test
  void listsDirectMessageEventsNewestFirstInPagesAndTakesAnAnswerWithOneImage() {
    String first = dmFromSomeone("ana", "Open today?");
    String second = dmFromSomeone("ana", "And tomorrow?");
    String senderId =
        new String(
                client
                    .get()
                    .uri("/_sandbox/x/dm_events?account_id=42")
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .replaceAll("(?s).*\"sender_id\":\"(\\d+)\".*", "$1");

    String nextToken =
        new String(
                client
                    .get()
                    .uri(
                        "/x/2/dm_events?max_results=1&dm_event.fields=created_at,sender_id,dm_conversation_id"
                            + "&expansions=sender_id&user.fields=username,name")
                    .header("Authorization", "Bearer " + TOKEN)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.data[0].id")
                    .isEqualTo(second)
                    .jsonPath("$.data[0].event_type")
                    .isEqualTo("MessageCreate")
                    .jsonPath("$.data[0].dm_conversation_id")
                    .isEqualTo("42-" + senderId)
                    .jsonPath("$.includes.users[0].username")
                    .isEqualTo("ana")
                    .jsonPath("$.meta.result_count")
                    .isEqualTo(1)
                    .returnResult()
                    .getResponseBody())
            .replaceAll("(?s).*\"next_token\":\"([^\"]+)\".*", "$1");
    client
        .get()
        .uri("/x/2/dm_events?max_results=1&pagination_token=" + nextToken)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectBody()
        .jsonPath("$.data[0].id")
        .isEqualTo(first)
        .jsonPath("$.data[0].text")
        .isEqualTo("Open today?")
        .jsonPath("$.meta.next_token")
        .doesNotExist();

    MultipartBodyBuilder image = new MultipartBodyBuilder();
    image.part("media", new byte[] {1, 2, 3}, MediaType.IMAGE_PNG).filename("a.png");
    image.part("media_category", "dm_image");
    String mediaId =
        new String(
                client
                    .post()
                    .uri("/x/2/media/upload")
                    .header("Authorization", "Bearer " + TOKEN)
                    .body(BodyInserters.fromMultipartData(image.build()))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .replaceAll(".*\"id\":\"(\\d+)\".*", "$1");
    client
        .post()
        .uri("/x/2/dm_conversations/with/" + senderId + "/messages")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(
            Map.of("text", "Yes!", "attachments", new Object[] {Map.of("media_id", mediaId)}))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectHeader()
        .valueEquals("x-rate-limit-limit", "15")
        .expectBody()
        .jsonPath("$.data.dm_conversation_id")
        .isEqualTo("42-" + senderId)
        .jsonPath("$.data.dm_event_id")
        .isNotEmpty();
    client
        .get()
        .uri("/_sandbox/x/dm_events?account_id=42")
        .exchange()
        .expectBody()
        .jsonPath("$.data[2].sender_id")
        .isEqualTo("42")
        .jsonPath("$.data[2].media_ids[0]")
        .isEqualTo(mediaId);
    // two attachments, someone unknown, and nothing at all are refused
    client
        .post()
        .uri("/x/2/dm_conversations/with/" + senderId + "/messages")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(
            Map.of(
                "attachments",
                new Object[] {Map.of("media_id", mediaId), Map.of("media_id", mediaId)}))
        .exchange()
        .expectStatus()
        .isBadRequest();
    client
        .post()
        .uri("/x/2/dm_conversations/with/999/messages")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(Map.of("text", "hi"))
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  @Test
  void answers429AfterFifteenDirectMessagesIn15Minutes() {
    dmFromSomeone("bruno", "Hi");
    String senderId =
        new String(
                client
                    .get()
                    .uri("/_sandbox/x/dm_events?account_id=42")
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .replaceAll("(?s).*\"sender_id\":\"(\\d+)\".*", "$1");
    for (int i = 0; i < 15; i++) {
      client
          .post()
          .uri("/x/2/dm_conversations/with/" + senderId + "/messages")
          .header("Authorization", "Bearer " + TOKEN)
          .bodyValue(Map.of("text", "answer " + i))
          .exchange()
          .expectStatus()
          .isCreated();
    }

    client
        .post()
        .uri("/x/2/dm_conversations/with/" + senderId + "/messages")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(Map.of("text", "one too many"))
        .exchange()
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueEquals("x-rate-limit-remaining", "0")
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Too Many Requests");
  }

  @Test
  void aFailureForOneMethodAndPathIsLeftForTheCallItNames() {
    dmFromSomeone("dora", "Hi");
    String senderId =
        new String(
                client
                    .get()
                    .uri("/_sandbox/x/dm_events?account_id=42")
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .replaceAll("(?s).*\"sender_id\":\"(\\d+)\".*", "$1");
    client
        .post()
        .uri("/_sandbox/failures")
        .bodyValue(
            Map.of(
                "platform",
                "twitter",
                "account_id",
                "42",
                "status",
                503,
                "method",
                "post",
                "path",
                "/2/dm_conversations/"))
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.method")
        .isEqualTo("post");

    // other calls of the account pass it by
    client
        .get()
        .uri("/x/2/dm_events")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
    tweet(TOKEN, "still fine").expectStatus().isCreated();
    client
        .post()
        .uri("/x/2/dm_conversations/with/" + senderId + "/messages")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(Map.of("text", "taken"))
        .exchange()
        .expectStatus()
        .isEqualTo(503);
    client
        .post()
        .uri("/x/2/dm_conversations/with/" + senderId + "/messages")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(Map.of("text", "through"))
        .exchange()
        .expectStatus()
        .isCreated();
  }

  private String dmFromSomeone(String username, String text) {
    return new String(
            client
                .post()
                .uri("/_sandbox/x/dm_events")
                .bodyValue(Map.of("account_id", "42", "username", username, "text", text))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody())
        .replaceAll(".*\"dm_event_id\":\"(\\d+)\".*", "$1");
  }

  private WebTestClient.BodyContentSpec status(String id) {
    return client
        .get()
        .uri("/x/2/media/upload?command=STATUS&media_id=" + id)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody();
  }

  private WebTestClient.ResponseSpec tweet(String token, String text) {
    return client
        .post()
        .uri("/x/2/tweets")
        .header("Authorization", "Bearer " + token)
        .bodyValue(Map.of("text", text))
        .exchange();
  }

  private void register(String id, String username, String token) {
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "twitter",
                "account_id",
                id,
                "username",
                username,
                "access_token",
                token))
        .exchange()
        .expectStatus()
        .isOk();
  }
}
