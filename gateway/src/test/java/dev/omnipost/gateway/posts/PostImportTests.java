package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code POST /v1/posts/import} through the real gateway: all rows or none, per-row results with
 * the line each row starts on, and a 400 naming the line for a malformed file.
 */
@SuppressWarnings("unchecked")
class PostImportTests extends BulkTestSupport {

  private static final MediaType CSV = MediaType.parseMediaType("text/csv");

  private WebTestClient.ResponseSpec importCsv(Tenant tenant, String query, byte[] file) {
    return post(tenant, "/v1/posts/import" + query).contentType(CSV).bodyValue(file).exchange();
  }

  private WebTestClient.ResponseSpec importCsv(Tenant tenant, String query, String file) {
    return importCsv(tenant, query, file.getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> body(WebTestClient.ResponseSpec response) {
    return response.expectBody(JSON).returnResult().getResponseBody();
  }

  private static List<Map<String, Object>> rows(Map<String, Object> data, String key) {
    return (List<Map<String, Object>>) data.get(key);
  }

  private void setPostsPerMonth(Tenant tenant, int limit) {
    http.patch()
        .uri("/v1/admin/workspaces/" + tenant.workspaceId())
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("limits", Map.of("posts_per_month", limit)))
        .exchange()
        .expectStatus()
        .isOk();
  }

  private void expectMalformed(Tenant tenant, byte[] file, String code, int line) {
    importCsv(tenant, "", file)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(code)
        .jsonPath("$.error.meta.line")
        .isEqualTo(line)
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains("ine " + line));
  }

  private void expectMalformed(Tenant tenant, String file, int line) {
    expectMalformed(tenant, file.getBytes(StandardCharsets.UTF_8), "import.malformed_file", line);
  }

  @Test
  void importsEveryRowInOneGoWithTheLineEachStartsOn() throws Exception {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String bluesky = connect(tenant, "bluesky");
    String second = connect(tenant, "mastodon");
    String media = uploadPng(tenant, 20, 20);
    String file =
        "text,account_ids,scheduled_at,media_ids\r\n"
            + "Hello,"
            + mastodon
            + ";"
            + bluesky
            + ",,\r\n"
            + "\"Two lines,\nwith \"\"quotes\"\"\","
            + second
            + ","
            + inOneDay().replace("Z", "+02:00")
            + ","
            + media
            + "\r\n"
            + "Last,"
            + mastodon
            + "|"
            + second
            + ",,\r\n";

    Map<String, Object> data =
        (Map<String, Object>)
            body(importCsv(tenant, "", file).expectStatus().isCreated()).get("data");

    assertThat(data)
        .containsEntry("dry_run", false)
        .containsEntry("rows", 3)
        .containsEntry("created", 3);
    List<Map<String, Object>> results = rows(data, "results");
    assertThat(results).extracting(r -> r.get("line")).containsExactly(2, 3, 5);
    assertThat(results).extracting(r -> r.get("status")).containsOnly("created");
    assertThat(posts(tenant)).isEqualTo(3);
    Map<String, Object> multiline =
        (Map<String, Object>)
            body(get(tenant, "/v1/posts/" + results.get(1).get("post_id")).exchange()).get("data");
    assertThat(multiline.get("text")).isEqualTo("Two lines,\nwith \"quotes\"");
    assertThat(multiline.get("status")).isEqualTo("scheduled");
    assertThat((List<String>) multiline.get("media_ids")).containsExactly(media);
    Map<String, Object> first =
        (Map<String, Object>)
            body(get(tenant, "/v1/posts/" + results.get(0).get("post_id")).exchange()).get("data");
    assertThat((List<String>) first.get("account_ids")).containsExactly(mastodon, bluesky);
  }

