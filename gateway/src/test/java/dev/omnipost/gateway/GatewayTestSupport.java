package dev.omnipost.gateway;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Ids;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one Spring context every gateway integration test shares (real PostgreSQL and Kafka from
 * {@link SharedTestInfrastructure}), with helpers that bootstrap an isolated workspace per test.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=gateway",
      "management.server.port=0",
      "omnipost.gateway.operator-token=" + GatewayTestSupport.OPERATOR_TOKEN,
      "omnipost.media.storage-dir=target/test-media",
      "omnipost.media.max-bytes=64KB",
      "omnipost.media.public-base-url=http://media.test",
      "omnipost.egress.allowed-networks=127.0.0.1/32:" + GatewayTestSupport.ALLOWED_PORT
    })
@Import(TestDns.class)
public abstract class GatewayTestSupport {

  /** The one loopback port webhook URLs may name (as the local stack's receiver on 9999). */
  public static final int ALLOWED_PORT = 9999;

  public static final String OPERATOR_TOKEN = "test-operator-token-0123456789";
  protected static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
  }

  @LocalServerPort protected int port;

  protected WebTestClient http;

  @BeforeEach
  void client() {
    http =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(20))
            .build();
  }

  /** A new workspace and its bootstrap key. */
  protected record Tenant(String workspaceId, String apiKey) {}

  @SuppressWarnings("unchecked")
  protected Tenant newTenant() {
    Map<String, Object> body =
        http.post()
            .uri("/v1/admin/workspaces")
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "Test " + Ids.randomBase62(6)))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    Map<String, Object> workspace = (Map<String, Object>) data.get("workspace");
    Map<String, Object> key = (Map<String, Object>) data.get("api_key");
    return new Tenant((String) workspace.get("id"), (String) key.get("key"));
  }

  /** Imports a connected account and answers its id. */
  @SuppressWarnings("unchecked")
  protected String connect(Tenant tenant, String platform) {
    Map<String, Object> body =
        http.post()
            .uri("/v1/admin/accounts")
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "workspace_id",
                    tenant.workspaceId(),
                    "platform",
                    platform,
                    "platform_account_id",
                    Ids.randomBase62(10),
                    "handle",
                    "@tester",
                    "name",
                    "Tester",
                    "access_token",
                    "token-" + Ids.randomBase62(8),
                    "settings",
                    Map.of("instance_url", "http://localhost:8090/mastodon")))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }

  protected WebTestClient.RequestHeadersSpec<?> get(Tenant tenant, String uri) {
    return http.get().uri(uri).header("Authorization", "Bearer " + tenant.apiKey());
  }

  protected WebTestClient.RequestBodySpec post(Tenant tenant, String uri) {
    return http.post().uri(uri).header("Authorization", "Bearer " + tenant.apiKey());
  }
}
