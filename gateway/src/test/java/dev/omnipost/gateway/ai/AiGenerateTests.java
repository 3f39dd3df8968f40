package dev.omnipost.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.GenerateContent;
import dev.omnipost.gateway.GatewayTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code POST /v1/ai/generate} and {@code GET /v1/ai/generations/{id}} with the test playing the
 * worker's side of the contract (it waits for the pending row and moves it on, as the worker
 * would), for outcomes the offline worker never has. {@code AiToolsThroughTheWorkerTests} and
 * {@code AiImagesThroughTheWorkerTests} run the real ai-worker.
 */
class AiGenerateTests extends GatewayTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void answersTheContentOnceTheWorkerCompletesIt() {
    Tenant tenant = newTenant();
    CompletableFuture<String> worker =
        completeNextGeneration(tenant, "Summer is here! #Summer", "offline");

    post(tenant, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "prompt",
                "Announce our summer menu",
                "platform",
                "x",
                "mode",
                "marketing",
                "tone",
                "friendly"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.id")
        .isEqualTo(worker.join())
        .jsonPath("$.data.type")
        .isEqualTo("text")
        .jsonPath("$.data.status")
        .isEqualTo("completed")
        .jsonPath("$.data.content")
        .isEqualTo("Summer is here! #Summer")
        .jsonPath("$.data.platform")
        .isEqualTo("twitter")
        .jsonPath("$.data.mode")
        .isEqualTo("marketing")
        .jsonPath("$.data.provider")
        .isEqualTo("offline")
        .jsonPath("$.data.notice")
        .value(notice -> assertThat((String) notice).contains("without a language model"))
        .jsonPath("$.credits.used")
        .isEqualTo(1)
        .jsonPath("$.credits.remaining")
        .isEqualTo(balance(tenant));
  }

  @Test
  void reservesOneCreditAndQueuesTheCommandInTheSameRequest() {
    Tenant tenant = newTenant();
    int before = balance(tenant);

    String id = accepted(tenant, Map.of("prompt", "Weekend brunch", "wait", 0));

    assertThat(balance(tenant)).isEqualTo(before - 1);
    assertThat(
            jdbc.sql(
                    "SELECT status, kind, prompt, mode, credits FROM ai_generations WHERE id = :id")
                .param("id", id)
                .query()
                .singleRow())
        .containsEntry("status", "pending")
        .containsEntry("kind", "text")
        .containsEntry("prompt", "Weekend brunch")
        .containsEntry("mode", "social")
        .containsEntry("credits", 1);
    List<byte[]> commands =
        jdbc.sql("SELECT payload FROM outbox WHERE topic = :topic AND message_key = :ws")
            .param("topic", Topics.AI_GENERATION_REQUESTS)
            .param("ws", tenant.workspaceId())
            .query(byte[].class)
            .list();
    assertThat(commands).hasSize(1);
    CloudEvent command = CloudEventCodec.decode(commands.get(0));
    assertThat(CloudEventCodec.dataAs(command, GenerateContent.class))
        .isEqualTo(new GenerateContent(id, tenant.workspaceId()));
  }

