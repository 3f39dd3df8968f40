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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A direct-message round trip through the whole stack (gateway, inbox-ingestor, Kafka, PostgreSQL,
 * the platform sandbox): a person writes to the demo Instagram account in the sandbox, Meta's
 * signed messaging webhook brings it to the ingestor, the API lists the conversation and its
 * message, an answer sent through the API is performed by the ingestor, and the sandbox's thread
 * shows it.
 */
class DirectMessageEndToEndTests {

  private static final String APP_SECRET = "e2e-meta-app-secret";
  private static final String VERIFY_TOKEN = "e2e-meta-verify-token";

  private static RunningStack stack;
  private static StackClient api;
  private static StackClient sandbox;

  @BeforeAll
  static void startStack() throws Exception {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    stack =
        LocalStack.start(
            new LocalStackOptions(
                Files.createTempDirectory("omnipost-dm-e2e"),
                StackPorts.free(),
                infrastructure.bootstrapServers(),
                infrastructure.postgres(),
                Map.of(
                    "omnipost.inbox.sync-interval",
                    "500ms",
                    "omnipost.inbox.mention-platforms",
                    "instagram,twitter",
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
  void aMessageArrivesByWebhookIsListedAndTheAnswerReachesThePlatform() throws IOException {
    String account = stack.demo().instagramAccountId();
    String text = "Do you deliver on Sundays? " + UUID.randomUUID();

    Response written =
        sandbox.post(
            "/_sandbox/instagram/messages",
            Map.of(
                "account_id",
                DemoWorkspace.INSTAGRAM_USER,
                "username",
                "sunday.fan",
                "text",
                text));
    assertThat(written.status()).isEqualTo(201);
    String thread = written.body().path("conversation_id").asString();
    String person = written.body().path("from_id").asString();

    JsonNode conversation =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> conversationWith(account, person),
                c -> c != null && c.path("unread_count").asInt() == 1);
    String id = conversation.path("id").asString();
    assertThat(conversation.path("platform").asString()).isEqualTo("instagram");
    assertThat(conversation.path("status").asString()).isEqualTo("open");
    JsonNode messages = api.get("/v1/inbox/conversations/" + id + "/messages").body();
    assertThat(messages.at("/data/0/text").asString()).isEqualTo(text);
    assertThat(messages.at("/data/0/author/id").asString()).isEqualTo(person);
    assertThat(messages.at("/data/0/by_account").asBoolean()).isFalse();

    Response accepted =
        api.post("/v1/inbox/conversations/" + id + "/messages", Map.of("text", "Yes, 10 to 2!"));
    assertThat(accepted.status()).isEqualTo(202);
    String action = accepted.body().at("/data/action_id").asString();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get("/v1/inbox/actions/" + action).body().at("/data/status").asString(),
            "completed"::equals);
    JsonNode onPlatform = sandbox.get("/_sandbox/instagram/conversations/" + thread).body();
    assertThat(onPlatform.at("/messages/1/from_account").asBoolean()).isTrue();
    assertThat(onPlatform.at("/messages/1/text").asString()).isEqualTo("Yes, 10 to 2!");
    JsonNode after = api.get("/v1/inbox/conversations/" + id + "/messages").body();
    assertThat(after.at("/data/0/text").asString()).isEqualTo("Yes, 10 to 2!");
    assertThat(after.at("/data/0/by_account").asBoolean()).isTrue();
    assertThat(after.path("data").size()).isEqualTo(2);
  }

  private static JsonNode conversationWith(String account, String person) {
    for (JsonNode c :
        api.get("/v1/inbox/conversations?account_id=" + account).body().path("data")) {
      if (c.at("/participant/id").asString().equals(person)) {
        return c;
      }
    }
    return null;
  }
}