  @Test
  void aPlatformsColumnPostsToEveryConnectedAccountOnThem() {
    Tenant tenant = newTenant();
    String one = connect(tenant, "mastodon");
    String two = connect(tenant, "mastodon");
    String sky = connect(tenant, "bluesky");
    connect(tenant, "twitter");

    Map<String, Object> data =
        (Map<String, Object>)
            body(importCsv(tenant, "", "platforms,text\nmastodon;bluesky,Hi all\n")
                    .expectStatus()
                    .isCreated())
                .get("data");

    Map<String, Object> post =
        (Map<String, Object>)
            body(get(tenant, "/v1/posts/" + rows(data, "results").get(0).get("post_id")).exchange())
                .get("data");
    assertThat((List<String>) post.get("account_ids")).containsExactlyInAnyOrder(one, two, sky);
    importCsv(tenant, "", "platforms,text\nthreads,Hi\n")
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.error.meta.rows[0].error.code")
        .isEqualTo("post.unknown_accounts");
  }

  @Test
  void aBrandRestrictedKeyImportsAndValidatesOnlyOnItsBrandsAccounts() {
    Tenant tenant = newTenant();
    String brand = newBrand(tenant, "Cafe");
    String mine = connect(tenant, "mastodon");
    String outside = connect(tenant, "mastodon");
    moveToBrand(tenant, mine, brand);
    Tenant restricted = keyRestrictedToBrands(tenant, brand);

    Map<String, Object> data =
        (Map<String, Object>)
            body(importCsv(restricted, "", "platforms,text\nmastodon,Hi\n")
                    .expectStatus()
                    .isCreated())
                .get("data");
    Map<String, Object> post =
        (Map<String, Object>)
            body(get(tenant, "/v1/posts/" + rows(data, "results").get(0).get("post_id")).exchange())
                .get("data");

    assertThat((List<String>) post.get("account_ids")).containsExactly(mine);
    importCsv(restricted, "", "account_ids,text\n" + outside + ",Hi\n")
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.error.meta.rows[0].error.code")
        .isEqualTo("post.unknown_accounts");
    post(restricted, "/v1/posts/validate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "Hi", "account_ids", List.of(outside)))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_accounts");
    assertThat(posts(tenant)).isEqualTo(1);
  }

  @Test
  void aDryRunReportsEveryRowAndStoresNothing() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");

    Map<String, Object> data =
        (Map<String, Object>)
            body(importCsv(tenant, "?dry_run=true", "text,account_ids\nOne," + mastodon + "\n")
                    .expectStatus()
                    .isOk())
                .get("data");

