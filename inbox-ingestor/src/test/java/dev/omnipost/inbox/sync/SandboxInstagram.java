package dev.omnipost.inbox.sync;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.omnipost.sandbox.PlatformSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform sandbox for the tests, driven over HTTP: registers Instagram accounts, publishes a
 * photo through the Graph API (the sandbox fetches it from a small local image server, as Instagram
 * fetches {@code image_url}) and adds comments through the control API.
 */
public final class SandboxInstagram {

  public static final SandboxInstagram SHARED = new SandboxInstagram();

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  private final PlatformSandbox sandbox =
      PlatformSandbox.start(
          0,
          "omnipost.sandbox.instagram.container-polls-before-finished=0",
          "management.server.port=0");
  private final HttpServer images = imageServer();
  private final HttpClient http = HttpClient.newHttpClient();

  private SandboxInstagram() {}

  /**
   * Points every platform this sandbox simulates at it. Each test context syncs every connected
   * account in the shared database, those other test classes left behind included: a platform left
   * at its real API would have each of its accounts' syncs wait for a host this machine cannot
   * reach, and hold up the round for everyone else's.
   */
  public void pointEveryPlatformHere(DynamicPropertyRegistry registry) {
    registry.add("omnipost.platforms.base-urls.instagram", this::graphUrl);
    registry.add("omnipost.platforms.base-urls.facebook", this::facebookGraphUrl);
    registry.add("omnipost.platforms.base-urls.twitter", this::xApiUrl);
    registry.add("omnipost.platforms.base-urls.linkedin", this::linkedinApiUrl);
    registry.add("omnipost.platforms.base-urls.threads", this::threadsApiUrl);
    registry.add("omnipost.platforms.base-urls.bluesky", this::blueskyPdsUrl);
    registry.add("omnipost.platforms.base-urls.google_business", this::googleBusinessUrl);
  }

  public String graphUrl() {
    return sandbox.instagramGraphUrl();
  }

  public String mastodonInstanceUrl() {
    return sandbox.mastodonInstanceUrl();
  }

  public int port() {
    return sandbox.port();
  }

  /**
   * {@code omnipost.oauth.instance-networks} for the tests: the sandbox's port on 127.0.0.1 (and
   * ::1), so its Mastodon instance is reachable through the SSRF guard while 127.0.0.2 is not.
   */
  public String instanceNetworks() {
    return "127.0.0.1/32:" + sandbox.port() + ",::1/128:" + sandbox.port();
  }

  public String googleBusinessUrl() {
    return sandbox.googleBusinessApiUrl();
  }

  public String xApiUrl() {
    return sandbox.xApiUrl();
  }

  /** Where every path answers a small PNG (media files the platforms fetch). */
  public String imagesUrl() {
    return "http://127.0.0.1:" + images.getAddress().getPort();
  }

  /**
   * A person writes to the X account; answers {@code {dm_event_id, dm_conversation_id, sender_id}}.
   */
  public JsonNode xDirectMessage(String accountId, String username, String text) {
    return post(
        "/_sandbox/x/dm_events",
        "application/json",
        JSON.writeValueAsString(
            java.util.Map.of("account_id", accountId, "username", username, "text", text)));
  }

  /** Every direct message of the X account, oldest first. */
  public JsonNode xDirectMessages(String accountId) {
    return get("/_sandbox/x/dm_events?account_id=" + encode(accountId)).path("data");
  }

