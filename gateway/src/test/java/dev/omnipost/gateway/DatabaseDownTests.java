package dev.omnipost.gateway;

import dev.omnipost.embedded.SharedTestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose R2DBC pool points at a closed port (Flyway and the relay still use the shared
 * database, which stays up): every request that needs the database answers 503.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=gateway",
      "management.server.port=0",
      "omnipost.gateway.operator-token=" + GatewayTestSupport.OPERATOR_TOKEN,
      "spring.r2dbc.pool.max-acquire-time=3s"
    })
class DatabaseDownTests {

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "r2dbc:postgresql://127.0.0.1:" + closedPort + "/omnipost";
    registry.add("spring.r2dbc.url", () -> url);
  }

  @LocalServerPort int port;

  private WebTestClient http() {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void healthIsDegradedWhenTheDatabaseIsUnreachable() {
    http()
        .get()
        .uri("/v1/health")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("degraded");
  }

  @Test
  void requestsThatNeedTheDatabaseAnswer503WithoutDetails() {
    http()
        .get()
        .uri("/v1/posts")
        .header("X-API-Key", "opk_live_" + "b".repeat(32))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("service.unavailable")
        .jsonPath("$.error.message")
        .value(
            message ->
                org.assertj.core.api.Assertions.assertThat((String) message)
                    .doesNotContain("Exception")
                    .doesNotContain("127.0.0.1"));
    http()
        .post()
        .uri("/v1/admin/workspaces")
        .header("Authorization", "Bearer " + GatewayTestSupport.OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "x"))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("service.unavailable");
  }
}
