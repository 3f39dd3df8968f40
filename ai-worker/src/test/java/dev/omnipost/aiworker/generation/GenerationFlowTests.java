package dev.omnipost.aiworker.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.aiworker.AiWorkerApplication;
import dev.omnipost.aiworker.OpenAiStub;
import dev.omnipost.aiworker.OpenAiStub.Answer;
import dev.omnipost.aiworker.RecordedSpans;
import dev.omnipost.aiworker.providers.ImageFitter;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.GenerateContent;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Generation requests through the real broker and database, answered by a local OpenAI-compatible
 * stub steered by the prompt: "reject:" answers 400, "leak:" 401 with an error text holding {@link
 * #LEAKED_SECRET}, "flaky:" 503 once, "down:" 503 always, "ramble:" a text far over X's limit,
 * "garbled:" prose where JSON was asked for; anything else is echoed.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    classes = {AiWorkerApplication.class, GenerationFlowTests.Spans.class},
    properties = {
      "spring.config.name=ai-worker",
      "server.port=0",
      "management.server.port=0",
      "omnipost.ai.provider=openai",
      "omnipost.ai.retry-backoff=50ms",
      "omnipost.ai.max-retry-backoff=200ms",
      "omnipost.ai.sweep-interval=300ms",
      "omnipost.ai.openai.api-key=sk-integration"
    })
class GenerationFlowTests {

  /** Records the spans the worker ends. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {
    @Bean
    RecordedSpans recordedSpans() {
      return new RecordedSpans();
    }
  }

  /** What a provider's error text may carry: a key, an account, an internal host. */
  static final String LEAKED_SECRET = "sk-proj-LEAKED0123456789abcdef";

  private static final OpenAiStub STUB = OpenAiStub.start();
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
  private static final CloudEventCodec CODEC = new CloudEventCodec("/omnipost/test");
  private static final String CREDITS_PERIOD = "2026-01";

