package dev.omnipost.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.web.Scopes;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every bad input of the AI routes answers 400 in the error envelope, naming the field and listing
 * the valid values or the range, and spends no credit and stores nothing.
 */
class AiValidationTests extends GatewayTestSupport {

  private static final List<String> TONES =
      List.of(
          "professional",
          "casual",
          "friendly",
          "formal",
          "humorous",
          "inspirational",
          "educational",
          "persuasive");

  @Autowired JdbcClient jdbc;

  @Test
  void rejectsAPromptOverFiveThousandCharacters() {
    Tenant tenant = newTenant();

    invalid(tenant, "/v1/ai/generate", Map.of("prompt", "x".repeat(5_001)))
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("prompt")
        .jsonPath("$.error.meta.max")
        .isEqualTo(5_000);
    nothingStored(tenant);
  }

  @Test
  void rejectsMoreThanFiftyMessagesAndALastMessageNotFromTheUser() {
    Tenant tenant = newTenant();
    List<Map<String, String>> tooMany =
        Collections.nCopies(51, Map.of("role", "user", "content", "hi"));

    invalid(tenant, "/v1/ai/compose", Map.of("messages", tooMany))
        .jsonPath("$.error.meta.field")
        .isEqualTo("messages")
        .jsonPath("$.error.meta.max")
        .isEqualTo(50);
    invalid(
            tenant,
            "/v1/ai/generate",
            Map.of(
                "messages",
                List.of(
                    Map.of("role", "user", "content", "Write about bread"),
                    Map.of("role", "assistant", "content", "Bread is great"))))
        .jsonPath("$.error.message")
        .isEqualTo("the last message must be the user's")
        .jsonPath("$.error.meta.field")
        .isEqualTo("messages");
    nothingStored(tenant);
  }

  @Test
  void rejectsAnUnknownToneOnEveryRouteListingTheValidOnes() {
    Tenant tenant = newTenant();
    Map<String, Map<String, Object>> routes =
        Map.of(
            "/v1/ai/generate", Map.of("prompt", "Hi", "tone", "sarcastic"),
            "/v1/ai/compose", Map.of("prompt", "Hi", "tone", "sarcastic"),
            "/v1/ai/rewrite", Map.of("text", "Hi", "tone", "sarcastic"),
            "/v1/ai/hashtags", Map.of("text", "Hi", "platform", "x", "tone", "sarcastic"),
            "/v1/ai/thread", Map.of("text", "Hi", "platform", "x", "tone", "sarcastic"),
            "/v1/ai/ideas", Map.of("topic", "Hi", "tone", "sarcastic"),
            "/v1/ai/optimize", Map.of("text", "Hi", "platform", "x", "tone", "sarcastic"));

    routes.forEach(
        (route, body) ->
            invalid(tenant, route, body)
                .jsonPath("$.error.code")
                .isEqualTo("request.invalid_field")
                .jsonPath("$.error.meta.field")
                .isEqualTo("tone")
                .jsonPath("$.error.meta.valid_values")
                .isEqualTo(TONES));
    nothingStored(tenant);
  }

  @Test
  @SuppressWarnings("unchecked")
  void rejectsAnUnknownPlatformAndModeListingTheValidOnes() {
    Tenant tenant = newTenant();

    invalid(tenant, "/v1/ai/thread", Map.of("text", "Hi", "platform", "myspace"))
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_platform")
        .jsonPath("$.error.meta.field")
        .isEqualTo("platform")
        .jsonPath("$.error.meta.valid_values")
        .value(
            values -> assertThat((List<Object>) values).contains("twitter", "bluesky", "threads"));
    invalid(tenant, "/v1/ai/rewrite", Map.of("text", "Hi", "mode", "poetry"))
        .jsonPath("$.error.meta.field")
        .isEqualTo("mode")
        .jsonPath("$.error.meta.valid_values")
        .isEqualTo(List.of("social", "marketing", "personal", "business"));
    nothingStored(tenant);
  }

