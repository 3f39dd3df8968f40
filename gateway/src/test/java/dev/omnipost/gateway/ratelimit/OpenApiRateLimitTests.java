package dev.omnipost.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rate limit is part of every operation's contract: its 429 answer and the headers every answer
 * carries are in the served OpenAPI document for every route, so a new route that forgets them
 * fails here (add {@code "429": {"$ref": "#/components/responses/RateLimited"}} and the {@code
 * X-RateLimit-*} header refs of {@code base.json}).
 */
class OpenApiRateLimitTests extends GatewayTestSupport {

  private static final List<String> METHODS =
      List.of("get", "put", "post", "patch", "delete", "head", "options");
  private static final List<String> HEADERS =
      List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");

  @Test
  void everyOperationDocumentsItsRateLimitedAnswerAndTheRateLimitHeaders() {
    JsonNode document = servedDocument();
    Set<String> without429 = new TreeSet<>();
    Set<String> withoutHeaders = new TreeSet<>();

    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (String method : METHODS) {
        JsonNode operation = path.getValue().get(method);
        if (operation == null) {
          continue;
        }
        String route = method.toUpperCase() + " " + path.getKey();
        JsonNode responses = operation.get("responses");
        JsonNode rateLimited = resolve(document, responses.get("429"));
        if (rateLimited == null || !rateLimited.path("headers").has("Retry-After")) {
          without429.add(route);
        }
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
          JsonNode headers = resolve(document, response.getValue()).path("headers");
          for (String header : HEADERS) {
            if (!headers.has(header)) {
              withoutHeaders.add(route + " " + response.getKey() + " " + header);
            }
          }
        }
      }
    }

    assertThat(without429).as("operations without a documented 429").isEmpty();
    assertThat(withoutHeaders).as("responses without the rate-limit headers").isEmpty();
    assertThat(
            document
                .at(
                    "/components/responses/RateLimited/content/application~1json/example/error/code")
                .asString())
        .isEqualTo("rate_limited");
  }

  private static JsonNode resolve(JsonNode document, JsonNode node) {
    if (node == null || !node.has("$ref")) {
      return node;
    }
    return document.at(node.get("$ref").asString().substring(1));
  }

  private JsonNode servedDocument() {
    byte[] body =
        http.get()
            .uri("/v1/openapi.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JsonMapper.builder().build().readTree(body);
  }
}
