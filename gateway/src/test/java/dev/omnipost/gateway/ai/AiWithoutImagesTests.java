package dev.omnipost.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An image asked of an installation whose ai-worker makes none ({@code image-provider: none}). */
class AiWithoutImagesTests extends GatewayTestSupport {

  private static RunningAiWorker worker;

  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startWorker() {
    worker = RunningAiWorker.start(Map.of("omnipost.ai.image-provider", "none"));
  }

  @AfterAll
  static void stopWorker() {
    worker.close();
  }

  @Test
  void answers501AndRefundsBothCredits() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "A sunset", "type", "image", "platform", "instagram"))
        .exchange()
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("ai.unsupported_type")
        .jsonPath("$.error.message")
        .isEqualTo("This installation's AI provider does not make images.")
        .jsonPath("$.error.meta.field")
        .isEqualTo("type")
        .jsonPath("$.error.meta.provider")
        .isEqualTo("none")
        .jsonPath("$.error.meta.credits_refunded")
        .isEqualTo(2);
    assertThat(
            jdbc.sql(
                    "SELECT COALESCE(sum(used), 0) FROM workspace_usage WHERE workspace_id = :ws"
                        + " AND quota = 'ai_credits_per_month'")
                .param("ws", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void stillWritesText() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "A sunset walk"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.content")
        .isEqualTo("A sunset walk. What do you think? Tell us below. #Sunset #Walk");
  }
}
