package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.localstack.StackClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A post's lifecycle as a user drives it through the whole system (gateway, scheduler, publisher,
 * the Mastodon simulator), judged by what the sandbox holds: an edited draft publishes its edited
 * text, a canceled post never reaches the platform, a failed post published by a retry, an
 * unpublished post gone from the platform.
 */
class PostLifecycleEndToEndTests {

  private static RunningStack stack;
  private static StackClient api;
  private static StackClient sandbox;

  @BeforeAll
  static void startStack() throws IOException {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    stack =
        LocalStack.start(
            new LocalStackOptions(
                Files.createTempDirectory("omnipost-lifecycle"),
                StackPorts.free(),
                infrastructure.bootstrapServers(),
                infrastructure.postgres(),
                Map.of("omnipost.publisher.retry.attempts", "1")));
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
  void aDraftEditedThenPublishedReachesThePlatformWithItsEditedText() {
    String marker = UUID.randomUUID().toString();
    Response draft =
        api.post(
            "/v1/posts",
            Map.of(
                "text",
                "First thought " + marker,
                "account_ids",
                List.of(mastodon()),
                "draft",
                true));
    String postId = draft.body().at("/data/id").asString();

    Response edited = api.patch("/v1/posts/" + postId, Map.of("text", "Better said " + marker));
    Response published = api.post("/v1/posts/" + postId + "/publish", Map.of());

    assertThat(draft.status()).isEqualTo(201);
    assertThat(edited.status()).isEqualTo(200);
    assertThat(published.status()).isEqualTo(200);
    awaitPostStatus(postId, "published");
    assertThat(sandboxTexts().stream().filter(t -> t.contains(marker)))
        .containsExactly("Better said " + marker);
  }

  @Test
  void aCanceledScheduledPostNeverReachesThePlatform() {
    String marker = UUID.randomUUID().toString();
    Response scheduled =
        api.post(
            "/v1/posts",
            Map.of(
                "text", "Not after all " + marker,
                "account_ids", List.of(mastodon()),
                "scheduled_at", Instant.now().plusSeconds(3).toString()));
    String postId = scheduled.body().at("/data/id").asString();

    Response canceled = api.delete("/v1/posts/" + postId);

    assertThat(canceled.status()).isEqualTo(200);
    assertThat(api.get("/v1/posts/" + postId).body().at("/data/targets/0/status").asString())
        .isEqualTo("canceled");
    // well past the time it was due: the scheduler must have left it alone
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(sandboxTexts().stream().filter(t -> t.contains(marker))).isEmpty());
    assertThat(api.get("/v1/posts/" + postId).body().at("/data/status").asString())
        .isEqualTo("canceled");
  }

  @Test
  void aTargetThatFailedIsPublishedByARetry() {
    sandbox.post(
        "/_sandbox/failures",
        Map.of(
            "platform",
            "mastodon",
            // the publisher's create only: the inbox's Mastodon syncs pass it by
            "method",
            "POST",
            "path",
            "/api/v1/statuses",
            "account_id",
            DemoWorkspace.MASTODON_ACCOUNT,
            "status",
            503,
            "count",
            1));
    String marker = UUID.randomUUID().toString();
    Response created =
        api.post(
            "/v1/posts",
            Map.of("text", "Second time lucky " + marker, "account_ids", List.of(mastodon())));
    String postId = created.body().at("/data/id").asString();
    awaitPostStatus(postId, "failed");

    Response retried = api.post("/v1/posts/" + postId + "/retry", Map.of());

    assertThat(retried.status()).isEqualTo(200);
    JsonNode post = awaitPostStatus(postId, "published");
    assertThat(post.at("/data/targets/0/permalink").asString()).isNotBlank();
    assertThat(sandboxTexts().stream().filter(t -> t.contains(marker)))
        .containsExactly("Second time lucky " + marker);
  }

  @Test
  void aPublishedPostUnpublishedIsGoneFromThePlatformAndItsMetricsAreReadable() {
    String marker = UUID.randomUUID().toString();
    Response created =
        api.post(
            "/v1/posts",
            Map.of("text", "Here for a moment " + marker, "account_ids", List.of(mastodon())));
    String postId = created.body().at("/data/id").asString();
    awaitPostStatus(postId, "published");
    assertThat(sandboxTexts().stream().filter(t -> t.contains(marker))).hasSize(1);

    Response metrics = api.get("/v1/posts/" + postId + "/metrics");
    Response unpublished = api.post("/v1/posts/" + postId + "/unpublish", Map.of());

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body().at("/data/targets/0/counters/likes").isNumber()).isTrue();
    assertThat(metrics.body().at("/data/targets/0/fetched_at").asString()).isNotBlank();
    assertThat(unpublished.status()).isEqualTo(202);
    assertThat(unpublished.body().at("/data/targets/0/result").asString()).isEqualTo("deleting");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(
                        api.get("/v1/posts/" + postId)
                            .body()
                            .at("/data/targets/0/status")
                            .asString())
                    .isEqualTo("deleted"));
    assertThat(sandboxTexts().stream().filter(t -> t.contains(marker))).isEmpty();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(
                        api.get("/v1/events?type=post.unpublished&limit=100")
                            .body()
                            .at("/data")
                            .valueStream()
                            .map(e -> e.path("subject").asString())
                            .toList())
                    .contains(postId));
    Response again = api.post("/v1/posts/" + postId + "/unpublish", Map.of());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().at("/data/targets/0/result").asString()).isEqualTo("deleted");
  }

  private static String mastodon() {
    return stack.demo().mastodonAccountId();
  }

  private static List<String> sandboxTexts() {
    return StackAssertions.sandboxTexts(sandbox, "mastodon", DemoWorkspace.MASTODON_ACCOUNT);
  }

  private static JsonNode awaitPostStatus(String postId, String status) {
    return StackAssertions.awaitPostStatus(api, postId, status);
  }
}
