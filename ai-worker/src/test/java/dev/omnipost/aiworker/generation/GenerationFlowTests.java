package dev.omnipost.aiworker.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.aiworker.AiWorkerApplication;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.GenerateContent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Generation requests through the real broker and database, answered by a local chat-completions
 * stub.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    classes = AiWorkerApplication.class,
    properties = {
      "spring.config.name=ai-worker",
      "server.port=0",
      "management.server.port=0",
      "omnipost.ai.provider=openai",
      "omnipost.ai.retry-backoff=50ms",
      "omnipost.ai.openai.api-key=sk-integration"
    })
class GenerationFlowTests {

  private static final ChatCompletionsStub STUB = ChatCompletionsStub.start();
  private static final CloudEventCodec CODEC = new CloudEventCodec("/omnipost/test");
  private static final String CREDITS_PERIOD = "2026-01";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("omnipost.ai.openai.base-url", STUB::baseUrl);
  }

  @Autowired JdbcClient jdbc;
  @Autowired KafkaTemplate<String, byte[]> kafka;

  @Test
  void completesAPendingGenerationAndAnnouncesIt() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pendingGeneration(workspace, "Our bakery opens on Monday", "instagram");

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    Map<String, Object> row = row(generation);
    assertThat(row.get("content"))
        .isEqualTo("Fresh from the stub: Our bakery opens on Monday #Stub");
    assertThat(row.get("provider")).isEqualTo("openai");
    assertThat(row.get("completed_at")).isNotNull();
    assertThat(events(workspace, "ai.generation.completed")).isEqualTo(1);
    assertThat(creditsUsed(workspace)).isEqualTo(1);
  }

  @Test
  void handlesARedeliveredRequestOnlyOnce() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pendingGeneration(workspace, "Twice delivered news", null);
    request(workspace, generation);
    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));

    request(workspace, generation);
    String marker = pendingGeneration(workspace, "A later request", null);
    request(workspace, marker);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(marker).equals("completed"));
    assertThat(events(workspace, "ai.generation.completed")).isEqualTo(2);
    assertThat(STUB.calls("Twice delivered news")).isEqualTo(1);
  }

  @Test
  void failsARejectedGenerationAndRefundsItsCredits() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pendingGeneration(workspace, "reject: something unsafe", "twitter");

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("failed"));
    Map<String, Object> row = row(generation);
    assertThat(row.get("error_code")).isEqualTo("provider_rejected");
    assertThat((String) row.get("error_message"))
        .startsWith("The AI provider declined to generate this content")
        .doesNotContain("safety system");
    assertThat(creditsUsed(workspace)).isZero();
    assertThat(events(workspace, "ai.generation.failed")).isEqualTo(1);
    assertThat(STUB.calls("reject: something unsafe")).isEqualTo(1);
  }

  @Test
  void aProvidersErrorTextReachesTheOperatorsLogButNotTheTenant(CapturedOutput log) {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pendingGeneration(workspace, "leak: spring offers", null);

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("failed"));
    Map<String, Object> row = row(generation);
    assertThat(row.get("error_code")).isEqualTo("provider_rejected");
    assertThat(row.toString())
        .doesNotContain(ChatCompletionsStub.LEAKED_SECRET)
        .doesNotContain("org-agency-internal")
        .doesNotContain("llm-proxy.internal");
    assertThat(eventData(workspace, "ai.generation.failed"))
        .contains("provider_rejected")
        .doesNotContain(ChatCompletionsStub.LEAKED_SECRET)
        .doesNotContain("llm-proxy.internal");
    assertThat(log.getAll())
        .contains(generation)
        .contains("Incorrect API key provided: " + ChatCompletionsStub.LEAKED_SECRET);
  }

  @Test
  void retriesATransientProviderFailure() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pendingGeneration(workspace, "flaky: weekend brunch menu", null);

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    assertThat(STUB.calls("flaky: weekend brunch menu")).isEqualTo(2);
    assertThat(creditsUsed(workspace)).isEqualTo(1);
  }

  @Test
  void keepsATooLongAnswerWithinXsLimit() {
    String workspace = workspaceWithCreditsUsed(1);
    String generation = pendingGeneration(workspace, "ramble: summer sale", "twitter");

    request(workspace, generation);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(generation).equals("completed"));
    String content = (String) row(generation).get("content");
    assertThat(PlatformRules.of(Platform.TWITTER).countText(content)).isLessThanOrEqualTo(280);
    assertThat(content).startsWith("Our summer sale is here").endsWith("…");
    assertThat(STUB.calls("ramble: summer sale")).isEqualTo(2);
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

  private String pendingGeneration(String workspace, String prompt, String platform) {
    String id = Ids.newId("gen");
    jdbc.sql(
            """
            INSERT INTO ai_generations (id, workspace_id, status, kind, prompt, platform, mode, tone, credits,
                credits_period)
            VALUES (:id, :ws, 'pending', 'text', :prompt, :platform, 'marketing', 'friendly', 1, :period)
            """)
        .param("id", id)
        .param("ws", workspace)
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
