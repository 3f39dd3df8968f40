package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.localstack.StackClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole system as a user meets it: the local stack (real Kafka, real PostgreSQL, the platform
 * sandbox, the five services) driven over HTTP, with a webhook receiver on loopback.
 */
class EndToEndTests {

  private static RunningStack stack;
  private static StackClient api;
  private static StackClient sandbox;
  private static WebhookReceiver receiver;
  private static String webhookSecret;
  private static Path dataDir;

  @BeforeAll
  static void startStack() throws IOException {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    dataDir = Files.createTempDirectory("omnipost-e2e");
    receiver = new WebhookReceiver();
    stack =
        LocalStack.start(
            new LocalStackOptions(
                dataDir,
                StackPorts.free(),
                infrastructure.bootstrapServers(),
                infrastructure.postgres(),
                Map.of(
                    "omnipost.inbox.sync-interval", "500ms",
                    "omnipost.webhooks.retry.initial-delay", "500ms",
                    // like the stack's own 9999, but the port this test's receiver got
                    "omnipost.egress.allowed-networks", "127.0.0.1/32:" + receiver.port())));
    api = new StackClient(stack.gatewayUrl(), stack.demo().apiKey());
    sandbox = new StackClient(stack.sandboxUrl(), null);
    Response webhook = api.post("/v1/webhooks", Map.of("url", receiver.url(), "events", List.of()));
    assertThat(webhook.status()).isEqualTo(201);
    webhookSecret = webhook.body().at("/data/secret").asString();
  }

  @AfterAll
  static void stopStack() {
    if (receiver != null) {
      receiver.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theSecretFilesTheStackWroteAreReadableByItsOwnerOnly() throws IOException {
    for (String name : List.of("encryption.key", "operator.token", "demo.json")) {
      assertThat(Files.getPosixFilePermissions(dataDir.resolve(name)))
          .as(name)
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void aPostIsPublishedWithItsPermalinkAndASignedWebhookAnnouncesIt() {
    String text = "Hello from the end-to-end test " + UUID.randomUUID();

    Response created =
        api.post("/v1/posts", Map.of("text", text, "account_ids", List.of(mastodon())));

    assertThat(created.status()).isEqualTo(201);
    String postId = created.body().at("/data/id").asString();
    JsonNode post = awaitPostStatus(postId, "published");
    JsonNode target = post.at("/data/targets/0");
    // the demo connected its Mastodon account with the instance at the sandbox's loopback address
    assertThat(target.path("permalink").asString())
        .startsWith(stack.sandboxUrl().replace("localhost", "127.0.0.1") + "/mastodon/");
    assertThat(target.path("platform_post_id").asString()).isNotBlank();
    assertThat(target.path("attempts").asInt()).isEqualTo(1);
    assertThat(sandboxTexts("mastodon", DemoWorkspace.MASTODON_ACCOUNT)).containsOnlyOnce(text);
    WebhookReceiver.Delivery delivery = awaitWebhook("post.published", postId);
    assertThat(signatureVerifies(delivery)).isTrue();
    assertThat(delivery.json().at("/data/post_id").asString()).isEqualTo(postId);
  }

  @Test
  void aPlatformOutageIsRetriedUntilThePostIsPublished() {
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

    Response created =
        api.post(
            "/v1/posts",
            Map.of(
                "text",
                "Survives an outage " + UUID.randomUUID(),
                "account_ids",
                List.of(mastodon())));

    JsonNode post = awaitPostStatus(created.body().at("/data/id").asString(), "published");
    assertThat(post.at("/data/targets/0/attempts").asInt()).isEqualTo(2);
  }

  @Test
  void aPostThePlatformRejectsFailsWithThePlatformsMessage() {
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
            400,
            "count",
            1,
            "body",
            Map.of("error", "Validation failed: Text can't be that rude")));

    Response created =
        api.post(
            "/v1/posts",
            Map.of("text", "Rejected " + UUID.randomUUID(), "account_ids", List.of(mastodon())));

    String postId = created.body().at("/data/id").asString();
    JsonNode post = awaitPostStatus(postId, "failed");
    assertThat(post.at("/data/targets/0/status").asString()).isEqualTo("failed");
    assertThat(post.at("/data/targets/0/error/message").asString())
        .contains("Validation failed: Text can't be that rude");
    assertThat(awaitWebhook("post.failed", postId).type()).isEqualTo("post.failed");
  }

  @Test
  void aCommentOnAnInstagramPostArrivesInTheInboxOnceAndIsAnnounced() throws IOException {
    Response media = api.upload("/v1/media", "photo.png", "image/png", TestImages.png());
    assertThat(media.status()).isEqualTo(201);
    Response created =
        api.post(
            "/v1/posts",
            Map.of(
                "text", "A photo for comments " + UUID.randomUUID(),
                "account_ids", List.of(instagram()),
                "media_ids", List.of(media.body().at("/data/id").asString())));
    String postId = created.body().at("/data/id").asString();
    String mediaId =
        awaitPostStatus(postId, "published").at("/data/targets/0/platform_post_id").asString();
    String text = "Love this! " + UUID.randomUUID();

    sandbox.post(
        "/_sandbox/instagram/comments",
        Map.of(
            "account_id",
            DemoWorkspace.INSTAGRAM_USER,
            "media_id",
            mediaId,
            "username",
            "a_fan",
            "text",
            text));
    // the scheduled sync is paced by Instagram's rate budget (a round a minute or more);
    // asking for a sync takes the account at the next round
    assertThat(api.post("/v1/accounts/" + instagram() + "/sync", Map.of()).status()).isEqualTo(202);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(commentsWithText(text))
                    .singleElement()
                    .satisfies(c -> assertThat(c.path("post_id").asString()).isEqualTo(postId)));
    WebhookReceiver.Delivery delivery = awaitWebhook("comment.received", text);
    assertThat(signatureVerifies(delivery)).isTrue();
    // later sync rounds see the same comment again and must not add it twice
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(commentsWithText(text)).hasSize(1));
  }

