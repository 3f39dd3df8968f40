package dev.omnipost.gateway.keys;

import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.gateway.GatewayApplication;
import dev.omnipost.gateway.GatewayTestSupport;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two gateway instances on one database: the shared test context (A) and a second one started here
 * (B). Each caches key lookups; a change on one must reach the other's cache within a second.
 */
class KeyRevocationAcrossInstancesTests extends GatewayTestSupport {

  private static ConfigurableApplicationContext instanceB;
  private static WebTestClient httpB;

  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  @BeforeAll
  static void startSecondInstance() {
    List<String> properties = new ArrayList<>();
    SharedTestInfrastructure.get()
        .springProperties()
        .forEach((k, v) -> properties.add("--" + k + "=" + v));
    properties.addAll(
        List.of(
            "--server.port=0",
            "--management.server.port=0",
            "--omnipost.gateway.operator-token=" + OPERATOR_TOKEN,
            "--omnipost.media.storage-dir=target/test-media",
            "--omnipost.outbox.relay-enabled=false"));
    // command-line arguments, so they win over gateway.yml as the test context's properties do
    instanceB = GatewayApplication.builder().run(properties.toArray(String[]::new));
    httpB =
        WebTestClient.bindToServer()
            .baseUrl(
                "http://localhost:" + instanceB.getEnvironment().getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(20))
            .build();
  }

  @AfterAll
  static void stopSecondInstance() {
    if (instanceB != null) {
      instanceB.close();
    }
  }

  @Test
  void aKeyRevokedOnOneInstanceIsRefusedByTheOtherWithinASecond() {
    Tenant tenant = newTenant();
    Map<String, Object> created = createKey(tenant);
    String key = (String) created.get("key");
    // both instances have now looked the key up and cached the answer
    postsWith(http, key).expectStatus().isOk();
    postsWith(httpB, key).expectStatus().isOk();
    postsWith(httpB, key).expectStatus().isOk();

    http.delete()
        .uri("/v1/keys/" + created.get("id"))
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isNoContent();

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                postsWith(httpB, key)
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.error.code")
                    .isEqualTo("auth.invalid_key"));
    postsWith(http, key).expectStatus().isUnauthorized();
  }

  @Test
  void anInstanceThatLostItsNotificationConnectionForgetsEveryCachedKey() throws Exception {
    Tenant tenant = newTenant();
    Map<String, Object> created = createKey(tenant);
    String key = (String) created.get("key");
    postsWith(httpB, key).expectStatus().isOk();
    // revoke behind the trigger's back: no notification, so B keeps trusting its cached answer
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET session_replication_role = replica");
      statement.executeUpdate(
          "UPDATE api_keys SET revoked_at = now() WHERE id = '" + created.get("id") + "'");
      statement.execute("RESET session_replication_role");
    }
    postsWith(httpB, key).expectStatus().isOk();

    // every gateway's listen connection drops; on reconnecting each clears its cache
    jdbc.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE query = 'LISTEN omnipost_api_keys'")
        .query()
        .listOfRows();

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> postsWith(httpB, key).expectStatus().isUnauthorized());
  }

  private Map<String, Object> createKey(Tenant tenant) {
    @SuppressWarnings("unchecked")
    Map<String, Object> data =
        (Map<String, Object>)
            http.post()
                .uri("/v1/keys")
                .header("Authorization", "Bearer " + tenant.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "shared", "scopes", List.of("posts:read")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data");
    return data;
  }

  private static WebTestClient.ResponseSpec postsWith(WebTestClient client, String key) {
    return client.get().uri("/v1/posts").header("Authorization", "Bearer " + key).exchange();
  }
}
