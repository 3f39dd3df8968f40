package dev.omnipost.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Webhook URLs are checked with the SSRF guard when created: the tenant hears at once that an
 * endpoint could never be delivered to, and nothing is stored. The test context allow-lists only
 * {@code 127.0.0.1/32:9999}, as the local stack does.
 */
class WebhookUrlGuardTests extends GatewayTestSupport {

  @Autowired DatabaseClient db;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8090/sandbox/control",
        "http://127.0.0.1:9080/actuator/env",
        "http://127.0.0.1/hooks",
        "http://localhost:8090/",
        "http://127.0.0.2:9999/hooks",
        "http://[::1]:9999/hooks"
      })
  void refusesLoopbackUrlsOutsideTheAllowListedPort(String url) {
    Tenant tenant = newTenant();

    expectRefused(tenant, url, "webhook.url_not_allowed")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("loopback"));
    assertThat(endpointCount(tenant)).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://metadata.example/computeMetadata/v1/",
        "http://internal.example:5432/",
        "https://10.1.2.3/hooks",
        "https://192.168.0.10/hooks",
        "http://[fd00::1]/hooks",
        "http://[::ffff:169.254.169.254]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://192.0.2.1/hooks",
        "http://0.0.0.0:9999/hooks"
      })
  void refusesPrivateMetadataAndOtherNonPublicAddresses(String url) {
    Tenant tenant = newTenant();

    expectRefused(tenant, url, "webhook.url_not_allowed")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).doesNotContain("10.0.0.5"));
    assertThat(endpointCount(tenant)).isZero();
  }

  @Test
  void acceptsTheAllowListedLoopbackPort() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/webhooks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("url", "http://127.0.0.1:" + ALLOWED_PORT + "/hooks"))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.url")
        .isEqualTo("http://127.0.0.1:9999/hooks");
    assertThat(endpointCount(tenant)).isEqualTo(1);
  }

  @Test
  void refusesSchemesOtherThanHttpAndHttps() {
    Tenant tenant = newTenant();

    for (String url :
        List.of(
            "file:///etc/passwd",
            "gopher://127.0.0.1:9999/_",
            "ftp://hooks.example.com/in",
            "javascript:alert(1)")) {
      expectRefused(tenant, url, "webhook.invalid_url");
    }
    assertThat(endpointCount(tenant)).isZero();
  }

  @Test
  void aHostThatDoesNotResolveIsRefusedWithItsOwnCode() {
    Tenant tenant = newTenant();

    expectRefused(tenant, "https://nowhere.example/hooks", "webhook.url_unresolvable")
        .jsonPath("$.error.message")
        .value(
            m -> assertThat((String) m).contains("nowhere.example").contains("does not resolve"));
    assertThat(endpointCount(tenant)).isZero();
  }

  private WebTestClient.BodyContentSpec expectRefused(Tenant tenant, String url, String code) {
    return post(tenant, "/v1/webhooks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("url", url))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(code)
        .jsonPath("$.error.meta.field")
        .isEqualTo("url");
  }

  private long endpointCount(Tenant tenant) {
    return db.sql("SELECT count(*) AS n FROM webhook_endpoints WHERE workspace_id = :ws")
        .bind("ws", tenant.workspaceId())
        .map(row -> row.get("n", Long.class))
        .one()
        .block();
  }
}