  @Test
  void aCaptionForXFitsItsWeightedLimitAndCostsOneCredit() {
    Map<String, Object> request =
        Map.of(
            "prompt",
            "Announce our autumn sale on hand-made ceramics, 20% off everything ".repeat(20),
            "platform",
            "x",
            "wait",
            30);

    Response first = api.post("/v1/ai/generate", request);
    Response second = api.post("/v1/ai/generate", request);

    assertThat(first.status()).isEqualTo(200);
    String content = first.body().at("/data/content").asString();
    assertThat(content).isNotBlank();
    assertThat(PlatformRules.of(Platform.TWITTER).countText(content)).isLessThanOrEqualTo(280);
    assertThat(first.body().at("/credits/used").asInt()).isEqualTo(1);
    assertThat(second.body().at("/credits/remaining").asInt())
        .isEqualTo(first.body().at("/credits/remaining").asInt() - 1);
  }

  @Test
  void anAiImageIsSizedForInstagramAndPublishedThereAtOnce() {
    Response generated =
        api.post(
            "/v1/ai/generate",
            Map.of(
                "prompt",
                "Fresh sourdough at dawn",
                "platform",
                "instagram",
                "type",
                "image",
                "wait",
                30));

    assertThat(generated.status()).isEqualTo(200);
    assertThat(generated.body().at("/data/width").asInt()).isEqualTo(1080);
    assertThat(generated.body().at("/credits/used").asInt()).isEqualTo(2);
    String mediaId = generated.body().at("/data/media_id").asString();
    Response created =
        api.post(
            "/v1/posts",
            Map.of(
                "text", "Straight from the AI " + UUID.randomUUID(),
                "account_ids", List.of(instagram()),
                "media_ids", List.of(mediaId)));
    assertThat(created.status()).isEqualTo(201);
    awaitPostStatus(created.body().at("/data/id").asString(), "published");
  }

  private static String mastodon() {
    return stack.demo().mastodonAccountId();
  }

  private static String instagram() {
    return stack.demo().instagramAccountId();
  }

  private static JsonNode awaitPostStatus(String postId, String status) {
    return StackAssertions.awaitPostStatus(api, postId, status);
  }

  @Test
  void webhookUrlsOnTheSandboxOrActuatorPortsAreRefused() {
    for (String url :
        List.of(
            stack.sandboxUrl() + "/sandbox/state",
            "http://127.0.0.1:" + stack.ports().gateway().management() + "/actuator/env",
            "http://169.254.169.254/latest/meta-data")) {
      Response refused = api.post("/v1/webhooks", Map.of("url", url, "events", List.of()));

      assertThat(refused.status()).as(url).isEqualTo(400);
      assertThat(refused.body().at("/error/code").asString()).isEqualTo("webhook.url_not_allowed");
    }
  }

