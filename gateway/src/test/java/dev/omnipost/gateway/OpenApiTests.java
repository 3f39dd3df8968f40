package dev.omnipost.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiTests extends GatewayTestSupport {

  @Autowired RequestMappingHandlerMapping mappings;

  @Test
  void theDocumentListsExactlyTheRoutesTheGatewayServes() {
    byte[] body =
        http.get()
            .uri("/v1/openapi.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode document = JsonMapper.builder().build().readTree(body);
    Set<String> documented = new TreeSet<>();
    Set<String> reserved = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String route = operation.getKey().toUpperCase() + " " + path.getKey();
        documented.add(route);
        if (operation.getValue().path("x-omnipost-reserved").asBoolean(false)) {
          reserved.add(route);
        }
      }
    }
    Set<String> served = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .keySet()
        .forEach(
            info ->
                info.getPatternsCondition()
                    .getPatterns()
                    .forEach(
                        pattern ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(
                                    method ->
                                        served.add(
                                            method.name() + " " + pattern.getPatternString()))));

    assertThat(document.get("openapi").asString()).isEqualTo("3.1.0");
    assertThat(documented).containsAll(served);
    Set<String> notServed = new TreeSet<>(documented);
    notServed.removeAll(served);
    assertThat(notServed).isSubsetOf(reserved);
  }
}