  /** The X account tweets (as Omnipost's publisher would); returns the tweet's id. */
  public String tweet(String token, String text) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sandbox.xApiUrl() + "/2/tweets"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode().put("text", text).toString()))
            .build();
    return send(request).path("data").path("id").asString();
  }

  /** Another X user replies to a tweet (or to a reply); returns the reply's id. */
  public String xReply(String tweetId, String username, String text) {
    return post(
            "/_sandbox/x/replies",
            "application/json",
            JSON.createObjectNode()
                .put("tweet_id", tweetId)
                .put("username", username)
                .put("text", text)
                .toString())
        .path("id")
        .asString();
  }

  /**
   * The replies in the conversation a tweet started, oldest first: {@code [{id, author_id, text,
   * in_reply_to, hidden, liked_by}]}.
   */
  public JsonNode xReplies(String tweetId) {
    return get("/_sandbox/x/replies?tweet_id=" + encode(tweetId)).path("data");
  }

  public String linkedinApiUrl() {
    return sandbox.linkedinApiUrl();
  }

  /** The LinkedIn member posts (as Omnipost's publisher would); returns the post's URN. */
  public String linkedinPost(String memberId, String token, String text) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sandbox.linkedinApiUrl() + "/rest/posts"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .header("LinkedIn-Version", "202611")
            .header("X-Restli-Protocol-Version", "2.0.0")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(
                        java.util.Map.of(
                            "author",
                            "urn:li:person:" + memberId,
                            "commentary",
                            text,
                            "visibility",
                            "PUBLIC",
                            "distribution",
                            java.util.Map.of("feedDistribution", "MAIN_FEED"),
                            "lifecycleState",
                            "PUBLISHED"))))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException(
            "/rest/posts answered " + response.statusCode() + ": " + response.body());
      }
      return response.headers().firstValue("x-restli-id").orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Another member comments on the post, or under a comment ({@code parentUrn}); returns the
   * comment's URN.
   */
  public String linkedinComment(String postUrn, String parentUrn, String name, String text) {
    var body =
        JSON.createObjectNode().put("post_urn", postUrn).put("actor_name", name).put("text", text);
    if (parentUrn != null) {
      body.put("parent_comment", parentUrn);
    }
    return post("/_sandbox/linkedin/comments", "application/json", body.toString())
        .path("urn")
        .asString();
  }

  /**
   * Every comment on the post, replies included, oldest first: {@code [{id, urn, parent_comment,
   * actor, text, reactions}]}.
   */
  public JsonNode linkedinComments(String postUrn) {
    return get("/_sandbox/linkedin/comments?post_urn=" + encode(postUrn));
  }

  public String facebookGraphUrl() {
    return sandbox.facebookGraphUrl();
  }

  /** A customer reviews the location ({@code accounts/{a}/locations/{l}}); returns its name. */
  public String review(String location, String reviewer, int stars, String comment) {
    return post(
            "/_sandbox/google-business/reviews",
            "application/json",
            JSON.createObjectNode()
                .put("location", location)
                .put("reviewer", reviewer)
                .put("star_rating", stars)
                .put("comment", comment)
                .toString())
        .path("name")
        .asString();
  }

  /** The review as Google shows it, with the business's {@code reviewReply}. */
  public JsonNode reviewState(String name) {
    return get("/_sandbox/google-business/reviews?name=" + encode(name));
  }

  /** Someone recommends the Page; returns the rating's open graph story id. */
  public String rating(String pageId, String reviewer, String text) {
    return post(
            "/_sandbox/facebook/ratings",
            "application/json",
            JSON.createObjectNode()
                .put("page_id", pageId)
                .put("reviewer", reviewer)
                .put("recommendation_type", "positive")
                .put("review_text", text)
                .toString())
        .path("open_graph_story_id")
        .asString();
  }

  public void registerAccount(String igUserId, String username, String token) {
    registerAccount("instagram", igUserId, username, token);
  }

  public void registerAccount(String platform, String igUserId, String username, String token) {
    post(
        "/_sandbox/accounts",
        "application/json",
        "{\"platform\":\""
            + platform
            + "\",\"account_id\":\""
            + igUserId
            + "\",\"username\":\""
            + username
            + "\",\"access_token\":\""
            + token
            + "\"}");
  }

  /** Publishes a photo as the account; returns the media id. */
  public String publishPhoto(String igUserId, String token, String caption) {
    String imageUrl = "http://127.0.0.1:" + images.getAddress().getPort() + "/photo.png";
    String container =
        post(
                "/instagram/v21.0/" + igUserId + "/media",
                "application/x-www-form-urlencoded",
                "image_url="
                    + encode(imageUrl)
                    + "&caption="
                    + encode(caption)
                    + "&access_token="
                    + encode(token))
            .path("id")
            .asString();
    // as Instagram documents: poll the container until it is FINISHED, then publish it
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                get("/instagram/v21.0/"
                        + container
                        + "?fields=status_code&access_token="
                        + encode(token))
                    .path("status_code")
                    .asString()
                    .equals("FINISHED"));
    return post(
            "/instagram/v21.0/" + igUserId + "/media_publish",
            "application/x-www-form-urlencoded",
            "creation_id=" + encode(container) + "&access_token=" + encode(token))
        .path("id")
        .asString();
  }

  /** Someone comments on the media; returns the comment id. */
  public String comment(String igUserId, String mediaId, String username, String text) {
    return post(
            "/_sandbox/instagram/comments",
            "application/json",
            JSON.createObjectNode()
                .put("account_id", igUserId)
                .put("media_id", mediaId)
                .put("username", username)
                .put("text", text)
                .toString())
        .path("id")
        .asString();
  }

  /** Publishes a text post on the Facebook Page; returns its {@code {page}_{post}} id. */
  public String publishOnFacebook(String pageId, String token, String message) {
    return post(
            "/facebook/v21.0/" + pageId + "/feed",
            "application/x-www-form-urlencoded",
            "message=" + encode(message) + "&access_token=" + encode(token))
        .path("id")
        .asString();
  }

  /** Someone comments on the Page's post; returns the comment id. */
  public String commentOnFacebook(String postId, String name, String message) {
    return post(
            "/_sandbox/facebook/comments",
            "application/json",
            JSON.createObjectNode()
                .put("post_id", postId)
                .put("name", name)
                .put("message", message)
                .toString())
        .path("id")
        .asString();
  }

  /** The post's comments as the Page sees them, with {@code hidden}, {@code liked}, replies. */
  public JsonNode facebookComments(String postId) {
    return get("/_sandbox/facebook/comments?post_id=" + encode(postId));
  }

  public String threadsApiUrl() {
    return sandbox.threadsApiUrl();
  }

  /** Publishes a text thread for the Threads user (container, then publish); returns its id. */
  public String publishOnThreads(String userId, String token, String text) {
    String container =
        post(
                "/threads/v1.0/" + userId + "/threads",
                "application/x-www-form-urlencoded",
                "media_type=TEXT&text=" + encode(text) + "&access_token=" + encode(token))
            .path("id")
            .asString();
    return post(
            "/threads/v1.0/" + userId + "/threads_publish",
            "application/x-www-form-urlencoded",
            "creation_id=" + container + "&access_token=" + encode(token))
        .path("id")
        .asString();
  }

  /** Someone else replies to a thread or a reply on Threads; returns the reply's id. */
  public String threadsReply(String mediaId, String username, String text) {
    return post(
            "/_sandbox/threads/replies",
            "application/json",
            JSON.createObjectNode()
                .put("media_id", mediaId)
                .put("username", username)
                .put("text", text)
                .toString())
        .path("id")
        .asString();
  }

  /**
   * Every reply under the thread as its owner sees them: {@code [{id, replied_to, username,
   * by_owner, text, hidden}]}.
   */
  public JsonNode threadsReplies(String threadId) {
    return get("/_sandbox/threads/replies?media_id=" + encode(threadId));
  }

  /** Someone mentions the Threads user in a post; returns the post's id. */
  public String threadsMention(String userId, String username, String text) {
    return post(
            "/_sandbox/threads/mentions",
            "application/json",
            JSON.createObjectNode()
                .put("user_id", userId)
                .put("username", username)
                .put("text", text)
                .toString())
        .path("id")
        .asString();
  }

  /** Subscribes the sandbox app's webhooks (after Meta's handshake) to {@code callbackUrl}. */
  public void subscribeWebhooks(String callbackUrl, String verifyToken, String appSecret) {
    send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/instagram/webhooks"))
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode()
                        .put("callback_url", callbackUrl)
                        .put("verify_token", verifyToken)
                        .put("app_secret", appSecret)
                        .toString()))
            .build());
  }

  /** Ends the webhook subscription, so other test classes' comments reach no callback. */
  public void unsubscribeWebhooks() {
    send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/instagram/webhooks"))
            .DELETE()
            .build());
  }

  /** Someone's media tags the Instagram account; returns the media id. */
  public String tag(String igUserId, String username, String caption) {
    return post(
            "/_sandbox/instagram/tags",
            "application/json",
            JSON.createObjectNode()
                .put("account_id", igUserId)
                .put("username", username)
                .put("caption", caption)
                .toString())
        .path("id")
        .asString();
  }

  /** Someone's status mentions the Mastodon account; returns the notification id. */
  public String mention(String mastodonAccountId, String username, String text) {
    return post(
            "/_sandbox/mastodon/mentions",
            "application/json",
            JSON.createObjectNode()
                .put("account_id", mastodonAccountId)
                .put("username", username)
                .put("text", text)
                .toString())
        .path("id")
        .asString();
  }

  /** The Mastodon account posts a status (as Omnipost's publisher would); returns its id. */
  public String mastodonStatus(String token, String text) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sandbox.mastodonInstanceUrl() + "/api/v1/statuses"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString("status=" + encode(text)))
            .build();
    return send(request).path("id").asString();
  }

  /** Someone on another server replies to a Mastodon status (or reply); returns the reply's id. */
  public String mastodonReply(String statusId, String username, String text) {
    return post(
            "/_sandbox/mastodon/replies",
            "application/json",
            JSON.createObjectNode()
                .put("status_id", statusId)
                .put("username", username)
                .put("text", text)
                .toString())
        .path("id")
        .asString();
  }

  /**
   * The thread under a Mastodon status: {@code [{id, in_reply_to_id, own, text, favourited_by}]}.
   */
  public JsonNode mastodonThread(String statusId) {
    return get("/_sandbox/mastodon/replies?status_id=" + encode(statusId));
  }

  /** The Bluesky PDS, {@code omnipost.platforms.base-urls.bluesky}. */
  public String blueskyPdsUrl() {
    return sandbox.blueskyPdsUrl();
  }

  /** The Bluesky account posts (as Omnipost's publisher would); returns the post's at:// uri. */
  public String blueskyPost(String handle, String appPassword, String text) {
    String session =
        send(HttpRequest.newBuilder(
                    URI.create(sandbox.blueskyPdsUrl() + "/xrpc/com.atproto.server.createSession"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.createObjectNode()
                            .put("identifier", handle)
                            .put("password", appPassword)
                            .toString()))
                .build())
            .path("accessJwt")
            .asString();
    var body = JSON.createObjectNode().put("repo", handle).put("collection", "app.bsky.feed.post");
    body.putObject("record")
        .put("$type", "app.bsky.feed.post")
        .put("text", text)
        .put("createdAt", java.time.Instant.now().toString());
    return send(HttpRequest.newBuilder(
                URI.create(sandbox.blueskyPdsUrl() + "/xrpc/com.atproto.repo.createRecord"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + session)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build())
        .path("uri")
        .asString();
  }

  /** Someone else replies to a Bluesky post or reply; returns the reply's at:// uri. */
  public String blueskyReply(String uri, String handle, String text) {
    return post(
            "/_sandbox/bluesky/replies",
            "application/json",
            JSON.createObjectNode()
                .put("uri", uri)
                .put("handle", handle)
                .put("text", text)
                .toString())
        .path("uri")
        .asString();
  }

  /** Someone else mentions the Bluesky account {@code did}; returns the post's at:// uri. */
  public String blueskyMention(String did, String handle, String text) {
    return post(
            "/_sandbox/bluesky/mentions",
            "application/json",
            JSON.createObjectNode()
                .put("did", did)
                .put("handle", handle)
                .put("text", text)
                .toString())
        .path("uri")
        .asString();
  }

  /** The thread under a Bluesky post: {@code [{uri, parent_uri, own, text, liked_by, hidden}]}. */
  public JsonNode blueskyThread(String uri) {
    return get("/_sandbox/bluesky/replies?uri=" + encode(uri));
  }

  /** What the account did to a comment: hidden, deleted, replies, private_reply. */
  public JsonNode commentState(String commentId) {
    return get("/_sandbox/instagram/comments/" + commentId);
  }

  /** The account's next {@code count} Graph calls answer {@code status}. */
  public void failNext(String igUserId, int status, int count) {
    post(
        "/_sandbox/failures",
        "application/json",
        "{\"platform\":\"instagram\",\"account_id\":\""
            + igUserId
            + "\",\"status\":"
            + status
            + ",\"count\":"
            + count
            + "}");
  }

  /**
   * A person writes to the account ({@code instagram} or {@code facebook}); {@code ageSeconds}
   * back-dates the message. Answers {@code {conversation_id, message_id, from_id}}.
   */
  public JsonNode directMessage(
      String platform, String accountId, String username, String text, long ageSeconds) {
    return post(
        "/_sandbox/" + platform + "/messages",
        "application/json",
        JSON.writeValueAsString(
            java.util.Map.of(
                "account_id", accountId,
                "username", username,
                "name", username.toUpperCase(java.util.Locale.ROOT),
                "text", text,
                "age_seconds", ageSeconds)));
  }

  /** A simulated thread with every message ({@code from_account} marks the account's answers). */
  public JsonNode conversation(String platform, String threadId) {
    return get("/_sandbox/" + platform + "/conversations/" + threadId);
  }

  private JsonNode get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery)).GET().build());
  }

  private JsonNode post(String path, String contentType, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return send(request);
  }

  private JsonNode send(HttpRequest request) {
    String path = request.uri().getPath();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpServer imageServer() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, PNG.length);
            exchange.getResponseBody().write(PNG);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