  @Test
  void webhookEndpointsAreTestedRotatedAndReplayedThroughTheGatewayAndTheDispatcher() {
    Response created =
        api.post(
            "/v1/webhooks",
            Map.of("url", receiver.url() + "/managed", "events", List.of("webhook.test")));
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().at("/data/id").asString();
    String firstSecret = created.body().at("/data/secret").asString();

    Response tested = api.post("/v1/webhooks/" + id + "/test", Map.of());

    assertThat(tested.status()).isEqualTo(200);
    assertThat(tested.body().at("/data/status").asString()).isEqualTo("succeeded");
    assertThat(tested.body().at("/data/attempt/status_code").asInt()).isEqualTo(204);
    assertThat(tested.body().at("/data/attempt/duration_ms").isNumber()).isTrue();
    String firstDelivery = tested.body().at("/data/delivery_id").asString();
    String firstWebhookId = tested.body().at("/data/webhook_id").asString();
    WebhookReceiver.Delivery first = awaitWebhook("webhook.test", id);
    assertThat(first.headers().get("webhook-id")).isEqualTo(firstWebhookId);
    assertThat(signatureVerifies(first, firstSecret)).isTrue();

    Response rotated = api.post("/v1/webhooks/" + id + "/rotate-secret", Map.of());
    assertThat(rotated.status()).isEqualTo(200);
    String secondSecret = rotated.body().at("/data/secret").asString();
    Response testedAgain = api.post("/v1/webhooks/" + id + "/test", Map.of());
    assertThat(testedAgain.status()).isEqualTo(200);
    String secondWebhookId = testedAgain.body().at("/data/webhook_id").asString();
    WebhookReceiver.Delivery signedTwice =
        receiver.received("webhook.test", id).stream()
            .filter(d -> d.headers().get("webhook-id").equals(secondWebhookId))
            .findFirst()
            .orElseThrow();
    assertThat(signedTwice.headers().get("webhook-signature").split(" ")).hasSize(2);
    assertThat(signatureVerifies(signedTwice, secondSecret)).isTrue();
    assertThat(signatureVerifies(signedTwice, firstSecret)).isTrue();

    Response retried =
        api.post("/v1/webhooks/" + id + "/deliveries/" + firstDelivery + "/retry", Map.of());
    assertThat(retried.status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                receiver.received("webhook.test", id).stream()
                        .filter(d -> d.headers().get("webhook-id").equals(firstWebhookId))
                        .count()
                    == 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api.get("/v1/webhooks/" + id + "/deliveries/" + firstDelivery)
                        .body()
                        .at("/data/attempts")
                        .size()
                    == 2);
    assertThat(
            api.get("/v1/webhooks/" + id + "/deliveries/" + firstDelivery)
                .body()
                .at("/data/attempts/1/trigger")
                .asString())
        .isEqualTo("manual");

    assertThat(api.patch("/v1/webhooks/" + id, Map.of("enabled", false)).status()).isEqualTo(200);
    Response refused = api.post("/v1/webhooks/" + id + "/test", Map.of());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().at("/error/code").asString()).isEqualTo("webhook.endpoint_disabled");
  }

  private static WebhookReceiver.Delivery awaitWebhook(String type, String subject) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(receiver.received(type, subject)).isNotEmpty());
    return receiver.received(type, subject).get(0);
  }

  private static List<String> sandboxTexts(String platform, String accountId) {
    return StackAssertions.sandboxTexts(sandbox, platform, accountId);
  }

  private static List<JsonNode> commentsWithText(String text) {
    JsonNode page = api.get("/v1/inbox/comments?account_id=" + instagram() + "&limit=100").body();
    return page.path("data")
        .valueStream()
        .filter(c -> c.path("text").asString().equals(text))
        .toList();
  }

  /** Verifies per Standard Webhooks, computed here independently of the dispatcher's code. */
  private static boolean signatureVerifies(WebhookReceiver.Delivery delivery) {
    return signatureVerifies(delivery, webhookSecret);
  }

  private static boolean signatureVerifies(WebhookReceiver.Delivery delivery, String secret) {
    String id = delivery.headers().get("webhook-id");
    String timestamp = delivery.headers().get("webhook-timestamp");
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    String expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signed =
          (id + "." + timestamp + "." + delivery.body()).getBytes(StandardCharsets.UTF_8);
      expected = Base64.getEncoder().encodeToString(mac.doFinal(signed));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return List.of(delivery.headers().get("webhook-signature").split(" "))
        .contains("v1," + expected);
  }
}
