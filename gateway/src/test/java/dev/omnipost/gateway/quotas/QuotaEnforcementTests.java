package dev.omnipost.gateway.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/** Each quota refuses what would pass its limit with 402 and stores nothing. */
class QuotaEnforcementTests extends QuotaTestSupport {

  private static final String NEXT_MONTH =
      YearMonth.now(ZoneOffset.UTC)
          .plusMonths(1)
          .atDay(1)
          .atStartOfDay()
          .toInstant(ZoneOffset.UTC)
          .toString();

  @Test
  void postsPerMonthCountEachPostOnceAndRefuseThePostPastTheLimit() {
    Tenant tenant = newTenant();
    List<String> accounts = List.of(connect(tenant, "mastodon"), connect(tenant, "mastodon"));
    setLimits(tenant, Map.of("posts_per_month", 2));

    draft(tenant, accounts).expectStatus().isCreated();
    draft(tenant, accounts).expectStatus().isCreated();

    draft(tenant, accounts)
        .expectStatus()
        .isEqualTo(402)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("quota.exceeded")
        .jsonPath("$.error.meta.quota")
        .isEqualTo("posts_per_month")
        .jsonPath("$.error.meta.limit")
        .isEqualTo(2)
        .jsonPath("$.error.meta.used")
        .isEqualTo(2)
        .jsonPath("$.error.meta.resets_at")
        .isEqualTo(NEXT_MONTH);
    assertThat(count("posts", tenant)).isEqualTo(2);
    assertThat(usage(tenant, "posts_per_month"))
        .containsEntry("limit", 2)
        .containsEntry("used", 2)
        .containsEntry("remaining", 0)
        .containsEntry("resets_at", NEXT_MONTH);
  }