  @Test
  void answers202WithTheIdWhenTheResultIsNotReadyWithinWait() {
    Tenant tenant = newTenant();

    String id =
        accepted(
            tenant,
            Map.of(
                "messages",
                List.of(
                    Map.of("role", "user", "content", "Ideas for a bakery post?"),
                    Map.of("role", "assistant", "content", "Your sourdough?"),
                    Map.of("role", "user", "content", "Yes, the sourdough")),
                "wait",
                1));

    get(tenant, "/v1/ai/generations/" + id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("pending")
        .jsonPath("$.data.content")
        .doesNotExist();
    assertThat(
            jdbc.sql("SELECT messages->2->>'content' FROM ai_generations WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single())
        .isEqualTo("Yes, the sourdough");
  }

  @Test
  void answers502WithTheWorkersMessageAndCodeWhenTheGenerationFails() {
    Tenant tenant = newTenant();
    int before = balance(tenant);
    CompletableFuture<String> worker =
        failNextGeneration(tenant, "The AI provider declined to generate this content.");

    post(tenant, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "Anything"))
        .exchange()
        .expectStatus()
        .isEqualTo(502)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("ai.provider_failed")
        .jsonPath("$.error.message")
        .isEqualTo("The AI provider declined to generate this content.")
        .jsonPath("$.error.meta.provider_error")
        .isEqualTo("provider_rejected")
        .jsonPath("$.error.meta.generation_id")
        .isEqualTo(worker.join())
        .jsonPath("$.error.meta.credits_refunded")
        .isEqualTo(1);
    assertThat(balance(tenant)).isEqualTo(before);
  }

  @Test
  void refusesWithoutEnoughCreditsAndStoresNothing() {
    Tenant tenant = newTenant();
    http.patch()
        .uri("/v1/admin/workspaces/" + tenant.workspaceId())
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("limits", Map.of("ai_credits_per_month", 0)))
        .exchange()
        .expectStatus()
        .isOk();

    post(tenant, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "Anything"))
        .exchange()
        .expectStatus()
        .isEqualTo(402)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("credits.insufficient")
        .jsonPath("$.error.meta.balance")
        .isEqualTo(0)
        .jsonPath("$.error.meta.required")
        .isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT count(*) FROM ai_generations WHERE workspace_id = :ws")
                .param("ws", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void rejectsAnUnknownPlatformListingTheValidOnes() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "Hi", "platform", "myspace"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_platform")
        .jsonPath("$.error.meta.field")
        .isEqualTo("platform")
        .jsonPath("$.error.meta.valid_values")
        .value(
            values ->
                assertThat((List<Object>) values).contains("instagram", "twitter", "mastodon"));
  }

  @Test
  void rejectsInvalidRequestsNamingTheField() {
    Tenant tenant = newTenant();

    expectInvalid(
        tenant,
        Map.of("prompt", "a", "messages", List.of(Map.of("role", "user", "content", "b"))),
        "prompt");
    expectInvalid(tenant, Map.of(), "prompt");
    expectInvalid(tenant, Map.of("prompt", "x".repeat(5_001)), "prompt");
    expectInvalid(
        tenant,
        Map.of("messages", List.of(Map.of("role", "system", "content", "obey"))),
        "messages[0].role");
    expectInvalid(
        tenant,
        Map.of("messages", List.of(Map.of("role", "user", "content", "x".repeat(10_001)))),
        "messages[0].content");
    expectInvalid(tenant, Map.of("prompt", "a", "mode", "poetry"), "mode");
    expectInvalid(tenant, Map.of("prompt", "a", "wait", 61), "wait");
    expectInvalid(tenant, Map.of("prompt", "a", "type", "video"), "type");
  }

  @Test
  void hidesAnotherWorkspacesGeneration() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    String id = accepted(owner, Map.of("prompt", "Secret launch", "wait", 0));

    get(other, "/v1/ai/generations/" + id)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
  }

  private void expectInvalid(Tenant tenant, Map<String, Object> body, String field) {
    post(tenant, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .value(code -> assertThat((String) code).startsWith("request."))
        .jsonPath("$.error.meta.field")
        .isEqualTo(field);
  }

  private String accepted(Tenant tenant, Map<String, Object> body) {
    Map<String, Object> answer =
        post(tenant, "/v1/ai/generate")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) answer.get("data");
    assertThat(data).containsEntry("status", "pending");
    return (String) data.get("id");
  }

  /** The AI credits left this month, as {@code GET /v1/usage} shows them. */
  @SuppressWarnings("unchecked")
  private int balance(Tenant tenant) {
    Map<String, Object> body =
        get(tenant, "/v1/usage").exchange().expectBody(JSON).returnResult().getResponseBody();
    Map<String, Object> usage = (Map<String, Object>) body.get("data");
    return ((Number) ((Map<String, Object>) usage.get("ai_credits_per_month")).get("remaining"))
        .intValue();
  }

  /** The worker's side: waits for the tenant's pending generation and completes it. */
  private CompletableFuture<String> completeNextGeneration(
      Tenant tenant, String content, String provider) {
    return CompletableFuture.supplyAsync(
        () -> {
          String id = awaitPending(tenant);
          jdbc.sql(
                  "UPDATE ai_generations SET status = 'completed', content = :content, provider = :provider,"
                      + " completed_at = now() WHERE id = :id AND status = 'pending'")
              .param("content", content)
              .param("provider", provider)
              .param("id", id)
              .update();
          return id;
        });
  }

  /** The worker's side of a failure: failed, with its message for the code, credits refunded. */
  private CompletableFuture<String> failNextGeneration(Tenant tenant, String message) {
    return CompletableFuture.supplyAsync(
        () -> {
          String id = awaitPending(tenant);
          jdbc.sql(
                  "UPDATE ai_generations SET status = 'failed', provider = 'openai', error_code = 'provider_rejected',"
                      + " error_message = :message, completed_at = now() WHERE id = :id AND status = 'pending'")
              .param("message", message)
              .param("id", id)
              .update();
          // the ai-worker's refund: back to the period the credits were counted in
          jdbc.sql(
                  "UPDATE workspace_usage u SET used = u.used - g.credits FROM ai_generations g"
                      + " WHERE g.id = :id AND u.workspace_id = g.workspace_id"
                      + " AND u.quota = 'ai_credits_per_month' AND u.period = g.credits_period")
              .param("id", id)
              .update();
          return id;
        });
  }

  private String awaitPending(Tenant tenant) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                jdbc.sql(
                        "SELECT id FROM ai_generations WHERE workspace_id = :ws AND status = 'pending'")
                    .param("ws", tenant.workspaceId())
                    .query(String.class)
                    .optional()
                    .orElse(null),
            id -> id != null);
  }
}
