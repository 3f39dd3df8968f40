package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sandbox restarted on the same state directory still knows its accounts, posts and comments, and
 * its ids go on from where they were (ADR 23).
 */
class SandboxStateTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String GRAPH = "/instagram/v21.0";
  private static final String IG_USER = "17841400000000009";

  @Test
  void aRestartOnTheSameDirectoryKeepsAccountsPostsAndCommentsAndContinuesTheIds()
      throws IOException {
    Path dir = Files.createTempDirectory("sandbox-state");
    String firstStatus;
    String mediaId;
    String commentId;
    {
      PlatformSandbox sandbox = start(dir);
      WebTestClient client = client(sandbox);
      register(client, "mastodon", "42", "alice", "masto-token");
      register(client, "instagram", IG_USER, "bakery", "ig-token");
      firstStatus = postStatus(client, "Before the restart", "key-1").get("id").asString();
      String container =
          graphPost(
                  client,
                  GRAPH + "/" + IG_USER + "/media",
                  "image_url",
                  ImageServer.url("photo.jpg"),
                  "caption",
                  "Kept")
              .get("id")
              .asString();
      graphGet(client, GRAPH + "/" + container + "?fields=status_code");
      mediaId =
          graphPost(client, GRAPH + "/" + IG_USER + "/media_publish", "creation_id", container)
              .get("id")
              .asString();
      commentId =
          JSON.readTree(
                  client
                      .post()
                      .uri("/_sandbox/instagram/comments")
                      .bodyValue(
                          Map.of(
                              "account_id",
                              IG_USER,
                              "media_id",
                              mediaId,
                              "username",
                              "fan",
                              "text",
                              "Still here?"))
                      .exchange()
                      .expectStatus()
                      .isCreated()
                      .expectBody()
                      .returnResult()
                      .getResponseBodyContent())
              .get("id")
              .asString();
    }

    {
      PlatformSandbox sandbox = start(dir);
      WebTestClient client = client(sandbox);
      // the account and its token are known: the stored status reads back with it
      client
          .get()
          .uri("/mastodon/api/v1/statuses/" + firstStatus)
          .header("Authorization", "Bearer masto-token")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.content")
          .isEqualTo("<p>Before the restart</p>");
      // the idempotency key is remembered: the same request answers the same status
      assertThat(postStatus(client, "Before the restart", "key-1").get("id").asString())
          .isEqualTo(firstStatus);
      // a new status gets a new id, after the old ones
      String next = postStatus(client, "After the restart", "key-2").get("id").asString();
      assertThat(Long.parseLong(next)).isGreaterThan(Long.parseLong(firstStatus));
      assertThat(sandbox.control().posts("mastodon", "42"))
          .extracting(post -> post.id())
          .containsExactly(firstStatus, next);
      // Instagram's media and its comment
      assertThat(
              graphGet(client, GRAPH + "/" + mediaId + "?fields=caption").get("caption").asString())
          .isEqualTo("Kept");
      JsonNode comments = graphGet(client, GRAPH + "/" + mediaId + "/comments?fields=id,text");
      assertThat(comments.get("data").get(0).get("id").asString()).isEqualTo(commentId);
      assertThat(comments.get("data").get(0).get("text").asString()).isEqualTo("Still here?");
    }
  }

  @Test
  void aRestartKeepsThreadsRepliesTheirHiddenFlagAndMentions() throws IOException {
    Path dir = Files.createTempDirectory("sandbox-state");
    String thread;
    String reply;
    String mention;
    {
      PlatformSandbox sandbox = start(dir);
      WebTestClient client = client(sandbox);
      register(client, "threads", "t1", "baker", "th-token");
      String container =
          threads(client, "POST", "/threads/v1.0/t1/threads", "media_type=TEXT&text=Kept")
              .get("id")
              .asString();
      thread =
          threads(client, "POST", "/threads/v1.0/t1/threads_publish", "creation_id=" + container)
              .get("id")
              .asString();
      reply =
          controlPost(
              client,
              "/_sandbox/threads/replies",
              Map.of("media_id", thread, "username", "ann", "text", "Still here?"));
      threads(client, "POST", "/threads/v1.0/" + reply + "/manage_reply", "hide=true");
      mention =
          controlPost(
              client,
              "/_sandbox/threads/mentions",
              Map.of("user_id", "t1", "username", "bob", "text", "@baker hi"));
    }
    {
      PlatformSandbox sandbox = start(dir);
      WebTestClient client = client(sandbox);
      JsonNode replies =
          threads(
              client,
              "GET",
              "/threads/v1.0/" + thread + "/conversation?fields=id,text,hide_status",
              null);
      assertThat(replies.get("data").get(0).get("id").asString()).isEqualTo(reply);
      assertThat(replies.get("data").get(0).get("hide_status").asString()).isEqualTo("HIDDEN");
      JsonNode mentions = threads(client, "GET", "/threads/v1.0/t1/mentions?fields=id,text", null);
      assertThat(mentions.get("data").get(0).get("id").asString()).isEqualTo(mention);
      assertThat(mentions.get("data").get(0).get("text").asString()).isEqualTo("@baker hi");
    }
  }

  private static JsonNode threads(WebTestClient client, String method, String uri, String form) {
    WebTestClient.RequestHeadersSpec<?> request =
        method.equals("GET")
            ? client.get().uri(uri)
            : client
                .post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(form);
    return JSON.readTree(
        request
            .header("Authorization", "Bearer th-token")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent());
  }

  void aRestartKeepsBlueskyRepliesLikesAndThreadgates() throws IOException {
    Path dir = Files.createTempDirectory("sandbox-state");
    String did = "did:plc:kept1";
    String postUri;
    String replyUri;
    {
      PlatformSandbox sandbox = start(dir);
      WebTestClient client = client(sandbox);
      register(client, "bluesky", did, "kept.bsky.social", "app-pass");
      String access = blueskySession(client);
      JsonNode post =
          xrpc(
              client,
              access,
              "createRecord",
              Map.of(
                  "repo",
                  did,
                  "collection",
                  "app.bsky.feed.post",
                  "record",
                  Map.of(
                      "$type", "app.bsky.feed.post",
                      "text", "Kept",
                      "createdAt", "2026-12-03T08:00:00Z")));
      postUri = post.get("uri").asString();
      JsonNode reply =
          JSON.readTree(
              client
                  .post()
                  .uri("/_sandbox/bluesky/replies")
                  .bodyValue(Map.of("uri", postUri, "text", "Still here?"))
                  .exchange()
                  .expectStatus()
                  .isCreated()
                  .expectBody()
                  .returnResult()
                  .getResponseBodyContent());
      replyUri = reply.get("uri").asString();
      xrpc(
          client,
          access,
          "createRecord",
          Map.of(
              "repo",
              did,
              "collection",
              "app.bsky.feed.like",
              "record",
              Map.of(
                  "$type", "app.bsky.feed.like",
                  "subject", Map.of("uri", replyUri, "cid", reply.get("cid").asString()),
                  "createdAt", "2026-12-03T08:00:00Z")));
      xrpc(
          client,
          access,
          "putRecord",
          Map.of(
              "repo",
              did,
              "collection",
              "app.bsky.feed.threadgate",
              "rkey",
              postUri.substring(postUri.lastIndexOf('/') + 1),
              "record",
              Map.of(
                  "$type",
                  "app.bsky.feed.threadgate",
                  "post",
                  postUri,
                  "hiddenReplies",
                  List.of(replyUri),
                  "createdAt",
                  "2026-12-03T08:00:00Z")));
    }
    {
      PlatformSandbox sandbox = start(dir);
      JsonNode thread =
          JSON.readTree(
              client(sandbox)
                  .get()
                  .uri("/_sandbox/bluesky/replies?uri=" + postUri)
                  .exchange()
                  .expectStatus()
                  .isOk()
                  .expectBody()
                  .returnResult()
                  .getResponseBodyContent());
      assertThat(thread).hasSize(1);
      assertThat(thread.get(0).get("uri").asString()).isEqualTo(replyUri);
      assertThat(thread.get(0).get("liked_by").get(0).asString()).isEqualTo(did);
      assertThat(thread.get(0).get("hidden").asBoolean()).isTrue();
    }
  }

  private static String blueskySession(WebTestClient client) {
    return JSON.readTree(
            client
                .post()
                .uri("/bluesky/xrpc/com.atproto.server.createSession")
                .bodyValue(Map.of("identifier", "kept.bsky.social", "password", "app-pass"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent())
        .get("accessJwt")
        .asString();
  }

  private static JsonNode xrpc(
      WebTestClient client, String access, String method, Map<String, Object> body) {
    return JSON.readTree(
        client
            .post()
            .uri("/bluesky/xrpc/com.atproto.repo." + method)
            .header("Authorization", "Bearer " + access)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent());
  }

  private static String controlPost(WebTestClient client, String uri, Map<String, String> body) {
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
                .getResponseBodyContent())
        .get("id")
        .asString();
  }

  @Test
  void writtenBehindAChangeIsAnsweredBeforeItsRoundAndKeptOnceWritten() throws IOException {
    Path dir = Files.createTempDirectory("sandbox-state");
    {
      // a round an hour away: a request waiting for it would time out
      PlatformSandbox sandbox =
          PlatformSandbox.start(
              0, "omnipost.sandbox.state-dir=" + dir, "omnipost.sandbox.state-write-behind=1h");
      WebTestClient client = client(sandbox);
      register(client, "mastodon", "42", "alice", "masto-token");
      postStatus(client, "Written behind", "key-1");
      assertThat(dir.resolve("mastodon.state")).doesNotExist();
      sandbox.state().flush();
      assertThat(dir.resolve("mastodon.state")).exists();
    }
    {
      PlatformSandbox sandbox = start(dir);
      assertThat(sandbox.control().posts("mastodon", null))
          .extracting(post -> post.text())
          .containsExactly("Written behind");
    }
  }

  @Test
  void everyStoreIsWrittenToItsOwnFileAndAResetEmptiesThemOnDisk() throws IOException {
    Path dir = Files.createTempDirectory("sandbox-state");
    {
      PlatformSandbox sandbox = start(dir);
      WebTestClient client = client(sandbox);
      register(client, "mastodon", "42", "alice", "masto-token");
      postStatus(client, "Soon gone", "key-1");
      client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
      sandbox.state().flush();
    }
    // every store is written; one that cannot be serialized is left out with a warning
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .contains("accounts.state", "mastodon.state", "instagram.state", "x.state", "oauth.state")
          .hasSizeGreaterThanOrEqualTo(17)
          .noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".unreadable"));
    }
    {
      PlatformSandbox sandbox = start(dir);
      assertThat(sandbox.control().posts(null, null)).isEmpty();
    }
  }

  @Test
  void answersAClientThatOffersAnHttp2UpgradeAfterWritingTheState() throws Exception {
    Path dir = Files.createTempDirectory("sandbox-state");
    {
      PlatformSandbox sandbox = start(dir);
      // the JDK client's default: HTTP/2, tried through an h2c upgrade on a plain connection
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.http.HttpResponse<String> response =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(sandbox.baseUrl() + "/_sandbox/accounts"))
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/json")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"platform\":\"mastodon\",\"account_id\":\"7\",\"username\":\"u\",\"access_token\":\"t\"}"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(dir.resolve("accounts.state")).exists();
    }
  }

  @Test
  void anUnreadableStateFileIsSetAsideAndTheStoreStartsEmpty() throws IOException {
    Path dir = Files.createTempDirectory("sandbox-state");
    Files.writeString(dir.resolve("mastodon.state"), "not a state file");
    {
      PlatformSandbox sandbox = start(dir);
      assertThat(sandbox.control().posts("mastodon", null)).isEmpty();
    }
    assertThat(dir.resolve("mastodon.state.unreadable")).exists();
  }

  private static PlatformSandbox start(Path dir) {
    return PlatformSandbox.start(0, "omnipost.sandbox.state-dir=" + dir);
  }

  private static WebTestClient client(PlatformSandbox sandbox) {
    return WebTestClient.bindToServer()
        .baseUrl(sandbox.baseUrl())
        .responseTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static void register(
      WebTestClient client, String platform, String id, String username, String token) {
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                platform,
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

  private static JsonNode postStatus(WebTestClient client, String text, String key) {
    return JSON.readTree(
        client
            .post()
            .uri("/mastodon/api/v1/statuses")
            .header("Authorization", "Bearer masto-token")
            .header("Idempotency-Key", key)
            .body(BodyInserters.fromFormData("status", text))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent());
  }

  private static JsonNode graphGet(WebTestClient client, String uri) {
    return JSON.readTree(
        client
            .get()
            .uri(uri)
            .header("Authorization", "Bearer ig-token")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent());
  }

  private static JsonNode graphPost(WebTestClient client, String uri, String... params) {
    BodyInserters.FormInserter<String> form = BodyInserters.fromFormData(params[0], params[1]);
    for (int i = 2; i < params.length; i += 2) {
      form = form.with(params[i], params[i + 1]);
    }
    return JSON.readTree(
        client
            .post()
            .uri(uri)
            .header("Authorization", "Bearer ig-token")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(form)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent());
  }

  @Test
  void xHiddenRepliesAndLikesAndLinkedInRepliesAndReactionsSurviveARestart() throws IOException {
    Path dir = Files.createTempDirectory("sandbox-state");
    String tweet;
    String reply;
    String post;
    String comment;
    {
      PlatformSandbox sandbox = start(dir);
      WebTestClient client = client(sandbox);
      register(client, "twitter", "99", "bakery", "x-token");
      register(client, "linkedin", "m1", "Ada", "li-token");
      tweet =
          send(client, sandbox, "POST", "/x/2/tweets", "x-token", Map.of("text", "Kept"), 201)
              .path("data")
              .path("id")
              .asString();
      reply =
          send(
                  client,
                  sandbox,
                  "POST",
                  "/_sandbox/x/replies",
                  null,
                  Map.of("tweet_id", tweet, "username", "fan", "text", "Hi"),
                  201)
              .path("id")
              .asString();
      send(
          client,
          sandbox,
          "PUT",
          "/x/2/tweets/" + reply + "/hidden",
          "x-token",
          Map.of("hidden", true),
          200);
      send(
          client,
          sandbox,
          "POST",
          "/x/2/users/99/likes",
          "x-token",
          Map.of("tweet_id", reply),
          200);
      post =
          client
              .post()
              .uri("/linkedin/rest/posts")
              .header("Authorization", "Bearer li-token")
              .header("LinkedIn-Version", "202611")
              .bodyValue(
                  Map.of(
                      "author", "urn:li:person:m1",
                      "commentary", "Kept",
                      "visibility", "PUBLIC",
                      "distribution", Map.of("feedDistribution", "MAIN_FEED"),
                      "lifecycleState", "PUBLISHED"))
              .exchange()
              .expectStatus()
              .isCreated()
              .returnResult(Void.class)
              .getResponseHeaders()
              .getFirst("x-restli-id");
      comment =
          send(
                  client,
                  sandbox,
                  "POST",
                  "/_sandbox/linkedin/comments",
                  null,
                  Map.of("post_urn", post, "actor_name", "Bo", "text", "Nice"),
                  201)
              .path("urn")
              .asString();
      send(
          client,
          sandbox,
          "POST",
          "/linkedin/rest/reactions?actor=" + encode("urn:li:person:m1"),
          "li-token",
          Map.of("root", comment, "reactionType", "LIKE"),
          201);
      send(
          client,
          sandbox,
          "POST",
          "/linkedin/rest/socialActions/" + encode(comment) + "/comments",
          "li-token",
          Map.of(
              "actor",
              "urn:li:person:m1",
              "object",
              post,
              "message",
              Map.of("text", "Thanks"),
              "parentComment",
              comment),
          201);
    }

    {
      PlatformSandbox sandbox = start(dir);
      WebTestClient client = client(sandbox);
      JsonNode replies =
          send(client, sandbox, "GET", "/_sandbox/x/replies?tweet_id=" + tweet, null, null, 200)
              .path("data");
      assertThat(replies.get(0).path("hidden").asBoolean()).isTrue();
      assertThat(replies.get(0).path("liked_by").get(0).asString()).isEqualTo("99");
      JsonNode comments =
          send(
              client,
              sandbox,
              "GET",
              "/_sandbox/linkedin/comments?post_urn=" + encode(post),
              null,
              null,
              200);
      assertThat(comments).hasSize(2);
      assertThat(comments.get(0).path("reactions").path("urn:li:person:m1").asString())
          .isEqualTo("LIKE");
      assertThat(comments.get(1).path("parent_comment").asString()).isEqualTo(comment);
      assertThat(comments.get(1).path("text").asString()).isEqualTo("Thanks");
    }
  }

  private static JsonNode send(
      WebTestClient client,
      PlatformSandbox sandbox,
      String method,
      String path,
      String token,
      Object body,
      int status) {
    WebTestClient.RequestBodySpec request =
        client
            .method(org.springframework.http.HttpMethod.valueOf(method))
            .uri(java.net.URI.create(sandbox.baseUrl() + path))
            .header("LinkedIn-Version", "202611");
    if (token != null) {
      request = request.header("Authorization", "Bearer " + token);
    }
    WebTestClient.RequestHeadersSpec<?> ready = body == null ? request : request.bodyValue(body);
    byte[] answer =
        ready
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBodyContent();
    return answer == null ? JSON.createObjectNode() : JSON.readTree(answer);
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }
}
