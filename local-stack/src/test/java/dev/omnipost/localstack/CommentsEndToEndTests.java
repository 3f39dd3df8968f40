package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.localstack.StackClient.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Comments through the whole stack (gateway, inbox-ingestor, publisher-worker, Kafka, PostgreSQL,
 * the platform sandbox). On Instagram a comment added in the sandbox arrives through Meta's signed
 * webhook (the account's sync is paced minutes apart), is answered and hidden through the API, each
 * action completing, and the sandbox shows the reply and the hidden flag; liking it answers 501, as
 * Instagram's API cannot. On Mastodon a reply to a published status is synced on request, answered
 * and liked (favourited) through the API, and the sandbox's thread shows both; hiding answers 501.
 */
class CommentsEndToEndTests {

  private static final String APP_SECRET = "e2e-comments-app-secret";
  private static final String VERIFY_TOKEN = "e2e-comments-verify-token";
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private static RunningStack stack;
  private static StackClient api;
  private static StackClient sandbox;

  @BeforeAll
  static void startStack() throws Exception {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    stack =
        LocalStack.start(
            new LocalStackOptions(
                Files.createTempDirectory("omnipost-comments-e2e"),
                StackPorts.free(),
                infrastructure.bootstrapServers(),
                infrastructure.postgres(),
                Map.of(
                    "omnipost.inbox.sync-interval",
                    "500ms",
                    "omnipost.inbox.meta.app-secret",
                    APP_SECRET,
                    "omnipost.inbox.meta.verify-token",
                    VERIFY_TOKEN)));
    api = new StackClient(stack.gatewayUrl(), stack.demo().apiKey());
    sandbox = new StackClient(stack.sandboxUrl(), null);
    // the sandbox app's webhook subscription, after Meta's handshake against the ingestor
    HttpResponse<String> subscribed =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(stack.sandboxUrl() + "/_sandbox/instagram/webhooks"))
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"callback_url\":\"http://127.0.0.1:"
                                + stack.ports().inbox().server()
                                + "/webhooks/meta\",\"verify_token\":\""
                                + VERIFY_TOKEN
                                + "\",\"app_secret\":\""
                                + APP_SECRET
                                + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(200);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anInstagramCommentArrivesByWebhookAndIsRepliedToAndHidden() throws IOException {
    String account = stack.demo().instagramAccountId();
    Response media = api.upload("/v1/media", "photo.png", "image/png", TestImages.png());
    assertThat(media.status()).isEqualTo(201);
    Response created =
        api.post(
            "/v1/posts",
            Map.of(
                "text", "Comments welcome " + UUID.randomUUID(),
                "account_ids", List.of(account),
                "media_ids", List.of(media.body().at("/data/id").asString())));
    String mediaId =
        StackAssertions.awaitPostStatus(api, created.body().at("/data/id").asString(), "published")
            .at("/data/targets/0/platform_post_id")
            .asString();
    String text = "Is this in stock? " + UUID.randomUUID();

    Response added =
        sandbox.post(
            "/_sandbox/instagram/comments",
            Map.of(
                "account_id",
                DemoWorkspace.INSTAGRAM_USER,
                "media_id",
                mediaId,
                "username",
                "stock.checker",
                "text",
                text));
    assertThat(added.status()).isEqualTo(201);
    String platformId = added.body().path("id").asString();

    // the scheduled sync of Instagram is paced 72 s or more apart (its rate budget): it is the
    // webhook that brings the comment this quickly
    JsonNode comment =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> commentWithText(account, text), c -> c != null);
    String id = comment.path("id").asString();
    assertThat(comment.path("platform").asString()).isEqualTo("instagram");
    assertThat(comment.path("hidden").asBoolean()).isFalse();

    awaitCompleted(
        api.post("/v1/inbox/comments/" + id + "/reply", Map.of("text", "Yes, all sizes!")));
    JsonNode onPlatform = sandbox.get("/_sandbox/instagram/comments/" + platformId).body();
    assertThat(onPlatform.at("/replies/0/text").asString()).isEqualTo("Yes, all sizes!");

    awaitCompleted(api.post("/v1/inbox/comments/" + id + "/hide", Map.of()));
    assertThat(
            sandbox
                .get("/_sandbox/instagram/comments/" + platformId)
                .body()
                .path("hidden")
                .asBoolean())
        .isTrue();
    assertThat(api.get("/v1/inbox/comments/" + id).body().at("/data/hidden").asBoolean()).isTrue();

    Response like = api.post("/v1/inbox/comments/" + id + "/like", Map.of());
    assertThat(like.status()).isEqualTo(501);
    assertThat(like.body().at("/error/code").asString())
        .isEqualTo("platform.unsupported_operation");
  }

  @Test
  void aMastodonReplyIsSyncedRepliedToAndLiked() {
    String account = stack.demo().mastodonAccountId();
    Response created =
        api.post(
            "/v1/posts",
            Map.of(
                "text", "Ask us anything " + UUID.randomUUID(), "account_ids", List.of(account)));
    String status =
        StackAssertions.awaitPostStatus(api, created.body().at("/data/id").asString(), "published")
            .at("/data/targets/0/platform_post_id")
            .asString();
    String text = "Do you open on holidays? " + UUID.randomUUID();
    Response added =
        sandbox.post(
            "/_sandbox/mastodon/replies",
            Map.of("status_id", status, "username", "holiday.fan", "text", text));
    assertThat(added.status()).isEqualTo(201);
    String replyId = added.body().path("id").asString();
    // Mastodon sends no webhooks: ask for a sync, which the next round runs
    assertThat(api.post("/v1/accounts/" + account + "/sync", Map.of()).status()).isEqualTo(202);

    JsonNode comment =
        await().atMost(WITHIN).until(() -> commentWithText(account, text), c -> c != null);
    String id = comment.path("id").asString();
    assertThat(comment.path("platform").asString()).isEqualTo("mastodon");
    assertThat(comment.path("author").path("name").asString())
        .isEqualTo("holiday.fan@remote.example");

    awaitCompleted(
        api.post("/v1/inbox/comments/" + id + "/reply", Map.of("text", "Yes, 10 to 4!")));
    awaitCompleted(api.post("/v1/inbox/comments/" + id + "/like", Map.of()));
    JsonNode thread = sandbox.get("/_sandbox/mastodon/replies?status_id=" + status).body();
    assertThat(thread).hasSize(2);
    JsonNode theirs = thread.get(0);
    assertThat(theirs.path("id").asString()).isEqualTo(replyId);
    assertThat(theirs.path("favourited_by")).hasSize(1);
    JsonNode ours = thread.get(1);
    assertThat(ours.path("own").asBoolean()).isTrue();
    assertThat(ours.path("in_reply_to_id").asString()).isEqualTo(replyId);
    assertThat(ours.path("text").asString()).isEqualTo("Yes, 10 to 4!");
    assertThat(api.get("/v1/inbox/comments/" + id).body().at("/data/liked").asBoolean()).isTrue();

    Response hide = api.post("/v1/inbox/comments/" + id + "/hide", Map.of());
    assertThat(hide.status()).isEqualTo(501);
    assertThat(hide.body().at("/error/code").asString())
        .isEqualTo("platform.unsupported_operation");
  }

  /** The action the answer names completes, as {@code GET /v1/inbox/actions/{id}} shows. */
  private static void awaitCompleted(Response accepted) {
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
    String action = accepted.body().at("/data/action_id").asString();
    await()
        .atMost(WITHIN)
        .until(
            () -> api.get("/v1/inbox/actions/" + action).body().at("/data/status").asString(),
            "completed"::equals);
  }

  private static JsonNode commentWithText(String account, String text) {
    for (JsonNode c : api.get("/v1/inbox/comments?account_id=" + account).body().path("data")) {
      if (c.path("text").asString().equals(text)) {
        return c;
      }
    }
    return null;
  }
}
