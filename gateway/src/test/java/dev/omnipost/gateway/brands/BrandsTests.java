package dev.omnipost.gateway.brands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.web.Scopes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** {@code /v1/brands}: an agency's clients inside a workspace. */
class BrandsTests extends GatewayTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void createsReadsRenamesAndListsBrandsNewestFirst() {
    Tenant tenant = newTenant();

    String acme = newBrand(tenant, "  Acme  ");
    String globex = newBrand(tenant, "Globex");

    get(tenant, "/v1/brands/" + acme)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.id")
        .isEqualTo(acme)
        .jsonPath("$.data.name")
        .isEqualTo("Acme")
        .jsonPath("$.data.created_at")
        .exists();
    patch(tenant, "/v1/brands/" + acme, Map.of("name", "Acme Corp"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.name")
        .isEqualTo("Acme Corp");
    get(tenant, "/v1/brands")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.data[0].id")
        .isEqualTo(globex)
        .jsonPath("$.data[1].name")
        .isEqualTo("Acme Corp")
        .jsonPath("$.next_cursor")
        .isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void pagesWithACursor() {
    Tenant tenant = newTenant();
    String first = newBrand(tenant, "one");
    String second = newBrand(tenant, "two");
    String third = newBrand(tenant, "three");

    Map<String, Object> page = body(get(tenant, "/v1/brands?limit=2"));
    Map<String, Object> next =
        body(get(tenant, "/v1/brands?limit=2&cursor=" + page.get("next_cursor")));

    assertThat(ids(page)).containsExactly(third, second);
    assertThat(ids(next)).containsExactly(first);
    assertThat(next.get("next_cursor")).isNull();
  }

  @Test
  void refusesAMissingOrOverlongName() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/brands")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", " "))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("name");
    post(tenant, "/v1/brands")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "x".repeat(201)))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field");
  }

  @Test
  void deletingABrandThatStillHasAccountsIsAConflictUntilTheyAreMoved() {
    Tenant tenant = newTenant();
    String brand = newBrand(tenant, "Acme");
    String account = connect(tenant, "mastodon");
    moveToBrand(tenant, account, brand);

    delete(tenant, "/v1/brands/" + brand)
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("brand.in_use")
        .jsonPath("$.error.meta.accounts")
        .isEqualTo(1);
    patch(tenant, "/v1/accounts/" + account, nullBrand()).expectStatus().isOk();
    delete(tenant, "/v1/brands/" + brand).expectStatus().isNoContent();

    get(tenant, "/v1/brands/" + brand).exchange().expectStatus().isNotFound();
    delete(tenant, "/v1/brands/" + brand).expectStatus().isNotFound();
  }

  @Test
  void aBrandWithAWebhookEndpointIsInUseAndItsMediaBecomeWorkspaceWideWhenDeleted()
      throws Exception {
    Tenant agency = newTenant();
    String brand = newBrand(agency, "Acme");
    Tenant client = keyRestrictedToBrands(agency, brand);
    String media = uploadPng(client);
    String endpoint =
        post(client, "/v1/webhooks")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("url", "https://hooks.example.com/acme"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data")
            .toString();

    delete(agency, "/v1/brands/" + brand)
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.meta.webhooks")
        .isEqualTo(1)
        .jsonPath("$.error.meta.accounts")
        .isEqualTo(0);
    jdbcDeleteEndpointsOf(agency);
    delete(agency, "/v1/brands/" + brand).expectStatus().isNoContent();

    get(agency, "/v1/media/" + media)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.brand_id")
        .isEmpty();
    get(client, "/v1/media/" + media).exchange().expectStatus().isNotFound();
    assertThat(endpoint).contains("whk_");
  }

  @Test
  void aBrandRestrictedKeySeesAndRenamesOnlyItsBrandsAndCannotCreateOrDeleteBrands() {
    Tenant agency = newTenant();
    String mine = newBrand(agency, "Mine");
    String theirs = newBrand(agency, "Theirs");
    Tenant client = keyRestrictedToBrands(agency, mine);

    assertThat(ids(body(get(client, "/v1/brands")))).containsExactly(mine);
    get(client, "/v1/brands/" + theirs).exchange().expectStatus().isNotFound();
    patch(client, "/v1/brands/" + theirs, Map.of("name", "x")).expectStatus().isNotFound();
    patch(client, "/v1/brands/" + mine, Map.of("name", "Mine, renamed")).expectStatus().isOk();
    post(client, "/v1/brands")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "escape"))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.brand_restricted");
    delete(client, "/v1/brands/" + mine)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.brand_restricted");
    get(agency, "/v1/brands/" + mine).exchange().expectStatus().isOk();
  }

  @Test
  void readingNeedsAccountsReadAndWritingAccountsWrite() {
    Tenant agency = newTenant();
    String brand = newBrand(agency, "Acme");
    Tenant readOnly = keyRestrictedToBrands(agency, List.of(Scopes.ACCOUNTS_READ), brand);

    get(readOnly, "/v1/brands/" + brand).exchange().expectStatus().isOk();
    patch(readOnly, "/v1/brands/" + brand, Map.of("name", "x"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("accounts:write");
  }

  /** Webhook endpoints have no delete route on this branch yet; remove them as it would. */
  private void jdbcDeleteEndpointsOf(Tenant tenant) {
    jdbc.sql("DELETE FROM webhook_endpoints WHERE workspace_id = :ws")
        .param("ws", tenant.workspaceId())
        .update();
  }

  @SuppressWarnings("unchecked")
  private String uploadPng(Tenant tenant) throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", png);
    MultipartBodyBuilder multipart = new MultipartBodyBuilder();
    multipart
        .part(
            "file",
            new ByteArrayResource(png.toByteArray()) {
              @Override
              public String getFilename() {
                return "logo.png";
              }
            })
        .contentType(MediaType.APPLICATION_OCTET_STREAM);
    Map<String, Object> body =
        post(tenant, "/v1/media")
            .body(BodyInserters.fromMultipartData(multipart.build()))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return ((Map<String, Object>) body.get("data")).get("id").toString();
  }

  private WebTestClient.ResponseSpec patch(Tenant tenant, String uri, Object body) {
    return http.patch()
        .uri(uri)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec delete(Tenant tenant, String uri) {
    return http.delete().uri(uri).header("Authorization", "Bearer " + tenant.apiKey()).exchange();
  }

  private static Map<String, Object> nullBrand() {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("brand_id", null);
    return body;
  }

  private static Map<String, Object> body(WebTestClient.RequestHeadersSpec<?> request) {
    return request
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("data"))
        .stream().map(item -> (String) item.get("id")).toList();
  }
}
