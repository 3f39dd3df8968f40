package dev.omnipost.gateway;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Ids;
import dev.omnipost.gateway.auth.ApiKeys;
import dev.omnipost.gateway.contract.ResponseContract;
import dev.omnipost.gateway.system.OpenApiDocument;
import dev.omnipost.gateway.web.Scopes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

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
      "omnipost.exports.dir=" + GatewayTestSupport.EXPORTS_DIR,
      "omnipost.media.max-bytes=64KB",
      "omnipost.media.public-base-url=http://media.test",
      "omnipost.idempotency.cleanup-interval=1s",
      "omnipost.idempotency.lock-wait=2s",
      // post metrics older than this are read again from the platform (MetricsTests)
      "omnipost.metrics.ttl=2s",
      // a stalled request body closes its connection quickly (SlowClientTests)
      "omnipost.gateway.http.read-timeout=2s",
      // a probe that goes unanswered this long marks PostgreSQL silent (ADR 0032): more than in
      // production, as a starved test machine answers late (DatabasePausedTests proves the 1 s)
      "omnipost.gateway.database.liveness-timeout=5s",
      // every test sends from 127.0.0.1: per-address limits are tested in their own contexts
      "omnipost.gateway.rate-limit.unauthenticated-per-minute=1000000",
      "omnipost.gateway.rate-limit.public-per-minute=1000000",
      "omnipost.gateway.rate-limit.operator-per-minute=1000000",
      "omnipost.egress.allowed-networks=127.0.0.1/32:" + GatewayTestSupport.ALLOWED_PORT
    })
@Import({TestDns.class, TestClock.class})
public abstract class GatewayTestSupport {

  /** The one loopback port webhook URLs may name (as the local stack's receiver on 9999). */
  public static final int ALLOWED_PORT = 9999;

  /** Where the gateway serves export files from, and the tests' publisher-worker writes them. */
  public static final String EXPORTS_DIR = "target/test-exports";

  public static final String OPERATOR_TOKEN = "test-operator-token-0123456789";
  protected static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
    // Mastodon instances on the tests' sandboxes (127.0.0.1, any port) pass the SSRF guard; the
    // rest of 127.0.0.0/8 does not (the guard's tests use 127.0.0.2)
    registry.add("omnipost.oauth.instance-networks", () -> "127.0.0.1/32");
  }

  @LocalServerPort protected int port;

  @Autowired private JdbcClient supportJdbc;

  @Autowired private OpenApiDocument openApiDocument;

  /**
   * A client of the shared gateway. Every answer it receives is checked against the OpenAPI
   * document the gateway serves ({@link ResponseContract}): an undocumented status or a body that
   * does not match its schema fails the test.
   */
  protected WebTestClient http;

  @BeforeEach
  void client() {
    http =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .filter(contract().filter())
            .responseTimeout(Duration.ofSeconds(20))
            .build();
  }

  /** The response contract of the gateway's OpenAPI document. */
  protected ResponseContract contract() {
    return ResponseContract.of(openApiDocument.document());
  }

  /** A new workspace and its bootstrap key. */
  public record Tenant(String workspaceId, String apiKey) {}

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

  /** Creates a brand in the tenant's workspace through the API and answers its id. */
  @SuppressWarnings("unchecked")
  protected String newBrand(Tenant tenant, String name) {
    Map<String, Object> body =
        post(tenant, "/v1/brands")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", name))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }

  /** Moves an account to a brand through {@code PATCH /v1/accounts/{id}}. */
  protected void moveToBrand(Tenant tenant, String accountId, String brandId) {
    http.patch()
        .uri("/v1/accounts/" + accountId)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("brand_id", brandId))
        .exchange()
        .expectStatus()
        .isOk();
  }

  /**
   * A key of the tenant's workspace with every scope, restricted to {@code brandIds}. Inserted
   * straight into {@code api_keys} while {@code POST /v1/keys} is not on this branch; switch this
   * one method to the keys API when it is.
   */
  protected Tenant keyRestrictedToBrands(Tenant tenant, String... brandIds) {
    return keyRestrictedToBrands(tenant, Scopes.ALL, brandIds);
  }

  /**
   * A key of the tenant's workspace for all brands with only {@code scopes} (inserted likewise).
   */
  protected Tenant keyWithScopes(Tenant tenant, String... scopes) {
    return keyRestrictedToBrands(tenant, List.of(scopes));
  }

  protected Tenant keyRestrictedToBrands(Tenant tenant, List<String> scopes, String... brandIds) {
    String key = ApiKeys.generate();
    supportJdbc
        .sql(
            "INSERT INTO api_keys (id, workspace_id, name, key_prefix, key_hash, scopes, brand_ids)"
                + " VALUES (:id, :ws, 'brand key', :prefix, :hash, :scopes, :brands)")
        .param("id", Ids.newId("key"))
        .param("ws", tenant.workspaceId())
        .param("prefix", ApiKeys.displayPrefix(key))
        .param("hash", ApiKeys.hash(key))
        .param("scopes", scopes.toArray(String[]::new))
        .param("brands", brandIds)
        .update();
    return new Tenant(tenant.workspaceId(), key);
  }

  @Autowired private RequestMappingHandlerMapping mappings;

  /** Every route the router serves, as {@code "GET /v1/posts/{id}"}, with its handler. */
  protected Map<String, HandlerMethod> servedRoutes() {
    Map<String, HandlerMethod> routes = new TreeMap<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, handler) ->
                info.getPatternsCondition()
                    .getPatterns()
                    .forEach(
                        pattern ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(
                                    method ->
                                        routes.put(
                                            method.name() + " " + pattern.getPatternString(),
                                            handler))));
    return routes;
  }
}
