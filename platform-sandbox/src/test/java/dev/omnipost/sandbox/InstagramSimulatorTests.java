package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InstagramSimulatorTests {

  private static final String TOKEN = "ig-token";
  private static final String USER = "17841400000000001";
  private static final String GRAPH = "/instagram/v21.0";
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
                "platform",
                "instagram",
                "account_id",
                USER,
                "username",
                "bakery",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void publishesAnImageThroughAContainerThatFinishesProcessing() {
    String container = createContainer(ImageServer.url("photo.jpg"), "Fresh bread");

    JsonNode firstPoll = get(GRAPH + "/" + container + "?fields=status_code");
    JsonNode secondPoll = get(GRAPH + "/" + container + "?fields=status_code,status");
    String mediaId =
        post(GRAPH + "/" + USER + "/media_publish", "creation_id", container).get("id").asString();
    JsonNode media = get(GRAPH + "/" + mediaId + "?fields=permalink,caption,media_type,timestamp");

    assertThat(firstPoll.get("status_code").asString()).isEqualTo("IN_PROGRESS");
    assertThat(secondPoll.get("status_code").asString()).isEqualTo("FINISHED");
    assertThat(media.get("permalink").asString())
        .startsWith(SharedSandbox.SANDBOX.baseUrl() + "/instagram/p/");
    assertThat(media.get("caption").asString()).isEqualTo("Fresh bread");
    assertThat(media.get("media_type").asString()).isEqualTo("IMAGE");
    assertThat(media.get("timestamp").asString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000");
    assertThat(SharedSandbox.SANDBOX.control().posts("instagram", USER))
        .singleElement()
        .satisfies(p -> assertThat(p.mediaUrls()).containsExactly(ImageServer.url("photo.jpg")));
    assertThat(
            get(GRAPH + "/" + USER + "/content_publishing_limit?fields=quota_usage,config")
                .toString())
        .contains("\"quota_usage\":1", "\"quota_total\":50");
  }

  @Test
  void refusesToPublishAContainerStillInProgress() {
    String container = createContainer(ImageServer.url("photo.jpg"), "too soon");

    graphError(GRAPH + "/" + USER + "/media_publish", "creation_id", container)
        .jsonPath("$.error.code")
        .isEqualTo(9007)
        .jsonPath("$.error.error_subcode")
        .isEqualTo(2207027);
  }

  @Test
  void publishesACarouselOfTwoImages() {
    String first =
        post(
                GRAPH + "/" + USER + "/media",
                "image_url",
                ImageServer.url("photo.jpg"),
                "is_carousel_item",
                "true")
            .get("id")
            .asString();
    String second =
        post(
                GRAPH + "/" + USER + "/media",
                "image_url",
                ImageServer.url("photo.jpg"),
                "is_carousel_item",
                "true")
            .get("id")
            .asString();
    String carousel =
        post(
                GRAPH + "/" + USER + "/media",
                "media_type",
                "CAROUSEL",
                "children",
                first + "," + second,
                "caption",
                "two loaves")
            .get("id")
            .asString();
    get(GRAPH + "/" + carousel + "?fields=status_code");

    String mediaId =
        post(GRAPH + "/" + USER + "/media_publish", "creation_id", carousel).get("id").asString();

    assertThat(get(GRAPH + "/" + mediaId + "?fields=media_type").get("media_type").asString())
        .isEqualTo("CAROUSEL_ALBUM");
    assertThat(SharedSandbox.SANDBOX.control().posts("instagram", USER).get(0).mediaUrls())
        .hasSize(2);
  }

  @Test
  void answersTheMediaFetchErrorWhenTheImageUrlIsUnreachable() {
    graphError(
            GRAPH + "/" + USER + "/media",
            "image_url",
            "http://localhost:1/missing.jpg",
            "caption",
            "x")
        .jsonPath("$.error.code")
        .isEqualTo(9004)
        .jsonPath("$.error.error_subcode")
        .isEqualTo(2207052)
        .jsonPath("$.error.fbtrace_id")
        .isNotEmpty();
  }

  @Test
  void failsTheContainerWhenTheUrlIsNotAnImage() {
    String container = createContainer(ImageServer.url("notes.txt"), "x");

    JsonNode status = get(GRAPH + "/" + container + "?fields=status_code,status");

    assertThat(status.get("status_code").asString()).isEqualTo("ERROR");
    assertThat(status.get("status").asString()).contains("text/plain");
  }

  @Test
  void rejectsACaptionOverTwoThousandTwoHundredCharacters() {
    graphError(
            GRAPH + "/" + USER + "/media",
            "image_url",
            ImageServer.url("photo.jpg"),
            "caption",
            "a".repeat(2201))
        .jsonPath("$.error.code")
        .isEqualTo(100)
        .jsonPath("$.error.error_subcode")
        .isEqualTo(2207010);
  }

  @Test
  void answersOAuthExceptionCode190ForAnUnknownToken() {
    client
        .get()
        .uri(GRAPH + "/" + USER + "/media?access_token=nope")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("OAuthException")
        .jsonPath("$.error.code")
        .isEqualTo(190);
  }

  @Test
  void acceptsTheTokenAsAnAccessTokenParameter() {
    client
        .get()
        .uri(GRAPH + "/" + USER + "?fields=username&access_token=" + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.username")
        .isEqualTo("bakery");
  }

  @Test
  void listsRecentMediaAndCommentsAddedThroughTheControlApi() {
    String mediaId = publish("with comments");
    client
        .post()
        .uri("/_sandbox/instagram/comments")
        .bodyValue(
            Map.of(
                "account_id", USER, "media_id", mediaId, "username", "fan", "text", "Looks great"))
        .exchange()
        .expectStatus()
        .isCreated();

    JsonNode media = get(GRAPH + "/" + USER + "/media?fields=id,timestamp&limit=5");
    JsonNode comments =
        get(GRAPH + "/" + mediaId + "/comments?fields=id,text,username,timestamp,from");

    assertThat(media.get("data").get(0).get("id").asString()).isEqualTo(mediaId);
    JsonNode comment = comments.get("data").get(0);
    assertThat(comment.get("text").asString()).isEqualTo("Looks great");
    assertThat(comment.get("username").asString()).isEqualTo("fan");
    assertThat(comment.get("from").get("username").asString()).isEqualTo("fan");
  }

  @Test
  void rejectsFieldsANodeDoesNotHave() {
    String mediaId = publish("x");

    client
        .get()
        .uri(GRAPH + "/" + mediaId + "?fields=permalink,colour")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("(#100) Tried accessing nonexisting field (colour) on node type (IGMedia)");
  }

  @Test
  void signalsThrottlingWithCodeFourAndTheTimeToRegainAccess() {
    client
        .post()
        .uri("/_sandbox/failures")
        .bodyValue(Map.of("platform", "instagram", "account_id", USER, "status", 429))
        .exchange()
        .expectStatus()
        .isAccepted();

    client
        .get()
        .uri(GRAPH + "/" + USER + "/media")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueMatches("X-Business-Use-Case-Usage", ".*estimated_time_to_regain_access.*")
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(4);
  }

  private String publish(String caption) {
    String container = createContainer(ImageServer.url("photo.jpg"), caption);
    get(GRAPH + "/" + container + "?fields=status_code");
    return post(GRAPH + "/" + USER + "/media_publish", "creation_id", container)
        .get("id")
        .asString();
  }

  private String createContainer(String imageUrl, String caption) {
    return post(GRAPH + "/" + USER + "/media", "image_url", imageUrl, "caption", caption)
        .get("id")
        .asString();
  }

  private JsonNode get(String uri) {
    byte[] body =
        client
            .get()
            .uri(uri)
            .header("Authorization", "Bearer " + TOKEN)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent();
    return JSON.readTree(body);
  }

  private JsonNode post(String uri, String... params) {
    byte[] body =
        client
            .post()
            .uri(uri)
            .header("Authorization", "Bearer " + TOKEN)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(form(params))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent();
    return JSON.readTree(body);
  }

  private WebTestClient.BodyContentSpec graphError(String uri, String... params) {
    return client
        .post()
        .uri(uri)
        .header("Authorization", "Bearer " + TOKEN)
        .body(form(params))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody();
  }

  private static BodyInserters.FormInserter<String> form(String... params) {
    BodyInserters.FormInserter<String> form = BodyInserters.fromFormData(params[0], params[1]);
    for (int i = 2; i < params.length; i += 2) {
      form = form.with(params[i], params[i + 1]);
    }
    return form;
  }
}
