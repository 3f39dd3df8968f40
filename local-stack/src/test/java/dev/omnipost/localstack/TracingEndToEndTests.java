package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.localstack.StackClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace per post, and what the logs say about it (ADR 26), through the whole local stack: a
 * real Kafka and PostgreSQL between the gateway, the publisher-worker and the webhook-dispatcher. A
 * client's {@code traceparent} on {@code POST /v1/posts} travels through the outbox row, the Kafka
 * record headers, the publisher's steps to the platform's HTTP API (the sandbox records what it
 * received) and to the webhook the dispatcher delivers; each hop is a span of its own. Everything
 * the stack printed meanwhile names the service that wrote it and holds no secret.
 */
class TracingEndToEndTests {

  private static RunningStack stack;
  private static StackClient api;
  private static StackClient sandbox;
  private static WebhookReceiver receiver;
  private static ConsoleCapture console;
  private static String webhookSecret;
  private static Path dataDir;

  @BeforeAll
  static void startStack() throws IOException {
    console = ConsoleCapture.start();
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    dataDir = Files.createTempDirectory("omnipost-tracing");
    receiver = new WebhookReceiver();
    stack =
        LocalStack.start(
            new LocalStackOptions(
                dataDir,
                StackPorts.free(),
                infrastructure.bootstrapServers(),
                infrastructure.postgres(),
                Map.of(
                    "omnipost.inbox.mention-platforms",
                    "instagram,twitter",
                    "omnipost.egress.allowed-networks",
                    "127.0.0.1/32:" + receiver.port())));
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
    if (console != null) {
      console.close();
    }
  }

