package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulated PDS's inbox calls: replies with strong refs, likes and unlikes, a threadgate's
 * hidden replies, notifications, and the control API's view of a thread (kept across a restart:
 * {@code SandboxStateTests}).
 */
class BlueskyInboxSimulatorTests {

  private static final String DID = "did:plc:inbox1";
  private static final String HANDLE = "inbox.bsky.social";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebTestClient client = SharedSandbox.client();
  private String access;

  @BeforeEach
  void registerAccount() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    register();
  }

  @Test
  void repliesLikesAndHidesUnderTheAccountsPostAndShowsItInTheControlApi() {
    JsonNode post = create("app.bsky.feed.post", null, post("Fresh bread", null));
    JsonNode theirs =
        control(
            "/_sandbox/bluesky/replies",
            Map.of("uri", post.path("uri").asString(), "handle", "fan.bsky.social", "text", "Yum"));

    JsonNode answer =
        create(
            "app.bsky.feed.post",
            null,
            post(
                "Thanks!",
                Map.of(
                    "root", ref(post),
                    "parent", ref(theirs))));
    JsonNode like =
        create(
            "app.bsky.feed.like",
            null,
            Map.of(
                "$type", "app.bsky.feed.like",
                "subject", ref(theirs),
                "createdAt", "2026-12-03T08:00:00Z"));
    String rkey = rkey(post.path("uri").asString());
    xrpc(
            "com.atproto.repo.putRecord",
            Map.of(
                "repo",
                DID,
                "collection",
                "app.bsky.feed.threadgate",
                "rkey",
                rkey,
                "record",
                Map.of(
                    "$type",
                    "app.bsky.feed.threadgate",
                    "post",
                    post.path("uri").asString(),
                    "hiddenReplies",
                    List.of(theirs.path("uri").asString()),
                    "createdAt",
                    "2026-12-03T08:00:00Z")))
        .expectStatus()
        .isOk();

    JsonNode thread =
        get(
            "/bluesky/xrpc/app.bsky.feed.getPostThread?depth=10&uri="
                + post.path("uri").asString());
    JsonNode reply = thread.path("thread").path("replies").get(0);
    assertThat(reply.path("post").path("viewer").path("like").asString())
        .isEqualTo(like.path("uri").asString());
    assertThat(reply.path("replies").get(0).path("post").path("uri").asString())
        .isEqualTo(answer.path("uri").asString());
    assertThat(thread.path("threadgate").path("record").path("hiddenReplies").get(0).asString())
        .isEqualTo(theirs.path("uri").asString());
    JsonNode listed = controlGet("/_sandbox/bluesky/replies?uri=" + post.path("uri").asString());
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).path("liked_by").get(0).asString()).isEqualTo(DID);
    assertThat(listed.get(0).path("hidden").asBoolean()).isTrue();
    assertThat(listed.get(1).path("own").asBoolean()).isTrue();
    assertThat(listed.get(1).path("parent_uri").asString())
        .isEqualTo(theirs.path("uri").asString());

    xrpc(
            "com.atproto.repo.deleteRecord",
            Map.of(
                "repo",
                DID,
                "collection",
                "app.bsky.feed.like",
                "rkey",
                rkey(like.path("uri").asString())))
        .expectStatus()
        .isOk();
    assertThat(
            controlGet("/_sandbox/bluesky/replies?uri=" + post.path("uri").asString())
                .get(0)
                .path("liked_by"))
        .isEmpty();
  }

  @Test
  void refusesBadRecordsAndAnotherRepoWithXrpcErrors() {
    JsonNode post = create("app.bsky.feed.post", null, post("Gate me", null));
    JsonNode theirs =
        control(
            "/_sandbox/bluesky/replies",
            Map.of("uri", post.path("uri").asString(), "text", "Mine, not yours"));
    String theirDid = theirs.path("uri").asString().split("/")[2];

    xrpc(
            "com.atproto.repo.deleteRecord",
            Map.of(
                "repo",
                theirDid,
                "collection",
                "app.bsky.feed.post",
                "rkey",
                rkey(theirs.path("uri").asString())))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("InvalidRequest")
        .jsonPath("$.message")
        .isEqualTo("Input/repo must be the session's own repo");
    xrpc(
            "com.atproto.repo.createRecord",
            Map.of(
                "repo",
                DID,
                "collection",
                "app.bsky.feed.threadgate",
                "rkey",
                "3zzzzzzzzzzzz",
                "record",
                Map.of(
                    "$type", "app.bsky.feed.threadgate",
                    "post", post.path("uri").asString(),
                    "createdAt", "2026-12-03T08:00:00Z")))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("InvalidRequest");
    xrpc(
            "com.atproto.repo.createRecord",
            Map.of(
                "repo",
                DID,
                "collection",
                "app.bsky.feed.like",
                "record",
                Map.of(
                    "$type", "app.bsky.feed.like",
                    "subject", Map.of("uri", theirs.path("uri").asString()),
                    "createdAt", "2026-12-03T08:00:00Z")))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo(
            "Invalid app.bsky.feed.like record: Record/subject must have the properties \"uri\" and \"cid\"");
  }

  @Test
  void listsMentionsAndRepliesAsNotificationsNewestFirstWithACursor() {
    JsonNode post = create("app.bsky.feed.post", null, post("Hello", null));
    control(
        "/_sandbox/bluesky/replies",
        Map.of("uri", post.path("uri").asString(), "handle", "fan.bsky.social", "text", "Hi"));
    JsonNode first =
        control(
            "/_sandbox/bluesky/mentions",
            Map.of("did", DID, "handle", "miller.bsky.social", "text", "Ask"));
    JsonNode second =
        control(
            "/_sandbox/bluesky/mentions",
            Map.of("did", DID, "handle", "miller.bsky.social", "text", "Ask again"));

    JsonNode page =
        get("/bluesky/xrpc/app.bsky.notification.listNotifications?limit=1&reasons=mention");
    JsonNode older =
        get(
            "/bluesky/xrpc/app.bsky.notification.listNotifications?limit=5&reasons=mention&cursor="
                + page.path("cursor").asString());
    JsonNode all = get("/bluesky/xrpc/app.bsky.notification.listNotifications");

    assertThat(page.path("notifications").get(0).path("uri").asString())
        .isEqualTo(second.path("uri").asString());
    assertThat(older.path("notifications")).hasSize(1);
    assertThat(older.path("notifications").get(0).path("uri").asString())
        .isEqualTo(first.path("uri").asString());
    assertThat(older.has("cursor")).isFalse();
    assertThat(all.path("notifications").findValuesAsString("reason"))
        .containsExactly("mention", "mention", "reply");
    assertThat(first.path("text").asString()).isEqualTo("Ask @" + HANDLE);
  }

  private void register() {
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "bluesky",
                "account_id",
                DID,
                "username",
                HANDLE,
                "access_token",
                "app-pass"))
        .exchange()
        .expectStatus()
        .isOk();
    access =
        JSON.readTree(
                client
                    .post()
                    .uri("/bluesky/xrpc/com.atproto.server.createSession")
                    .bodyValue(Map.of("identifier", HANDLE, "password", "app-pass"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .path("accessJwt")
            .asString();
  }

  private JsonNode create(String collection, String rkey, Map<String, Object> record) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repo", DID);
    body.put("collection", collection);
    if (rkey != null) {
      body.put("rkey", rkey);
    }
    body.put("record", record);
    return JSON.readTree(
        xrpc("com.atproto.repo.createRecord", body)
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private WebTestClient.ResponseSpec xrpc(String method, Map<String, Object> body) {
    return client
        .post()
        .uri("/bluesky/xrpc/" + method)
        .header("Authorization", "Bearer " + access)
        .bodyValue(body)
        .exchange();
  }

  private JsonNode get(String uri) {
    return JSON.readTree(
        client
            .get()
            .uri(uri)
            .header("Authorization", "Bearer " + access)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private JsonNode control(String uri, Map<String, Object> body) {
    return JSON.readTree(
        client
            .post()
            .uri(uri)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private JsonNode controlGet(String uri) {
    return JSON.readTree(
        client
            .get()
            .uri(uri)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private static Map<String, Object> post(String text, Map<String, Object> reply) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("$type", "app.bsky.feed.post");
    record.put("text", text);
    record.put("createdAt", "2026-12-03T08:00:00Z");
    if (reply != null) {
      record.put("reply", reply);
    }
    return record;
  }

  private static Map<String, Object> ref(JsonNode created) {
    return Map.of("uri", created.path("uri").asString(), "cid", created.path("cid").asString());
  }

  private static String rkey(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }
}