    assertThat(data).containsEntry("dry_run", true).containsEntry("created", 0);
    assertThat(rows(data, "results"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r).containsEntry("line", 2).containsEntry("status", "valid");
              assertThat(r).doesNotContainKey("post_id");
            });
    assertThat(posts(tenant)).isZero();
  }

  @Test
  void anyInvalidRowStoresNothingAndEveryRowIsReported() throws Exception {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String x = connect(tenant, "twitter");
    Tenant other = newTenant();
    String othersAccount = connect(other, "mastodon");
    String othersMedia = uploadPng(other, 10, 10);
    String file =
        "text,account_ids,scheduled_at,media_ids\n"
            + "Fine,"
            + mastodon
            + ",,\n"
            + "a".repeat(281)
            + ","
            + x
            + ",,\n"
            + "Not yours,"
            + othersAccount
            + ",,\n"
            + "Not your media,"
            + mastodon
            + ",,"
            + othersMedia
            + "\n"
            + "Bad time,"
            + mastodon
            + ",tomorrow,\n"
            + "Past,"
            + mastodon
            + ",2020-01-01T00:00:00Z,\n"
            + ","
            + mastodon
            + ",,\n";

    Map<String, Object> error =
        (Map<String, Object>)
            body(importCsv(tenant, "", file).expectStatus().isEqualTo(422)).get("error");

    assertThat(error.get("code")).isEqualTo("import.invalid_rows");
    assertThat((String) error.get("message")).contains("6 of 7 rows");
    Map<String, Object> meta = (Map<String, Object>) error.get("meta");
    assertThat((List<Integer>) meta.get("invalid_lines")).containsExactly(3, 4, 5, 6, 7, 8);
    List<Map<String, Object>> results = rows(meta, "rows");
    assertThat(results)
        .extracting(r -> r.get("status"))
        .containsExactly("valid", "invalid", "invalid", "invalid", "invalid", "invalid", "invalid");
    Map<String, Object> tooLong = results.get(1);
    List<Map<String, Object>> targets = (List<Map<String, Object>>) tooLong.get("targets");
    assertThat((List<Map<String, Object>>) targets.get(0).get("findings"))
        .extracting(f -> f.get("code"))
        .containsExactly("text.too_long");
    assertThat(results.subList(2, 7))
        .extracting(r -> ((Map<String, Object>) r.get("error")).get("code"))
        .containsExactly(
            "post.unknown_accounts",
            "post.unknown_media",
            "request.invalid_field",
            "post.scheduled_at_in_past",
            "request.missing_field");
    assertThat(posts(tenant)).isZero();
  }

  @Test
  void aMalformedFileIsA400NamingTheLineAndStoresNothing() {
    Tenant tenant = newTenant();
    String a = connect(tenant, "mastodon");

    expectMalformed(tenant, "text,account_ids,colour\nHi," + a + ",red\n", 1);
    expectMalformed(tenant, "text,account_ids,platforms\nHi," + a + ",mastodon\n", 1);
    expectMalformed(tenant, "account_ids\n" + a + "\n", 1);
    expectMalformed(tenant, "text,text,account_ids\nHi,Hi," + a + "\n", 1);
    expectMalformed(tenant, "text,account_ids\nHi," + a + "\n\"Open,\nstill open," + a + "\n", 3);
    expectMalformed(tenant, "text,account_ids\nHi," + a + "\nHi,\"" + a + "\"x\n", 3);
    expectMalformed(tenant, "text,account_ids\nHi," + a + "\nHi," + a + ",extra\n", 3);
    expectMalformed(tenant, "text,account_ids\n", 2);
    expectMalformed(tenant, "", 1);
    byte[] notUtf8 =
        ("text,account_ids\nHi," + a + "\nCaf\u00e9," + a + "\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    expectMalformed(tenant, notUtf8, "import.malformed_file", 3);
    StringBuilder tooMany = new StringBuilder("text,account_ids\n");
    for (int i = 0; i < 1001; i++) {
      tooMany.append("Row ").append(i).append(',').append(a).append('\n');
    }
    expectMalformed(
        tenant, tooMany.toString().getBytes(StandardCharsets.UTF_8), "import.too_many_rows", 1002);
    assertThat(posts(tenant)).isZero();
  }

  @Test
  void aThousandRowsAndAByteOrderMarkAreFine() {
    Tenant tenant = newTenant();
    String a = connect(tenant, "mastodon");
    StringBuilder file = new StringBuilder("\uFEFFtext,account_ids\n");
    for (int i = 0; i < 1000; i++) {
      file.append("Row ").append(i).append(',').append(a).append('\n');
    }

    Map<String, Object> data =
        (Map<String, Object>)
            body(importCsv(tenant, "?dry_run=true", file.toString()).expectStatus().isOk())
                .get("data");

    assertThat(data).containsEntry("rows", 1000);
    assertThat(rows(data, "results").get(999)).containsEntry("line", 1001);
  }

  @Test
  void aRowPastThePostsQuotaRollsBackTheWholeImport() {
    Tenant tenant = newTenant();
    String a = connect(tenant, "mastodon");
    setPostsPerMonth(tenant, 2);

    importCsv(tenant, "", "text,account_ids\nOne," + a + "\nTwo," + a + "\nThree," + a + "\n")
        .expectStatus()
        .isEqualTo(402)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("quota.exceeded")
        .jsonPath("$.error.meta.line")
        .isEqualTo(4);

    assertThat(posts(tenant)).isZero();
  }

  @Test
  void needsThePublishScopeAndACsvBody() {
    Tenant tenant = newTenant();
    String a = connect(tenant, "mastodon");
    Tenant writer = keyWithScopes(tenant, "posts:write");

    importCsv(writer, "", "text,account_ids\nHi," + a + "\n")
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
    post(tenant, "/v1/posts/import")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "Hi"))
        .exchange()
        .expectStatus()
        .isEqualTo(415);
    importCsv(tenant, "?dry_run=maybe", "text,account_ids\nHi," + a + "\n")
        .expectStatus()
        .isBadRequest();
    assertThat(posts(tenant)).isZero();
  }
}