  @Test
  void apiKeysCountTheBootstrapKeyRefuseThePastTheLimitAndRevokingGivesOneBack() {
    Tenant tenant = newTenant();
    setLimits(tenant, Map.of("api_keys", 2));
    String second =
        createKey(tenant)
                    .expectStatus()
                    .isCreated()
                    .expectBody(JSON)
                    .returnResult()
                    .getResponseBody()
                    .get("data")
                instanceof Map<?, ?> data
            ? (String) data.get("id")
            : null;

    createKey(tenant)
        .expectStatus()
        .isEqualTo(402)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("quota.exceeded")
        .jsonPath("$.error.meta.quota")
        .isEqualTo("api_keys")
        .jsonPath("$.error.meta.limit")
        .isEqualTo(2);
    assertThat(count("api_keys", tenant)).isEqualTo(2);

    http.delete()
        .uri("/v1/keys/" + second)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isNoContent();
    createKey(tenant).expectStatus().isCreated();
    assertThat(usage(tenant, "api_keys")).containsEntry("used", 2);
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec createKey(
      Tenant tenant) {
    return post(tenant, "/v1/keys")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "tool", "scopes", List.of("posts:read")))
        .exchange();
  }

  @Test
  void aNewMonthStartsThePostsQuotaAgainFromZero() {
    Tenant tenant = newTenant();
    List<String> accounts = List.of(connect(tenant, "mastodon"));
    setLimits(tenant, Map.of("posts_per_month", 1));
    draft(tenant, accounts).expectStatus().isCreated();
    draft(tenant, accounts).expectStatus().isEqualTo(402);

    startNextMonth(tenant, "posts_per_month");

    draft(tenant, accounts).expectStatus().isCreated();
    assertThat(usage(tenant, "posts_per_month")).containsEntry("used", 1);
    assertThat(count("posts", tenant)).isEqualTo(2);
  }

  @Test
  void aiCreditsPerMonthRefuseWithCreditsInsufficientAndResetWithTheMonth() {
    Tenant tenant = newTenant();
    setLimits(tenant, Map.of("ai_credits_per_month", 1));
    generate(tenant).expectStatus().isAccepted();

    generate(tenant)
        .expectStatus()
        .isEqualTo(402)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("credits.insufficient")
        .jsonPath("$.error.meta.balance")
        .isEqualTo(0)
        .jsonPath("$.error.meta.required")
        .isEqualTo(1)
        .jsonPath("$.error.meta.quota")
        .isEqualTo("ai_credits_per_month")
        .jsonPath("$.error.meta.limit")
        .isEqualTo(1)
        .jsonPath("$.error.meta.used")
        .isEqualTo(1)
        .jsonPath("$.error.meta.resets_at")
        .isEqualTo(NEXT_MONTH);
    assertThat(count("ai_generations", tenant)).isEqualTo(1);

    startNextMonth(tenant, "ai_credits_per_month");

    generate(tenant).expectStatus().isAccepted();
    assertThat(usage(tenant, "ai_credits_per_month"))
        .containsEntry("used", 1)
        .containsEntry("remaining", 0);
  }

  @Test
  void mediaStorageRefusesAFileThatWouldPassTheLimitAndKeepsNoTrace() throws Exception {
    Tenant tenant = newTenant();
    byte[] image = png();
    setLimits(tenant, Map.of("media_storage_bytes", image.length * 2L - 1));
    upload(tenant, image).expectStatus().isCreated();

    upload(tenant, image)
        .expectStatus()
        .isEqualTo(402)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("quota.exceeded")
        .jsonPath("$.error.meta.quota")
        .isEqualTo("media_storage_bytes")
        .jsonPath("$.error.meta.limit")
        .isEqualTo(image.length * 2 - 1)
        .jsonPath("$.error.meta.used")
        .isEqualTo(image.length)
        .jsonPath("$.error.meta.resets_at")
        .doesNotExist();
    assertThat(count("media", tenant)).isEqualTo(1);
    assertThat(usage(tenant, "media_storage_bytes"))
        .containsEntry("used", image.length)
        .containsEntry("resets_at", null);
  }

  @Test
  void webhookEndpointsRefuseTheEndpointPastTheLimit() {
    Tenant tenant = newTenant();
    setLimits(tenant, Map.of("webhook_endpoints", 1));
    webhook(tenant).expectStatus().isCreated();

    webhook(tenant)
        .expectStatus()
        .isEqualTo(402)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("quota.exceeded")
        .jsonPath("$.error.meta.quota")
        .isEqualTo("webhook_endpoints")
        .jsonPath("$.error.meta.used")
        .isEqualTo(1);
    assertThat(count("webhook_endpoints", tenant)).isEqualTo(1);
  }

  @Test
  void theBootstrapKeyCountsAgainstTheApiKeysQuota() {
    Tenant tenant = newTenant();

    assertThat(usage(tenant, "api_keys")).containsEntry("used", 1).containsEntry("limit", 100);
  }

  @Test
  void anUnlimitedPlanCountsUsageButNeverRefuses() {
    Tenant tenant = newTenant();
    List<String> accounts = List.of(connect(tenant, "mastodon"));
    patchWorkspace(tenant.workspaceId(), Map.of("plan", "unlimited")).expectStatus().isOk();

    draft(tenant, accounts).expectStatus().isCreated();

    assertThat(usage(tenant, "posts_per_month"))
        .containsEntry("limit", null)
        .containsEntry("used", 1)
        .containsEntry("remaining", null);
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec generate(
      Tenant tenant) {
    return post(tenant, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "A caption", "wait", 0))
        .exchange();
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec webhook(
      Tenant tenant) {
    return post(tenant, "/v1/webhooks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("url", "https://hooks.example.com/omnipost"))
        .exchange();
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec upload(
      Tenant tenant, byte[] bytes) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part(
            "file",
            new ByteArrayResource(bytes) {
              @Override
              public String getFilename() {
                return "pixel.png";
              }
            })
        .contentType(MediaType.APPLICATION_OCTET_STREAM);
    return post(tenant, "/v1/media").body(BodyInserters.fromMultipartData(body.build())).exchange();
  }

  private static byte[] png() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png",
        out);
    return out.toByteArray();
  }
}