  @Test
  void theToolsThatDependOnAPlatformRequireOne() {
    Tenant tenant = newTenant();

    for (String route : List.of("/v1/ai/hashtags", "/v1/ai/thread", "/v1/ai/optimize")) {
      invalid(tenant, route, Map.of("text", "Our bakery opens on Monday."))
          .jsonPath("$.error.code")
          .isEqualTo("request.missing_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("platform");
    }
    nothingStored(tenant);
  }

  @Test
  void rejectsCountsOutOfRange() {
    Tenant tenant = newTenant();

    for (int count : new int[] {0, 31}) {
      invalid(
              tenant,
              "/v1/ai/hashtags",
              Map.of("text", "Hi", "platform", "instagram", "count", count))
          .jsonPath("$.error.meta.field")
          .isEqualTo("count")
          .jsonPath("$.error.meta.min")
          .isEqualTo(1)
          .jsonPath("$.error.meta.max")
          .isEqualTo(30);
    }
    invalid(tenant, "/v1/ai/ideas", Map.of("topic", "bread", "count", 21))
        .jsonPath("$.error.message")
        .isEqualTo("count must be between 1 and 20")
        .jsonPath("$.error.meta.max")
        .isEqualTo(20);
    nothingStored(tenant);
  }

  @Test
  void rejectsMissingAndTooLongTexts() {
    Tenant tenant = newTenant();

    invalid(tenant, "/v1/ai/rewrite", Map.of("tone", "casual"))
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("text");
    invalid(tenant, "/v1/ai/optimize", Map.of("text", "x".repeat(10_001), "platform", "x"))
        .jsonPath("$.error.meta.field")
        .isEqualTo("text")
        .jsonPath("$.error.meta.max")
        .isEqualTo(10_000);
    invalid(tenant, "/v1/ai/ideas", Map.of("topic", " "))
        .jsonPath("$.error.meta.field")
        .isEqualTo("topic");
    invalid(tenant, "/v1/ai/ideas", Map.of("topic", "x".repeat(501)))
        .jsonPath("$.error.meta.max")
        .isEqualTo(500);
    post(tenant, "/v1/ai/thread")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_body");
    nothingStored(tenant);
  }

  @Test
  void rejectsImageSettingsThatDoNotFit() {
    Tenant tenant = newTenant();

    invalid(
            tenant,
            "/v1/ai/generate",
            Map.of(
                "prompt", "A dance", "type", "image", "platform", "tiktok", "aspect", "landscape"))
        .jsonPath("$.error.meta.field")
        .isEqualTo("aspect")
        .jsonPath("$.error.meta.valid_values")
        .isEqualTo(List.of("portrait"));
    invalid(tenant, "/v1/ai/generate", Map.of("prompt", "A dance", "type", "image", "size", "huge"))
        .jsonPath("$.error.meta.field")
        .isEqualTo("size");
    invalid(
            tenant,
            "/v1/ai/generate",
            Map.of("prompt", "A dance", "type", "image", "size", "10000x10"))
        .jsonPath("$.error.meta.max")
        .isEqualTo(4096);
    invalid(tenant, "/v1/ai/generate", Map.of("prompt", "A dance", "aspect", "portrait"))
        .jsonPath("$.error.message")
        .isEqualTo("aspect applies to type image only");
    nothingStored(tenant);
  }

  @Test
  void aKeyWithoutTheAiScopeIsRefused() {
    Tenant tenant = keyWithScopes(newTenant(), Scopes.POSTS_READ);

    post(tenant, "/v1/ai/hashtags")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "Hi", "platform", "x"))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.forbidden_scope")
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("ai:generate");
  }

  private WebTestClient.BodyContentSpec invalid(Tenant tenant, String route, Map<String, ?> body) {
    return post(tenant, route)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody();
  }

  private void nothingStored(Tenant tenant) {
    assertThat(
            jdbc.sql("SELECT count(*) FROM ai_generations WHERE workspace_id = :ws")
                .param("ws", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "SELECT COALESCE(sum(used), 0) FROM workspace_usage WHERE workspace_id = :ws"
                        + " AND quota = 'ai_credits_per_month'")
                .param("ws", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
  }
}
