package dev.omnipost.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.system.OpenApiDocument;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** The response validator itself: it must refuse what breaks the document, not only pass. */
class ResponseContractTests {

  private static final ResponseContract CONTRACT =
      ResponseContract.of(new OpenApiDocument(JsonMapper.builder().build()).document());

  private static ResponseContract.Violation check(
      String method, String path, int status, MediaType type, String body) {
    return CONTRACT.check(
        method,
        URI.create("http://localhost" + path),
        status,
        type,
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBodyMatchingTheSchemaPasses() {
    assertThat(
            check(
                "GET",
                "/v1/health",
                200,
                MediaType.APPLICATION_JSON,
                "{\"data\":{\"status\":\"ok\",\"version\":\"1\",\"time\":\"2026-12-03T10:00:00Z\"}}"))
        .isNull();
  }

  @Test
  void aDeclaredPropertyOfTheWrongTypeFailsNamingRouteStatusAndField() {
    ResponseContract.Violation violation =
        check(
            "GET",
            "/v1/accounts/acc_1",
            200,
            MediaType.APPLICATION_JSON,
            "{\"data\":{\"id\":1,\"platform\":\"mastodon\",\"status\":\"connected\"}}");

    assertThat(violation).isNotNull();
    assertThat(violation.toString()).contains("GET /v1/accounts/{id} answered 200", "/data/id");
  }

  @Test
  void anUndocumentedStatusFails() {
    assertThat(check("POST", "/v1/brands", 402, MediaType.APPLICATION_JSON, envelope()))
        .isNotNull()
        .extracting(ResponseContract.Violation::problem)
        .asString()
        .contains("status not documented");
  }

  @Test
  void anErrorThatIsNotTheEnvelopeFails() {
    assertThat(check("GET", "/v1/posts/post_1", 404, MediaType.TEXT_PLAIN, "Not Found"))
        .isNotNull();
    assertThat(
            check("GET", "/v1/posts/post_1", 404, MediaType.APPLICATION_JSON, "{\"error\":\"x\"}"))
        .isNotNull();
    assertThat(check("GET", "/v1/posts/post_1", 404, null, "")).isNotNull();
    assertThat(check("GET", "/v1/posts/post_1", 404, MediaType.APPLICATION_JSON, envelope()))
        .isNull();
  }

  @Test
  void unknownRoutesAreHeldToTheEnvelopeAnd4xxOnly() {
    assertThat(check("GET", "/v1/nothing-here", 404, MediaType.APPLICATION_JSON, envelope()))
        .isNull();
    assertThat(check("GET", "/v1/nothing-here", 200, MediaType.APPLICATION_JSON, "{}")).isNotNull();
  }

  @Test
  void a204WithABodyFails() {
    assertThat(check("DELETE", "/v1/brands/brand_1", 204, null, "")).isNull();
    assertThat(check("DELETE", "/v1/brands/brand_1", 204, MediaType.APPLICATION_JSON, "{}"))
        .isNotNull();
  }

  @Test
  void percentEncodedUnreservedCharactersNameTheSameRoute() {
    assertThat(ResponseContract.unreservedDecoded("/v1/%68ealth")).isEqualTo("/v1/health");
    assertThat(ResponseContract.unreservedDecoded("/v1/a%2Fb")).isEqualTo("/v1/a%2Fb");
  }

  private static String envelope() {
    return "{\"error\":{\"code\":\"x.y\",\"message\":\"m\",\"meta\":{}}}";
  }
}
