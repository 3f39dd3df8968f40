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

  @Test
  void listsRepliesAndTheConversationPagedAndLetsTheOwnerHideAndDeleteAsThreadsDoes() {
    String thread = textPost("Rye today", null);
    String ann =
        control(
            "/_sandbox/threads/replies",
            "{\"media_id\":\"" + thread + "\",\"username\":\"ann\",\"text\":\"Vegan?\"}");
    String bob =
        control(
            "/_sandbox/threads/replies",
            "{\"media_id\":\"" + ann + "\",\"username\":\"bob\",\"text\":\"Asking too\"}");
    String ours = textPost("Yes, all of it", ann);

    get("/threads/v1.0/"
            + thread
            + "/replies?fields=id,username,replied_to,root_post,hide_status,is_reply_owned_by_me&reverse=false")
        .jsonPath("$.data.length()")
        .isEqualTo(1)
        .jsonPath("$.data[0].id")
        .isEqualTo(ann)
        .jsonPath("$.data[0].username")
        .isEqualTo("ann")
        .jsonPath("$.data[0].replied_to.id")
        .isEqualTo(thread)
        .jsonPath("$.data[0].root_post.id")
        .isEqualTo(thread)
        .jsonPath("$.data[0].hide_status")
        .isEqualTo("NOT_HUSHED")
        .jsonPath("$.data[0].is_reply_owned_by_me")
        .isEqualTo(false);
    // the conversation is flattened and paged: two, then the third through paging.cursors.after
    get("/threads/v1.0/" + thread + "/conversation?fields=id&reverse=false&limit=2")
        .jsonPath("$.data[0].id")
        .isEqualTo(ann)
        .jsonPath("$.data[1].id")
        .isEqualTo(bob)
        .jsonPath("$.paging.next")
        .exists();
    String after =
        cursorAfter("/threads/v1.0/" + thread + "/conversation?fields=id&reverse=false&limit=2");
    get("/threads/v1.0/"
            + thread
            + "/conversation?fields=id,is_reply_owned_by_me&reverse=false&limit=2&after="
            + after)
        .jsonPath("$.data.length()")
        .isEqualTo(1)
        .jsonPath("$.data[0].id")
        .isEqualTo(ours)
        .jsonPath("$.data[0].is_reply_owned_by_me")
        .isEqualTo(true)
        .jsonPath("$.paging.next")
        .doesNotExist();

    // hiding the top-level reply hides the one under it; a nested one cannot be hidden alone
    form("/threads/v1.0/" + ann + "/manage_reply", "hide=true")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.success")
        .isEqualTo(true);
    form("/threads/v1.0/" + bob + "/manage_reply", "hide=true")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(100);
    form("/threads/v1.0/" + ann + "/manage_reply", "hide=maybe")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(100);
    get("/threads/v1.0/" + thread + "/conversation?fields=id,hide_status&reverse=false")
        .jsonPath("$.data[0].hide_status")
        .isEqualTo("HIDDEN")
        .jsonPath("$.data[1].hide_status")
        .isEqualTo("HIDDEN");
    client
        .get()
        .uri("/_sandbox/threads/replies?media_id=" + thread)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].hidden")
        .isEqualTo(true)
        .jsonPath("$[1].hidden")
        .isEqualTo(true)
        .jsonPath("$[2].by_owner")
        .isEqualTo(true)
        .jsonPath("$[2].replied_to")
        .isEqualTo(ann)
        .jsonPath("$[2].hidden")
        .isEqualTo(true);

    // someone else's reply is theirs to delete; the account's own reply is deleted once
    client
        .delete()
        .uri("/threads/v1.0/" + ann)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(10);
    client
        .delete()
        .uri("/threads/v1.0/" + ours)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
    client
        .delete()
        .uri("/threads/v1.0/" + ours)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("does not exist"));
    form("/threads/v1.0/" + ann + "/manage_reply", "hide=false").expectStatus().isOk();
    client
        .get()
        .uri("/_sandbox/threads/replies?media_id=" + thread)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(2)
        .jsonPath("$[0].hidden")
        .isEqualTo(false)
        .jsonPath("$[1].hidden")
        .isEqualTo(false);
  }

  @Test
  void refusesHidingRepliesUnderSomeoneElsesThreadAndAReplyToNothing() {
    String thread = textPost("Mine", null);
    String ann =
        control(
            "/_sandbox/threads/replies",
            "{\"media_id\":\"" + thread + "\",\"username\":\"ann\",\"text\":\"Hi\"}");
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "threads",
                "account_id",
                "t2",
                "username",
                "other",
                "access_token",
                "th-other"))
        .exchange()
        .expectStatus()
        .isOk();
    client
        .post()
        .uri("/threads/v1.0/" + ann + "/manage_reply")
        .header("Authorization", "Bearer th-other")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("hide=true")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(10);
    form("/threads/v1.0/" + thread + "/manage_reply", "hide=true")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(100);
    form("/threads/v1.0/t1/threads", "media_type=TEXT&text=Hello&reply_to_id=999")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(100);
    client
        .get()
        .uri("/_sandbox/threads/replies?media_id=999")
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void listsMentionsNewestFirstWithSinceAndPaging() {
    String first =
        control(
            "/_sandbox/threads/mentions",
            "{\"user_id\":\"t1\",\"username\":\"ann\",\"text\":\"@baker best rye\"}");
    String second =
        control(
            "/_sandbox/threads/mentions",
            "{\"user_id\":\"t1\",\"username\":\"bob\",\"text\":\"@baker open?\"}");
    get("/threads/v1.0/t1/mentions?fields=id,text,username,timestamp,permalink")
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.data[0].id")
        .isEqualTo(second)
        .jsonPath("$.data[1].id")
        .isEqualTo(first)
        .jsonPath("$.data[1].username")
        .isEqualTo("ann")
        .jsonPath("$.data[1].text")
        .isEqualTo("@baker best rye")
        .jsonPath("$.data[1].permalink")
        .value(p -> assertThat((String) p).startsWith("https://www.threads.net/@ann/post/"));
    get("/threads/v1.0/t1/mentions?fields=id&since="
            + (java.time.Instant.now().getEpochSecond() + 60))
        .jsonPath("$.data.length()")
        .isEqualTo(0);
    client
        .post()
        .uri("/_sandbox/threads/mentions")
        .bodyValue(Map.of("user_id", "nobody", "text", "hi"))
        .exchange()
        .expectStatus()
        .isNotFound();
    client
        .get()
        .uri("/threads/v1.0/t9/mentions")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isBadRequest();
  }

  private String textPost(String text, String replyTo) {
    String container =
        id(
            form(
                    "/threads/v1.0/t1/threads",
                    "media_type=TEXT&text="
                        + text.replace(" ", "+")
                        + (replyTo == null ? "" : "&reply_to_id=" + replyTo))
                .expectStatus()
                .isOk());
    return id(publish(container).expectStatus().isOk());
  }

  private WebTestClient.ResponseSpec form(String uri, String body) {
    return client
        .post()
        .uri(uri)
        .header("Authorization", "Bearer " + TOKEN)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.BodyContentSpec get(String uri) {
    return client
        .get()
        .uri(uri)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody();
  }

  private String cursorAfter(String uri) {
    String body = new String(get(uri).returnResult().getResponseBody());
    return body.replaceAll(".*\"after\":\"([^\"]*)\".*", "$1");
  }

  private String control(String uri, String json) {
    return id(
        client
            .post()
            .uri(uri)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(json)
            .exchange()
            .expectStatus()
            .isCreated());
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
