package dev.omnipost.gateway.brands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * What a brand-restricted key may do with accounts, posts, media, webhooks, AI generations and
 * events: only its own brands' (the read side of every route is walked by {@code
 * TenantIsolationTests}; this class covers writes and the rules behind them).
 */
class BrandIsolationTests extends GatewayTestSupport {

  @Test
  void movesAnAccountBetweenBrandsAndDetachesIt() {
    Tenant agency = newTenant();
    String acme = newBrand(agency, "Acme");
    String globex = newBrand(agency, "Globex");
    String account = connect(agency, "mastodon");

    patchAccount(agency, account, Map.of("brand_id", acme))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.brand_id")
        .isEqualTo(acme);
    patchAccount(agency, account, Map.of("brand_id", globex)).expectStatus().isOk();
    patchAccount(agency, account, brand(null))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.brand_id")
        .isEmpty();
  }

  @Test
  void refusesAnUnknownBrandAnotherWorkspacesBrandAndAMissingField() {
    Tenant agency = newTenant();
    Tenant other = newTenant();
    String foreign = newBrand(other, "Not yours");
    String account = connect(agency, "mastodon");

    for (String brandId : List.of("brand_nope", foreign)) {
      patchAccount(agency, account, Map.of("brand_id", brandId))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("brand.unknown")
          .jsonPath("$.error.meta.field")
          .isEqualTo("brand_id");
    }
    patchAccount(agency, account, Map.of())
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field");
    patchAccount(agency, account, Map.of("brand_id", 7))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field");
    patchAccount(other, account, Map.of("brand_id", foreign)).expectStatus().isNotFound();
  }

  @Test
  void aRestrictedKeyMovesAccountsOnlyBetweenItsOwnBrands() {
    Tenant agency = newTenant();
    String a1 = newBrand(agency, "A1");
    String a2 = newBrand(agency, "A2");
    String b = newBrand(agency, "B");
    String account = connect(agency, "mastodon");
    moveToBrand(agency, account, a1);
    Tenant key = keyRestrictedToBrands(agency, a1, a2);

    patchAccount(key, account, Map.of("brand_id", a2)).expectStatus().isOk();
    patchAccount(key, account, Map.of("brand_id", b))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("brand.unknown");
    patchAccount(key, account, brand(null))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.brand_restricted");
    get(agency, "/v1/accounts/" + account)
        .exchange()
        .expectBody()
        .jsonPath("$.data.brand_id")
        .isEqualTo(a2);
  }

