package dev.omnipost.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class AuthAndErrorsTests extends GatewayTestSupport {

  @Test
  void bootstrapKeyWorksWithBearerAndXApiKeyHeaders() {
    Tenant tenant = newTenant();

    http.get()
        .uri("/v1/accounts")
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data")
        .isArray();
    http.get()
        .uri("/v1/accounts")
        .header("X-API-Key", tenant.apiKey())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.next_cursor")
        .isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void bootstrapAnswersTheWorkspaceAndAFullKeyOnce() {
    Map<String, Object> body =
        http.post()
            .uri("/v1/admin/workspaces")
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Agency", "ai_credits", 42))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();

    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    assertThat((Map<String, Object>) data.get("workspace"))
        .containsEntry("name", "Agency")
        .containsEntry("plan", "agency")
        .containsEntry("ai_credits_remaining", 42)
        .containsKey("created_at");
    @SuppressWarnings("unchecked")
    Map<String, Object> key = (Map<String, Object>) data.get("api_key");
    assertThat((String) key.get("key")).matches("opk_live_[0-9A-Za-z]{32}");
    assertThat(key.get("key_prefix")).isEqualTo(((String) key.get("key")).substring(0, 12));
    assertThat((java.util.List<Object>) key.get("scopes")).contains("posts:write", "media:write");
  }

  @Test
  void adminRoutesRefuseAWrongOperatorToken() {
    http.post()
        .uri("/v1/admin/workspaces")
        .header("Authorization", "Bearer not-the-token")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "x"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.invalid_key");
  }

  @Test
  void missingKeyAnswers401InTheEnvelope() {
    http.get()
        .uri("/v1/posts")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.missing_key")
        .jsonPath("$.error.message")
        .isNotEmpty()
        .jsonPath("$.error.meta")
        .isMap();
  }

  @Test
  void unknownOrMalformedKeyAnswers401() {
    http.get()
        .uri("/v1/posts")
        .header("X-API-Key", "opk_live_" + "a".repeat(32))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.invalid_key");
    http.get()
        .uri("/v1/posts")
        .header("Authorization", "Bearer nonsense")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.invalid_key");
  }

  @Test
  void unknownRouteAnswers404InTheEnvelope() {
    Tenant tenant = newTenant();

    get(tenant, "/v1/no-such-thing")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("route.not_found");
    http.get()
        .uri("/nowhere")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("route.not_found");
  }

  @Test
  void wrongMethodAnswers405WithTheAllowedMethods() {
    Tenant tenant = newTenant();

    http.delete()
        .uri("/v1/accounts")
        .header("X-API-Key", tenant.apiKey())
        .exchange()
        .expectStatus()
        .isEqualTo(405)
        .expectHeader()
        .exists("Allow")
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.method_not_allowed")
        .jsonPath("$.error.meta.allowed_methods[0]")
        .isEqualTo("GET");
  }

  @Test
  void malformedJsonAnswers400() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"text\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.malformed_json");
  }

  @Test
  void textWithTheNulCharacterAnswers400NotA500() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"text\": \"a\\u0000b\", \"account_ids\": [\"" + account + "\"]}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_characters");
    // a NUL in a path id, sent already encoded (the client would otherwise escape the %)
    http.get()
        .uri(base -> URI.create(base.build() + "/v1/posts/post_%00"))
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_characters");
  }

  @Test
  void multipartWithoutABoundaryAnswers400() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/media")
        .header("Content-Type", "multipart/form-data")
        .bodyValue("not multipart")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.malformed_body");
  }

  @Test
  void wrongFieldTypeAnswers400NamingTheField() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"text\": \"hi\", \"account_ids\": {\"a\": 1}}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("account_ids");
  }

  @Test
  void unsupportedContentTypeAnswers415() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/posts")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("hello")
        .exchange()
        .expectStatus()
        .isEqualTo(415)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.unsupported_media_type");
  }

  @Test
  void oversizedJsonBodyAnswers413() {
    Tenant tenant = newTenant();
    String huge = "{\"text\": \"" + "a".repeat(2 * 1024 * 1024) + "\", \"account_ids\": []}";

    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(huge)
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.too_large");
  }

  @Test
  void importingAnUnknownPlatformListsTheValidOnes() {
    Tenant tenant = newTenant();

    http.post()
        .uri("/v1/admin/accounts")
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "workspace_id",
                tenant.workspaceId(),
                "platform",
                "myspace",
                "platform_account_id",
                "1",
                "handle",
                "h",
                "name",
                "n",
                "access_token",
                "t"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_platform")
        .jsonPath("$.error.meta.field")
        .isEqualTo("platform")
        .jsonPath("$.error.meta.valid_values[?(@ == 'mastodon')]")
        .exists();
  }

  @Test
  void importingTheSameAccountTwiceAnswers409() {
    Tenant tenant = newTenant();
    Map<String, Object> account =
        Map.of(
            "workspace_id",
            tenant.workspaceId(),
            "platform",
            "x",
            "platform_account_id",
            "dup-1",
            "handle",
            "h",
            "name",
            "n",
            "access_token",
            "t");
    http.post()
        .uri("/v1/admin/accounts")
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(account)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.platform")
        .isEqualTo("twitter")
        .jsonPath("$.data.status")
        .isEqualTo("connected")
        .jsonPath("$.data.access_token")
        .doesNotExist();

    http.post()
        .uri("/v1/admin/accounts")
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(account)
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("account.already_connected");
  }

  @Test
  void healthAnswersOkWithoutAKey() {
    http.get()
        .uri("/v1/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("ok")
        .jsonPath("$.data.version")
        .isNotEmpty()
        .jsonPath("$.data.time")
        .isNotEmpty();
  }
}
