package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.localstack.StackClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * A Google review answered through the whole stack (gateway, inbox-ingestor, Kafka, PostgreSQL, the
 * platform sandbox): a customer reviews the demo Business Profile location in the sandbox, a sync
 * requested through the API brings it, {@code GET /v1/inbox/reviews} lists it, a reply sent through
 * the API shows as the review's {@code reviewReply} on the sandbox, and deleting the reply through
 * the API removes it there.
 */
class ReviewEndToEndTests {

  private static RunningStack stack;
  private static StackClient api;
  private static StackClient sandbox;

  @BeforeAll
  static void startStack() throws Exception {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    stack =
        LocalStack.start(
            new LocalStackOptions(
                Files.createTempDirectory("omnipost-review-e2e"),
                StackPorts.free(),
                infrastructure.bootstrapServers(),
                infrastructure.postgres(),
                Map.of("omnipost.inbox.sync-interval", "500ms")));
    api = new StackClient(stack.gatewayUrl(), stack.demo().apiKey());
    sandbox = new StackClient(stack.sandboxUrl(), null);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aReviewIsSyncedListedRepliedToAndTheReplyDeletedOnThePlatform() {
    String account = stack.demo().accountId("google_business");
    String location = location(account);
    String comment = "Best sourdough in town " + UUID.randomUUID();

    Response added =
        sandbox.post(
            "/_sandbox/google-business/reviews",
            Map.of("location", location, "reviewer", "Rita", "star_rating", 5, "comment", comment));
    assertThat(added.status()).as(added.body().toString()).isEqualTo(201);
    String name = added.body().path("name").asString();
    assertThat(api.post("/v1/accounts/" + account + "/sync", Map.of()).status()).isEqualTo(202);

    JsonNode review =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> reviewWithText(account, comment), r -> r != null);
    String id = review.path("id").asString();
    assertThat(review.path("platform").asString()).isEqualTo("google_business");
    assertThat(review.path("rating").asInt()).isEqualTo(5);
    assertThat(review.at("/author/name").asString()).isEqualTo("Rita");
    assertThat(review.path("reply").isNull()).isTrue();

    Response replied =
        api.post("/v1/inbox/reviews/" + id + "/reply", Map.of("text", "Thank you, Rita!"));
    assertThat(replied.status()).as(replied.body().toString()).isEqualTo(202);
    awaitCompleted(replied.body().at("/data/action_id").asString());
    assertThat(sandboxReview(name).at("/reviewReply/comment").asString())
        .isEqualTo("Thank you, Rita!");
    assertThat(api.get("/v1/inbox/reviews/" + id).body().at("/data/reply/text").asString())
        .isEqualTo("Thank you, Rita!");

    Response deleted = api.delete("/v1/inbox/reviews/" + id + "/reply");
    assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(202);
    awaitCompleted(deleted.body().at("/data/action_id").asString());
    assertThat(
            sandboxReview(name).path("reviewReply").isMissingNode()
                || sandboxReview(name).path("reviewReply").isNull())
        .as(sandboxReview(name).toString())
        .isTrue();
    assertThat(api.get("/v1/inbox/reviews/" + id).body().at("/data/reply").isNull()).isTrue();
  }

  /**
   * The location the demo account chose at connect: a post to it is named {@code
   * accounts/{a}/locations/{l}/localPosts/{p}}.
   */
  private static String location(String account) {
    Response created =
        api.post(
            "/v1/posts",
            Map.of(
                "text",
                "Fresh loaves today " + UUID.randomUUID(),
                "account_ids",
                List.of(account),
                "platform_options",
                Map.of("google_business", Map.of("topic_type", "STANDARD"))));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String post = created.body().at("/data/id").asString();
    String platformPostId =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> api.get("/v1/posts/" + post).body().at("/data/targets/0/platform_post_id"),
                node -> node.isString() && !node.asString().isBlank())
            .asString();
    return platformPostId.substring(0, platformPostId.indexOf("/localPosts/"));
  }

  private static JsonNode reviewWithText(String account, String text) {
    for (JsonNode review : api.get("/v1/inbox/reviews?account_id=" + account).body().path("data")) {
      if (text.equals(review.path("text").asString())) {
        return review;
      }
    }
    return null;
  }

  private static JsonNode sandboxReview(String name) {
    return sandbox
        .get(
            "/_sandbox/google-business/reviews?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8))
        .body();
  }

  private static void awaitCompleted(String action) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get("/v1/inbox/actions/" + action).body().at("/data/status").asString(),
            "completed"::equals);
  }
}
