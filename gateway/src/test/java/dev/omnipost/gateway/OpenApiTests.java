package dev.omnipost.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.web.OperatorRoute;
import dev.omnipost.gateway.web.PublicRoute;
import dev.omnipost.gateway.web.RequiresScope;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiTests extends GatewayTestSupport {

  @Test
  void theDocumentListsExactlyTheRoutesTheGatewayServes() {
    JsonNode document = servedDocument();
    Set<String> documented = new TreeSet<>();
    Set<String> reserved = new TreeSet<>();
    operations(document)
        .forEach(
            (route, operation) -> {
              documented.add(route);
              if (operation.path("x-omnipost-reserved").asBoolean(false)) {
                reserved.add(route);
              }
            });

    assertThat(document.get("openapi").asString()).isEqualTo("3.1.0");
    assertThat(documented).containsAll(servedRoutes().keySet());
    Set<String> notServed = new TreeSet<>(documented);
    notServed.removeAll(servedRoutes().keySet());
    assertThat(notServed).isSubsetOf(reserved);
  }

  @Test
  void everyRouteDocumentsTheCredentialAndScopeItsHandlerDeclares() {
    Map<String, JsonNode> operations = operations(servedDocument());
    Map<String, String> documented = new TreeMap<>();
    Map<String, String> declared = new TreeMap<>();
    servedRoutes()
        .forEach(
            (route, handler) -> {
              declared.put(route, access(handler));
              documented.put(route, documentedAccess(operations.get(route)));
            });

    assertThat(documented).isEqualTo(declared);
  }

  @Test
  void everyPostDocumentsTheSharedIdempotencyKeyHeader() {
    JsonNode document = servedDocument();
    Map<String, JsonNode> operations = operations(document);
    Set<String> posts = new TreeSet<>();
    Set<String> withKey = new TreeSet<>();
    servedRoutes().keySet().stream()
        .filter(route -> route.startsWith("POST "))
        .forEach(
            route -> {
              posts.add(route);
              for (JsonNode parameter : operations.get(route).path("parameters")) {
                if ("#/components/parameters/IdempotencyKey"
                    .equals(parameter.path("$ref").asString(""))) {
                  withKey.add(route);
                }
              }
            });

    assertThat(posts).contains("POST /v1/posts", "POST /v1/media", "POST /v1/webhooks");
    assertThat(withKey).isEqualTo(posts);
    JsonNode parameter = document.at("/components/parameters/IdempotencyKey");
    assertThat(parameter.path("name").asString()).isEqualTo("Idempotency-Key");
    assertThat(parameter.path("in").asString()).isEqualTo("header");
    assertThat(parameter.at("/schema/maxLength").asInt()).isEqualTo(255);
    assertThat(document.at("/components/headers/IdempotentReplayed").isObject()).isTrue();
  }

  private static String access(HandlerMethod handler) {
    if (handler.hasMethodAnnotation(PublicRoute.class)) {
      return "public";
    }
    if (handler.hasMethodAnnotation(OperatorRoute.class)) {
      return "operator";
    }
    RequiresScope scope = handler.getMethodAnnotation(RequiresScope.class);
    return scope == null ? "undeclared" : "scope " + scope.value();
  }

  private static String documentedAccess(JsonNode operation) {
    if (operation == null) {
      return "undocumented";
    }
    JsonNode security = operation.get("security");
    if (security != null && security.isEmpty()) {
      return "public";
    }
    if (security != null && security.toString().contains("operatorToken")) {
      return "operator";
    }
    return operation.has("x-omnipost-scope")
        ? "scope " + operation.get("x-omnipost-scope").asString()
        : "no x-omnipost-scope";
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

  private static Map<String, JsonNode> operations(JsonNode document) {
    Map<String, JsonNode> operations = new TreeMap<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        operations.put(
            operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
      }
    }
    return operations;
  }
}
