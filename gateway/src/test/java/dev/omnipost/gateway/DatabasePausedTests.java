package dev.omnipost.gateway;

import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose R2DBC connections reach PostgreSQL through {@link PausableTcpProxy}: while the
 * proxy relays nothing (the database as if paused), {@code /v1/health} reports the dependency down
 * within its bound, and once it relays again the gateway serves as before by itself. (Requests in
 * flight still wait for a paused server: a client-side bound is a follow-up, ADR 0025.)
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=gateway",
      "management.server.port=0",
      "omnipost.gateway.operator-token=" + GatewayTestSupport.OPERATOR_TOKEN,
      "omnipost.secrets.reencrypt-on-start=false",
      "spring.r2dbc.pool.initial-size=2"
    })
class DatabasePausedTests {

  private static PausableTcpProxy proxy;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    URI database =
        URI.create(
            SharedTestInfrastructure.get()
                .springProperties()
                .get("spring.r2dbc.url")
                .substring("r2dbc:".length()));
    proxy = new PausableTcpProxy(database.getHost(), database.getPort());
    String url = "r2dbc:postgresql://127.0.0.1:" + proxy.port() + database.getPath();
    registry.add("spring.r2dbc.url", () -> url);
  }

  @AfterAll
  static void closeProxy() throws IOException {
    proxy.close();
  }

  @LocalServerPort int port;

  private WebTestClient http() {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        // far past the bound: a hang fails the test instead of passing late
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  @Test
  void healthIsDegradedWhileTheDatabaseIsSilentAndTheGatewayRecoversByItself() {
    http().get().uri("/v1/health").exchange().expectStatus().isOk();

    proxy.pause();
    try {
      http()
          .get()
          .uri("/v1/health")
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectBody()
          .jsonPath("$.data.status")
          .isEqualTo("degraded");
    } finally {
      proxy.resume();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                http()
                    .post()
                    .uri("/v1/admin/workspaces")
                    .header("Authorization", "Bearer " + GatewayTestSupport.OPERATOR_TOKEN)
                    .header("Content-Type", "application/json")
                    .bodyValue("{\"name\":\"Resumed\"}")
                    .exchange()
                    .expectStatus()
                    .isCreated());
  }
}
