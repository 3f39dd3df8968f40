package dev.omnipost.aiworker.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.aiworker.OpenAiStub;
import dev.omnipost.aiworker.OpenAiStub.Answer;
import dev.omnipost.aiworker.providers.ChatMessage;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.PostFindings;
import dev.omnipost.aiworker.providers.ProviderException;
import dev.omnipost.aiworker.providers.Tool;
import dev.omnipost.aiworker.providers.WritingRequest;
import dev.omnipost.connectors.Platform;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Against a local server speaking the chat-completions wire format. */
class OpenAiCompatibleWriterTests {

  private final OpenAiStub stub = OpenAiStub.start();

  @AfterEach
  void stopStub() {
    stub.close();
  }

  private OpenAiCompatibleWriter writer(Duration timeout) {
    return new OpenAiCompatibleWriter(stub.baseUrl(), "sk-test-123", "gpt-4o-mini", timeout, 0.7);
  }

  private static WritingRequest request(Tool tool, String text, Platform platform, int count) {
    return new WritingRequest(
        tool,
        text,
        List.of(),
        platform,
        "marketing",
        "persuasive",
        count,
        LengthLimit.forPlatform(platform));
  }

  private void answer(String content) {
    stub.respond(OpenAiStub.CHAT, request -> Answer.ok(OpenAiStub.completion(content)));
  }

  @Test
  void sendsAChatCompletionRequestAndReadsTheFirstChoice() {
    answer("Summer sale starts now! ☀️ #SummerSale");

    String text =
        writer(Duration.ofSeconds(5))
            .compose(request(Tool.GENERATE, "Announce our summer sale", Platform.TWITTER, 0));

    assertThat(text).isEqualTo("Summer sale starts now! ☀️ #SummerSale");
    OpenAiStub.Received received = stub.last();
    assertThat(received.method() + " " + received.path()).isEqualTo("POST /v1/chat/completions");
    assertThat(received.authorization()).isEqualTo("Bearer sk-test-123");
    JsonNode body = received.body();
    assertThat(body.path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(body.path("messages")).hasSize(2);
    assertThat(body.at("/messages/0/role").asString()).isEqualTo("system");
    assertThat(body.at("/messages/0/content").asString())
        .contains("twitter")
        .contains("Tone: persuasive")
        .contains("under 252 weighted characters");
    assertThat(body.at("/messages/1/role").asString()).isEqualTo("user");
    assertThat(body.at("/messages/1/content").asString()).isEqualTo("Announce our summer sale");
    assertThat(body.path("max_tokens").asInt()).isPositive();
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(body.has("response_format")).isFalse();
  }

  @Test
  void passesAConversationOnTurnByTurn() {
    answer("ok");
    WritingRequest conversation =
        new WritingRequest(
            Tool.GENERATE,
            null,
            List.of(
                new ChatMessage("user", "Ideas?"),
                new ChatMessage("assistant", "Sourdough"),
                new ChatMessage("user", "Yes")),
            null,
            "social",
            null,
            0,
            LengthLimit.forPlatform(null));

    writer(Duration.ofSeconds(5)).compose(conversation);

    JsonNode messages = stub.last().body().path("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(2).path("role").asString()).isEqualTo("assistant");
    assertThat(messages.get(3).path("content").asString()).isEqualTo("Yes");
  }

  @Test
  void asksForHashtagsWithAStrictJsonSchemaAndReadsTheAnswer() {
    answer("{\"hashtags\":[\"#SummerSale\",\"#Porto\",\"#Linen\"]}");

    List<String> tags =
        writer(Duration.ofSeconds(5))
            .hashtags(
                request(Tool.HASHTAGS, "Linen shirts on sale in Porto", Platform.INSTAGRAM, 3));

    assertThat(tags).containsExactly("#SummerSale", "#Porto", "#Linen");
    JsonNode format = stub.last().body().path("response_format");
    assertThat(format.path("type").asString()).isEqualTo("json_schema");
    assertThat(format.at("/json_schema/name").asString()).isEqualTo("hashtags");
    assertThat(format.at("/json_schema/strict").asBoolean()).isTrue();
    JsonNode schema = format.at("/json_schema/schema");
    assertThat(schema.path("type").asString()).isEqualTo("object");
    assertThat(schema.path("required").toString()).isEqualTo("[\"hashtags\"]");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.at("/properties/hashtags/type").asString()).isEqualTo("array");
    assertThat(schema.at("/properties/hashtags/maxItems").asInt()).isEqualTo(3);
    assertThat(schema.at("/properties/hashtags/items/type").asString()).isEqualTo("string");
    assertThat(stub.last().body().at("/messages/1/content").asString())
        .isEqualTo("Linen shirts on sale in Porto");
  }

  @Test
  void asksForExactlyTheIdeasCountedAndForAThreadsPosts() {
    stub.respond(
        OpenAiStub.CHAT,
        request ->
            Answer.ok(
                OpenAiStub.completion(
                    request.at("/response_format/json_schema/name").asString().equals("ideas")
                        ? "{\"ideas\":[\"One\",\"Two\"]}"
                        : "{\"posts\":[\"First.\",\"Second.\"]}")));
    OpenAiCompatibleWriter writer = writer(Duration.ofSeconds(5));

    List<String> ideas = writer.ideas(request(Tool.IDEAS, "composting", null, 2));
    JsonNode ideasSchema =
        stub.last().body().at("/response_format/json_schema/schema/properties/ideas");
    List<String> posts = writer.thread(request(Tool.THREAD, "First. Second.", Platform.TWITTER, 0));

    assertThat(ideas).containsExactly("One", "Two");
    assertThat(ideasSchema.path("minItems").asInt()).isEqualTo(2);
    assertThat(ideasSchema.path("maxItems").asInt()).isEqualTo(2);
    assertThat(posts).containsExactly("First.", "Second.");
    assertThat(stub.last().body().at("/messages/0/content").asString())
        .contains("at most 280 weighted characters");
  }

  @Test
  void asksOnceMoreWhenTheAnswerBreaksTheSchema() {
    AtomicInteger calls = new AtomicInteger();
    stub.respond(
        OpenAiStub.CHAT,
        request ->
            Answer.ok(
                OpenAiStub.completion(
                    calls.incrementAndGet() == 1
                        ? "Sure! Here are some hashtags: #Sale #Porto"
                        : "{\"hashtags\":[\"#Sale\"]}")));

    List<String> tags =
        writer(Duration.ofSeconds(5)).hashtags(request(Tool.HASHTAGS, "Sale in Porto", null, 3));

    assertThat(tags).containsExactly("#Sale");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void failsPermanentlyWhenTheAnswerBreaksTheSchemaTwice() {
    answer("{\"ideas\":[\"only one\"],\"extra\":true}");

    assertThatThrownBy(
            () -> writer(Duration.ofSeconds(5)).ideas(request(Tool.IDEAS, "composting", null, 3)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ProviderException.INVALID_OUTPUT);
              assertThat(e.isTransient()).isFalse();
            });
    assertThat(stub.received()).hasSize(2);
  }

  @Test
  void tellsTheModelWhatOptimizeFound() {
    answer("Better post. Shop now! #Sale");
    String text = "Sale #a #b #c #d #e";

    writer(Duration.ofSeconds(5))
        .optimize(
            request(Tool.OPTIMIZE, text, Platform.TWITTER, 0),
            PostFindings.of(text, Platform.TWITTER, LengthLimit.forPlatform(Platform.TWITTER)));

    assertThat(stub.last().body().at("/messages/0/content").asString())
        .contains("Fix these problems: 5 hashtags; at most 2 work well on twitter")
        .contains("no call to action");
  }

  @Test
  void reportsARateLimitAsTransient() {
    stub.respond(
        OpenAiStub.CHAT,
        request ->
            Answer.status(
                429,
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization org-x\",\"code\":\"rate_limit_exceeded\"}}"));

    assertThatThrownBy(
            () -> writer(Duration.ofSeconds(5)).compose(request(Tool.GENERATE, "Hi", null, 0)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.isTransient()).isTrue();
              assertThat(e.code()).isEqualTo("provider_rate_limited");
              assertThat(e.getMessage()).startsWith("Rate limit reached for gpt-4o-mini");
            });
  }