  static {
    STUB.respond(OpenAiStub.CHAT, GenerationFlowTests::chat);
    STUB.respond(
        OpenAiStub.IMAGES,
        request ->
            Answer.ok(
                OpenAiStub.imageAnswer(
                    ImageFitter.png(new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB)))));
  }

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("omnipost.ai.openai.base-url", STUB::baseUrl);
  }

  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<String, byte[]> kafka;
  @Autowired RecordedSpans spans;

  private static Answer chat(JsonNode request) {
    String prompt = OpenAiStub.lastMessage(request);
    int call = CALLS.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
    String schema = request.at("/response_format/json_schema/name").asString("");
    if (prompt.startsWith("reject:")) {
      return Answer.status(
          400,
          "{\"error\":{\"message\":\"Your request was rejected as a result of our safety system.\",\"code\":\"content_policy_violation\"}}");
    }
    if (prompt.startsWith("leak:")) {
      return Answer.status(
          401,
          "{\"error\":{\"message\":\"Incorrect API key provided: "
              + LEAKED_SECRET
              + " for organization org-agency-internal at llm-proxy.internal:8443\",\"code\":\"invalid_api_key\"}}");
    }
    if (prompt.startsWith("down:") || (prompt.startsWith("flaky:") && call == 1)) {
      return Answer.status(503, "{\"error\":{\"message\":\"The server is overloaded\"}}");
    }
    if (prompt.startsWith("ramble:")) {
      return Answer.ok(
          OpenAiStub.completion(
              "Our summer sale is here and it is bigger than ever before, ".repeat(12)));
    }
    if (prompt.startsWith("garbled:")) {
      return Answer.ok(OpenAiStub.completion("Sure! Here you go: #one #two"));
    }
    if (schema.equals("hashtags")) {
      return Answer.ok(
          OpenAiStub.completion("{\"hashtags\":[\"#Stub\",\"Porto Food\",\"#stub\"]}"));
    }
    return Answer.ok(OpenAiStub.completion("Fresh from the stub: " + prompt + " #Stub"));
  }

  @Test
  void completesAPendingGenerationAndAnnouncesIt() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation =
        pending(workspace, "text", "generate", "Our bakery opens on Monday", "instagram");

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    Map<String, Object> row = row(generation);
    assertThat(row.get("content"))
        .isEqualTo("Fresh from the stub: Our bakery opens on Monday #Stub");
    assertThat(row.get("provider")).isEqualTo("openai");
    assertThat(row.get("completed_at")).isNotNull();
    assertThat(eventData(workspace, "ai.generation.completed"))
        .contains("\"tool\": \"generate\"")
        .contains("\"kind\": \"text\"");
    assertThat(creditsUsed(workspace)).isEqualTo(1);
  }

  @Test
  void handlesARedeliveredRequestOnlyOnce() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pending(workspace, "text", "generate", "Twice delivered news", null);
    request(workspace, generation);
    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));

    request(workspace, generation);
    String marker = pending(workspace, "text", "generate", "A later request", null);
    request(workspace, marker);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(marker).equals("completed"));
    assertThat(events(workspace, "ai.generation.completed")).isEqualTo(2);
    assertThat(STUB.callsWithLastMessage("Twice delivered news")).isEqualTo(1);
  }

  @Test
  void failsARejectedGenerationAtOnceAndRefundsItsCredits() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation =
        pending(workspace, "text", "rewrite", "reject: something unsafe", "twitter");

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("failed"));
    Map<String, Object> row = row(generation);
    assertThat(row.get("error_code")).isEqualTo("provider_rejected");
    assertThat((String) row.get("error_message"))
        .startsWith("The AI provider declined to generate this content")
        .doesNotContain("safety system");
    assertThat(creditsUsed(workspace)).isZero();
    assertThat(events(workspace, "ai.generation.failed")).isEqualTo(1);
    assertThat(STUB.callsWithLastMessage("reject: something unsafe")).isEqualTo(1);
  }

  @Test
  void aProvidersErrorTextReachesTheOperatorsLogButNotTheTenant(CapturedOutput log) {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pending(workspace, "text", "generate", "leak: spring offers", null);

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("failed"));
    Map<String, Object> row = row(generation);
    assertThat(row.get("error_code")).isEqualTo("provider_rejected");
    assertThat(row.toString())
        .doesNotContain(LEAKED_SECRET)
        .doesNotContain("org-agency-internal")
        .doesNotContain("llm-proxy.internal");
    assertThat(eventData(workspace, "ai.generation.failed"))
        .contains("provider_rejected")
        .doesNotContain(LEAKED_SECRET)
        .doesNotContain("llm-proxy.internal");
    assertThat(log.getAll())
        .contains(generation)
        .contains("Incorrect API key provided: " + LEAKED_SECRET);
  }

  @Test
  void retriesATransientProviderFailureThroughTheRetryTopic() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pending(workspace, "text", "generate", "flaky: weekend brunch menu", null);

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    assertThat(STUB.callsWithLastMessage("flaky: weekend brunch menu")).isEqualTo(2);
    assertThat(creditsUsed(workspace)).isEqualTo(1);
  }

  @Test
  void eachAttemptIsASpanInTheTraceOfTheRequestThatAskedForTheGeneration() {
    String workspace = workspaceWithCreditsUsed(1);
    String prompt = "flaky: traced harvest festival";
    String generation = pending(workspace, "text", "generate", prompt, null);
    String traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
    byte[] payload =
        CloudEventCodec.encode(
            CODEC.wrap(new GenerateContent(generation, workspace), workspace, generation));
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topics.AI_GENERATION_REQUESTS, workspace, payload);
    record
        .headers()
        .add(
            "traceparent",
            ("00-" + traceId + "-00f067aa0ba902b8-01").getBytes(StandardCharsets.US_ASCII));

    kafka.send(record).join();

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(attemptSpans(generation))
                    .extracting(s -> RecordedSpans.attribute(s, "outcome"))
                    .containsExactly("retried", "completed"));
    assertThat(attemptSpans(generation))
        .allSatisfy(
            s -> {
              assertThat(s.getTraceId()).isEqualTo(traceId);
              assertThat(RecordedSpans.attribute(s, "provider")).isEqualTo("openai");
              assertThat(RecordedSpans.attribute(s, "tool")).isEqualTo("generate");
              // the tenant's words are not for the operator's traces
              assertThat(s.getAttributes().asMap().values())
                  .noneMatch(v -> String.valueOf(v).contains("harvest"));
            });
  }

  private List<SpanData> attemptSpans(String generation) {
    return spans.named(GenerateContentListener.SPAN).stream()
        .filter(s -> generation.equals(RecordedSpans.attribute(s, "generation_id")))
        .toList();
  }

  @Test
  void failsAndRefundsAGenerationWhoseProviderIsStillDownAfterTheLastRetry() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pending(workspace, "text", "generate", "down: autumn menu", null);

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("failed"));
    Map<String, Object> row = row(generation);
    assertThat(row.get("error_code")).isEqualTo("provider_unavailable");
    assertThat(row.get("error_message"))
        .isEqualTo("The AI provider is unavailable right now; try again later.");
    assertThat(STUB.callsWithLastMessage("down: autumn menu")).isEqualTo(3);
    assertThat(creditsUsed(workspace)).isZero();
    assertThat(eventData(workspace, "ai.generation.failed"))
        .contains("provider_unavailable")
        .contains("\"credits_refunded\": 1");
  }

  @Test
  void keepsATooLongAnswerWithinXsLimit() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pending(workspace, "text", "generate", "ramble: summer sale", "twitter");

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    String content = (String) row(generation).get("content");
    assertThat(PlatformRules.of(Platform.TWITTER).countText(content)).isLessThanOrEqualTo(280);
    assertThat(content).startsWith("Our summer sale is here").endsWith("…");
    assertThat(STUB.callsWithLastMessage("ramble: summer sale")).isEqualTo(2);
  }

  @Test
  void storesAStructuredAnswerAsCleanedItems() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pending(workspace, "text", "hashtags", "Street food in Porto", "instagram");

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    assertThat(
            jdbc.sql("SELECT result::text FROM ai_generations WHERE id = :id")
                .param("id", generation)
                .query(String.class)
                .single())
        .isEqualTo("{\"items\": [\"#Stub\", \"#PortoFood\"]}");
  }

  @Test
  void failsAndRefundsAnAnswerThatBreaksTheSchemaTwice() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pending(workspace, "text", "ideas", "garbled: composting", null);

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("failed"));
    assertThat(row(generation).get("error_code")).isEqualTo("provider_invalid_output");
    assertThat(STUB.callsWithLastMessage("garbled: composting")).isEqualTo(2);
    assertThat(creditsUsed(workspace)).isZero();
    assertThat(events(workspace, "ai.generation.failed")).isEqualTo(1);
  }

  @Test
  void keepsAnImageOfThePlatformsSizeForTheGatewayToStore() throws IOException {
    String workspace = workspaceWithCreditsUsed(2);
    String generation = pending(workspace, "image", "generate", "A lighthouse at dawn", "linkedin");
    jdbc.sql(
            "UPDATE ai_generations SET image_width = 1200, image_height = 627, credits = 2 WHERE id = :id")
        .param("id", generation)
        .update();

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    byte[] png = (byte[]) row(generation).get("image_png");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(image.getHeight()).isEqualTo(627);
    assertThat(row(generation).get("media_id")).isNull();
    assertThat(eventData(workspace, "ai.generation.completed")).contains("\"kind\": \"image\"");
  }

  @Test
  void failsAndRefundsAGenerationPendingTooLong() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation =
        pending(workspace, "text", "generate", "a request whose command was lost", null);
    jdbc.sql("UPDATE ai_generations SET created_at = now() - interval '1 hour' WHERE id = :id")
        .param("id", generation)
        .update();

    await().atMost(Duration.ofSeconds(10)).until(() -> status(generation).equals("failed"));

    assertThat(row(generation).get("error_code")).isEqualTo("generation_timed_out");
    assertThat(creditsUsed(workspace)).isZero();
    assertThat(eventData(workspace, "ai.generation.failed")).contains("generation_timed_out");
  }

  /**
   * A workspace whose monthly AI usage in {@link #CREDITS_PERIOD} (a past month, so the refund is
   * seen to go to the generation's period, not the current one) already counts the credits.
   */
  private String workspaceWithCreditsUsed(int used) {
    String id = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'AI test')").param("id", id).update();
    jdbc.sql(
            "INSERT INTO workspace_usage (workspace_id, quota, period, used)"
                + " VALUES (:id, 'ai_credits_per_month', :period, :used)")
        .param("id", id)
        .param("period", CREDITS_PERIOD)
        .param("used", used)
        .update();
    return id;
  }

  private String pending(
      String workspace, String kind, String tool, String prompt, String platform) {
    String id = Ids.newId("gen");
    jdbc.sql(
            """
            INSERT INTO ai_generations (id, workspace_id, status, kind, tool, prompt, platform, mode, tone,
                item_count, credits, credits_period)
            VALUES (:id, :ws, 'pending', :kind, :tool, :prompt, :platform, 'marketing', 'friendly', 3, 1,
                :period)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("kind", kind)
        .param("tool", tool)
        .param("prompt", prompt)
        .param("platform", platform)
        .param("period", CREDITS_PERIOD)
        .update();
    return id;
  }

  private void request(String workspace, String generation) {
    byte[] payload =
        CloudEventCodec.encode(
            CODEC.wrap(new GenerateContent(generation, workspace), workspace, generation));
    kafka.send(Topics.AI_GENERATION_REQUESTS, workspace, payload).join();
  }

  private String status(String generation) {
    return jdbc.sql("SELECT status FROM ai_generations WHERE id = :id")
        .param("id", generation)
        .query(String.class)
        .single();
  }

  private Map<String, Object> row(String generation) {
    return jdbc.sql("SELECT * FROM ai_generations WHERE id = :id")
        .param("id", generation)
        .query()
        .singleRow();
  }

  private int creditsUsed(String workspace) {
    return jdbc.sql(
            "SELECT used FROM workspace_usage WHERE workspace_id = :id AND quota = 'ai_credits_per_month'")
        .param("id", workspace)
        .query(Integer.class)
        .single();
  }

  private String eventData(String workspace, String type) {
    return jdbc.sql(
            "SELECT string_agg(data::text, ',') FROM event_log WHERE workspace_id = :ws AND type = :type")
        .param("ws", workspace)
        .param("type", type)
        .query(String.class)
        .single();
  }

  private int events(String workspace, String type) {
    return jdbc.sql("SELECT count(*) FROM event_log WHERE workspace_id = :ws AND type = :type")
        .param("ws", workspace)
        .param("type", type)
        .query(Integer.class)
        .single();
  }
}