  @Test
  void aRestrictedKeyCannotPostToAnotherBrandsAccountOrAttachItsMedia() throws Exception {
    Tenant agency = newTenant();
    String a = newBrand(agency, "A");
    String b = newBrand(agency, "B");
    String accountA = connect(agency, "mastodon");
    String accountB = connect(agency, "mastodon");
    String brandless = connect(agency, "mastodon");
    moveToBrand(agency, accountA, a);
    moveToBrand(agency, accountB, b);
    Tenant keyA = keyRestrictedToBrands(agency, a);
    String mediaOfB = upload(keyRestrictedToBrands(agency, b), null).get("id").toString();

    for (String foreign : List.of(accountB, brandless)) {
      createPost(
              keyA, Map.of("text", "hi", "account_ids", List.of(accountA, foreign), "draft", true))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("post.unknown_accounts")
          .jsonPath("$.error.meta.account_ids[0]")
          .isEqualTo(foreign);
    }
    createPost(
            keyA,
            Map.of(
                "text",
                "hi",
                "account_ids",
                List.of(accountA),
                "media_ids",
                List.of(mediaOfB),
                "draft",
                true))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_media");
    createPost(keyA, Map.of("text", "hi", "account_ids", List.of(accountA), "draft", true))
        .expectStatus()
        .isCreated();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRestrictedKeySeesOnlyPostsAllOfWhoseAccountsAreItsBrands() {
    Tenant agency = newTenant();
    String a = newBrand(agency, "A");
    String b = newBrand(agency, "B");
    String accountA = connect(agency, "mastodon");
    String accountB = connect(agency, "mastodon");
    moveToBrand(agency, accountA, a);
    moveToBrand(agency, accountB, b);
    String onlyA = postId(agency, List.of(accountA));
    String both = postId(agency, List.of(accountA, accountB));
    Tenant keyA = keyRestrictedToBrands(agency, a);

    assertThat(postIds(keyA, "/v1/posts")).containsExactly(onlyA);
    get(keyA, "/v1/posts/" + both).exchange().expectStatus().isNotFound();
    assertThat(postIds(agency, "/v1/posts?brand_id=" + b)).containsExactly(both);
    assertThat(postIds(agency, "/v1/posts?brand_id=" + a)).containsExactly(both, onlyA);
    assertThat(postIds(keyA, "/v1/posts?brand_id=" + b)).isEmpty();
  }

  @Test
  void mediaBelongsToTheKeysBrandOrTheNamedOne() throws Exception {
    Tenant agency = newTenant();
    String a = newBrand(agency, "A");
    String b = newBrand(agency, "B");
    Tenant keyA = keyRestrictedToBrands(agency, a);
    Tenant keyAB = keyRestrictedToBrands(agency, a, b);

    assertThat(upload(keyA, null)).containsEntry("brand_id", a);
    assertThat(upload(keyAB, b)).containsEntry("brand_id", b);
    assertThat(upload(agency, null)).containsEntry("brand_id", null);
    uploadExpecting(keyAB, null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("brand_id");
    uploadExpecting(keyA, b)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("brand.unknown");

    get(keyA, "/v1/media")
        .exchange()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(1)
        .jsonPath("$.data[0].brand_id")
        .isEqualTo(a);
  }

  @Test
  void webhookEndpointsBelongToTheKeysBrandAndAreHiddenFromOtherBrands() {
    Tenant agency = newTenant();
    String a = newBrand(agency, "A");
    String b = newBrand(agency, "B");
    Tenant keyA = keyRestrictedToBrands(agency, a);
    Tenant keyB = keyRestrictedToBrands(agency, b);

    String id =
        post(keyA, "/v1/webhooks")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("url", "https://hooks.example.com/a"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data")
            .toString();
    post(keyA, "/v1/webhooks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("url", "https://hooks.example.com/a", "brand_id", b))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("brand.unknown");

    get(keyA, "/v1/webhooks")
        .exchange()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(1)
        .jsonPath("$.data[0].brand_id")
        .isEqualTo(a);
    get(keyB, "/v1/webhooks").exchange().expectBody().jsonPath("$.data").isEmpty();
    get(agency, "/v1/webhooks").exchange().expectBody().jsonPath("$.data.length()").isEqualTo(1);
    assertThat(id).contains("whk_");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aGenerationIsReadableByTheBrandsThatAskedForItOnly() {
    Tenant agency = newTenant();
    String a = newBrand(agency, "A");
    String b = newBrand(agency, "B");
    Tenant keyA = keyRestrictedToBrands(agency, a);

    Map<String, Object> accepted =
        post(keyA, "/v1/ai/generate")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("prompt", "a launch post for A", "wait", 0))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    String id = ((Map<String, Object>) accepted.get("data")).get("id").toString();

    get(keyA, "/v1/ai/generations/" + id).exchange().expectStatus().isOk();
    get(agency, "/v1/ai/generations/" + id).exchange().expectStatus().isOk();
    get(keyRestrictedToBrands(agency, b), "/v1/ai/generations/" + id)
        .exchange()
        .expectStatus()
        .isNotFound();
    get(keyRestrictedToBrands(agency, a, b), "/v1/ai/generations/" + id)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void aRestrictedKeysEventsAreThoseOfItsBrandsSubjects() {
    Tenant agency = newTenant();
    String a = newBrand(agency, "A");
    String b = newBrand(agency, "B");
    String accountA = connect(agency, "mastodon");
    String accountB = connect(agency, "mastodon");
    moveToBrand(agency, accountA, a);
    moveToBrand(agency, accountB, b);
    String ofA = postId(agency, List.of(accountA));
    String ofB = postId(agency, List.of(accountB));
    String ofBoth = postId(agency, List.of(accountA, accountB));
    String withBrandless = postId(agency, List.of(accountA, connect(agency, "mastodon")));

    assertThat(subjects(keyRestrictedToBrands(agency, a))).containsExactly(ofA);
    assertThat(subjects(keyRestrictedToBrands(agency, b))).containsExactly(ofB);
    assertThat(subjects(keyRestrictedToBrands(agency, a, b))).containsExactly(ofBoth, ofB, ofA);
    assertThat(subjects(agency)).containsExactly(withBrandless, ofBoth, ofB, ofA);
  }

  @SuppressWarnings("unchecked")
  private List<String> subjects(Tenant tenant) {
    Map<String, Object> page =
        get(tenant, "/v1/events?type=post.created")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return ((List<Map<String, Object>>) page.get("data"))
        .stream().map(e -> (String) e.get("subject")).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> postIds(Tenant tenant, String uri) {
    Map<String, Object> page =
        get(tenant, uri)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return ((List<Map<String, Object>>) page.get("data"))
        .stream().map(p -> (String) p.get("id")).toList();
  }

  @SuppressWarnings("unchecked")
  private String postId(Tenant tenant, List<String> accounts) {
    return ((Map<String, Object>)
            createPost(tenant, Map.of("text", "hello", "account_ids", accounts, "draft", true))
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data"))
        .get("id")
        .toString();
  }

  private WebTestClient.ResponseSpec createPost(Tenant tenant, Map<String, Object> body) {
    return post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private WebTestClient.ResponseSpec patchAccount(Tenant tenant, String account, Object body) {
    return http.patch()
        .uri("/v1/accounts/" + account)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static Map<String, Object> brand(String id) {
    Map<String, Object> body = new HashMap<>();
    body.put("brand_id", id);
    return body;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> upload(Tenant tenant, String brandId) throws Exception {
    return (Map<String, Object>)
        uploadExpecting(tenant, brandId)
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private WebTestClient.ResponseSpec uploadExpecting(Tenant tenant, String brandId)
      throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
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
    if (brandId != null) {
      multipart.part("brand_id", brandId);
    }
    return post(tenant, "/v1/media")
        .body(BodyInserters.fromMultipartData(multipart.build()))
        .exchange();
  }
}