  @Test
  void aClientsTraceReachesThePlatformCallsAndTheWebhookThroughKafka() throws IOException {
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    String clientSpan = HexFormat.of().formatHex(randomBytes(8));
    String text = "Traced " + UUID.randomUUID();
    Response media = api.upload("/v1/media", "photo.png", "image/png", TestImages.png());
    assertThat(media.status()).isEqualTo(201);

    Response created =
        api.post(
            "/v1/posts",
            Map.of(
                "text",
                text,
                "account_ids",
                List.of(stack.demo().instagramAccountId()),
                "media_ids",
                List.of(media.body().at("/data/id").asString())),
            Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String postId = created.body().at("/data/id").asString();

    WebhookReceiver.Delivery published = awaitWebhook("post.published", postId);
    String webhookTrace = published.headers().get("traceparent");
    assertThat(webhookTrace).as("the webhook's traceparent").matches(w3c(traceId));
    // the dispatcher's delivery span, not the client's: the hops made spans of their own
    assertThat(parentOf(webhookTrace)).isNotEqualTo(clientSpan);

    List<String> platformCalls = platformTraceparents("/instagram", traceId);
    // container create, status polls, media_publish, permalink: every step's call is in the trace
    assertThat(platformCalls).hasSizeGreaterThanOrEqualTo(2);
    assertThat(platformCalls).allMatch(tp -> tp.matches(w3c(traceId)));
    assertThat(platformCalls.stream().map(TracingEndToEndTests::parentOf).distinct().count())
        .as("one span per publish step")
        .isGreaterThan(1);
    assertThat(platformCalls).noneMatch(tp -> parentOf(tp).equals(clientSpan));

    // the per-target events travel in the same trace
    WebhookReceiver.Delivery targetPublished = awaitWebhook("post.target.published", postId);
    assertThat(targetPublished.headers().get("traceparent")).matches(w3c(traceId));
  }

  @Test
  void aPostWithoutAClientTraceStartsOneAtTheGatewayThatTheWorkersContinue() {
    String text = "Traced from the gateway " + UUID.randomUUID();

    Response created =
        api.post(
            "/v1/posts",
            Map.of("text", text, "account_ids", List.of(stack.demo().mastodonAccountId())));
    assertThat(created.status()).isEqualTo(201);
    String postId = created.body().at("/data/id").asString();

    String webhookTrace = awaitWebhook("post.published", postId).headers().get("traceparent");
    assertThat(webhookTrace).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    String traceId = webhookTrace.substring(3, 35);
    assertThat(platformTraceparents("/mastodon", traceId))
        .as("the Mastodon status create carries the post's trace")
        .isNotEmpty();
  }

  @Test
  void everyLogLineNamesItsServiceAndNoneHoldsASecret() throws IOException {
    // an end-to-end flow: a new key, a post published through it, its webhook delivered
    Response key =
        api.post(
            "/v1/keys",
            Map.of(
                "name",
                "tracing test",
                "scopes",
                List.of("posts:read", "posts:write", "posts:publish")));
    assertThat(key.status()).as(key.body().toString()).isEqualTo(201);
    String newKey = key.body().at("/data/key").asString();
    assertThat(newKey).isNotBlank();
    StackClient withNewKey = new StackClient(stack.gatewayUrl(), newKey);
    Response created =
        withNewKey.post(
            "/v1/posts",
            Map.of(
                "text",
                "Logged " + UUID.randomUUID(),
                "account_ids",
                List.of(stack.demo().mastodonAccountId())));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    awaitWebhook("post.published", created.body().at("/data/id").asString());

    String logged = console.captured();

    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("the demo API key", stack.demo().apiKey());
    secrets.put("the new API key", newKey);
    secrets.put("the operator token", stack.operatorToken());
    secrets.put("the Mastodon access token", stack.demo().mastodonToken());
    secrets.put("the Instagram access token", stack.demo().instagramToken());
    secrets.put("the webhook secret", webhookSecret);
    secrets.put("the webhook secret's key", webhookSecret.substring("whsec_".length()));
    secrets.put("the encryption key", Files.readString(dataDir.resolve("encryption.key")).trim());
    secrets.forEach((what, secret) -> assertThat(logged).as(what).doesNotContain(secret));

    // lines written by each service's own threads name that service, not the first one started
    for (String service :
        List.of(
            "gateway", "publisher-worker", "inbox-ingestor", "ai-worker", "webhook-dispatcher")) {
      assertThat(logged).as(service).contains("[" + service + "] ");
    }
    assertThat(logged)
        .as("Spring Boot's start line of a worker, on the thread that started it")
        .containsPattern("\\[publisher-worker\\] \\[,\\] .*Started application");
    assertThat(logged)
        .as("lines written while a span is in scope carry its trace and span ids")
        .containsPattern("\\[[a-z-]+\\] \\[[0-9a-f]{32},[0-9a-f]{16}\\] ");
  }

  private static String w3c(String traceId) {
    return "00-" + traceId + "-[0-9a-f]{16}-01";
  }

  private static String parentOf(String traceparent) {
    return traceparent.substring(36, 52);
  }

  private static List<String> platformTraceparents(String pathPrefix, String traceId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> calls(pathPrefix).stream().anyMatch(tp -> traceId.equals(tp.substring(3, 35))));
    return calls(pathPrefix).stream().filter(tp -> traceId.equals(tp.substring(3, 35))).toList();
  }

  private static List<String> calls(String pathPrefix) {
    Response seen = sandbox.get("/_sandbox/traceparents?path_prefix=" + pathPrefix);
    assertThat(seen.status()).isEqualTo(200);
    return StreamSupport.stream(seen.body().spliterator(), false)
        .map(call -> call.path("traceparent").asString())
        .filter(tp -> tp.length() == 55)
        .toList();
  }

  private static WebhookReceiver.Delivery awaitWebhook(String type, String subject) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(receiver.received(type, subject)).isNotEmpty());
    return receiver.received(type, subject).get(0);
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    ThreadLocalRandom.current().nextBytes(bytes);
    bytes[0] = (byte) (bytes[0] | 0x10); // never all zeros
    return bytes;
  }
}