  @Test
  void reportsABadRequestAsPermanentWithTheProvidersMessage() {
    stub.respond(
        OpenAiStub.CHAT,
        request ->
            Answer.status(
                400,
                "{\"error\":{\"message\":\"The model `gpt-9` does not exist or you do not have access to it.\",\"code\":\"model_not_found\"}}"));

    assertThatThrownBy(
            () -> writer(Duration.ofSeconds(5)).rewrite(request(Tool.REWRITE, "Hi", null, 0)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.isTransient()).isFalse();
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("provider_rejected");
              assertThat(e.getMessage())
                  .isEqualTo("The model `gpt-9` does not exist or you do not have access to it.");
            });
  }

  @Test
  void reportsAServerErrorAndATimeoutAsTransient() {
    stub.respond(
        OpenAiStub.CHAT, request -> Answer.status(503, "<html>Service Unavailable</html>"));
    assertThatThrownBy(
            () -> writer(Duration.ofSeconds(5)).compose(request(Tool.GENERATE, "Hi", null, 0)))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.code()).isEqualTo("provider_unavailable"));

    stub.respond(OpenAiStub.CHAT, request -> new Answer(200, OpenAiStub.completion("late"), 1_500));
    assertThatThrownBy(
            () -> writer(Duration.ofMillis(200)).compose(request(Tool.GENERATE, "Hi", null, 0)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.isTransient()).isTrue();
              assertThat(e.getMessage()).contains("did not answer");
            });
  }
}
