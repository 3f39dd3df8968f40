package dev.omnipost.aiworker.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.omnipost.connectors.Platform;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Against a local server speaking the chat-completions wire format. */
class OpenAiCompatibleTextGeneratorTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private HttpServer server;
  private final AtomicReference<String> receivedBody = new AtomicReference<>();
  private final AtomicReference<String> receivedAuthorization = new AtomicReference<>();
  private final AtomicReference<String> receivedPath = new AtomicReference<>();
  private volatile int answerStatus = 200;
  private volatile String answerBody;
  private volatile long answerDelayMillis;

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          receivedPath.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          receivedAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
          receivedBody.set(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          if (answerDelayMillis > 0) {
            try {
              Thread.sleep(
                  answerDelayMillis); // the stub plays a slow server; the test itself does not wait
              // on it
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body = answerBody.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answerStatus, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
  }

  private OpenAiCompatibleTextGenerator generator(Duration timeout) {
    return new OpenAiCompatibleTextGenerator(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
        "sk-test-123",
        "gpt-4o-mini",
        timeout,
        0.7);
  }

  private static GenerationRequest xRequest() {
    return new GenerationRequest(
        "Announce our summer sale",
        List.of(),
        Platform.TWITTER,
        "marketing",
        "excited",
        LengthLimit.forPlatform(Platform.TWITTER));
  }

  @Test
  void sendsAChatCompletionRequestAndReadsTheFirstChoice() {
    answerBody =
        """
        {"id":"chatcmpl-9x","object":"chat.completion","created":1732560000,"model":"gpt-4o-mini",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Summer sale starts now! ☀️ #SummerSale"},
                     "logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":61,"completion_tokens":12,"total_tokens":73}}
        """;

    GeneratedText text = generator(Duration.ofSeconds(5)).generate(xRequest());

    assertThat(text)
        .isEqualTo(new GeneratedText("Summer sale starts now! ☀️ #SummerSale", "openai"));
    assertThat(receivedPath.get()).isEqualTo("POST /v1/chat/completions");
    assertThat(receivedAuthorization.get()).isEqualTo("Bearer sk-test-123");
    JsonNode body = JSON.readTree(receivedBody.get());
    assertThat(body.path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(body.path("messages").get(0).path("role").asString()).isEqualTo("system");
    assertThat(body.path("messages").get(0).path("content").asString())
        .contains("twitter")
        .contains("Tone: excited")
        .contains("weighted characters");
    assertThat(body.path("messages").get(1).path("role").asString()).isEqualTo("user");
    assertThat(body.path("messages").get(1).path("content").asString())
        .isEqualTo("Announce our summer sale");
    assertThat(body.path("max_tokens").asInt()).isPositive();
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
  }

  @Test
  void passesAConversationOnTurnByTurn() {
    answerBody = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}";
    GenerationRequest conversation =
        new GenerationRequest(
            null,
            List.of(
                new ChatMessage("user", "Ideas?"),
                new ChatMessage("assistant", "Sourdough"),
                new ChatMessage("user", "Yes")),
            null,
            "social",
            null,
            LengthLimit.forPlatform(null));

    generator(Duration.ofSeconds(5)).generate(conversation);

    JsonNode messages = JSON.readTree(receivedBody.get()).path("messages");
    assertThat(messages.size()).isEqualTo(4);
    assertThat(messages.get(2).path("role").asString()).isEqualTo("assistant");
    assertThat(messages.get(3).path("content").asString()).isEqualTo("Yes");
  }

  @Test
  void reportsARateLimitAsTransient() {
    answerStatus = 429;
    answerBody =
        """
        {"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                  "type":"requests","param":null,"code":"rate_limit_exceeded"}}
        """;

    assertThatThrownBy(() -> generator(Duration.ofSeconds(5)).generate(xRequest()))
        .isInstanceOfSatisfying(
            TextGenerationException.class,
            e -> {
              assertThat(e.isTransient()).isTrue();
              assertThat(e.code()).isEqualTo("provider_rate_limited");
              assertThat(e.getMessage()).startsWith("Rate limit reached for gpt-4o-mini");
            });
  }

  @Test
  void reportsABadRequestAsPermanentWithTheProvidersMessage() {
    answerStatus = 400;
    answerBody =
        """
        {"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.",
                  "type":"invalid_request_error","param":null,"code":"model_not_found"}}
        """;

    assertThatThrownBy(() -> generator(Duration.ofSeconds(5)).generate(xRequest()))
        .isInstanceOfSatisfying(
            TextGenerationException.class,
            e -> {
              assertThat(e.isTransient()).isFalse();
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.getMessage())
                  .isEqualTo("The model `gpt-9` does not exist or you do not have access to it.");
            });
  }

  @Test
  void reportsAServerErrorAsTransient() {
    answerStatus = 503;
    answerBody = "<html>Service Unavailable</html>";

    assertThatThrownBy(() -> generator(Duration.ofSeconds(5)).generate(xRequest()))
        .isInstanceOfSatisfying(
            TextGenerationException.class, e -> assertThat(e.isTransient()).isTrue());
  }

  @Test
  void reportsATimeoutAsTransient() {
    answerDelayMillis = 1_500;
    answerBody = "{\"choices\":[{\"message\":{\"content\":\"late\"}}]}";

    assertThatThrownBy(() -> generator(Duration.ofMillis(200)).generate(xRequest()))
        .isInstanceOfSatisfying(
            TextGenerationException.class,
            e -> {
              assertThat(e.isTransient()).isTrue();
              assertThat(e.getMessage()).contains("did not answer");
            });
  }
}
