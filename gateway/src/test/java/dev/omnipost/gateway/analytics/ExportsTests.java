package dev.omnipost.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.gateway.RunningPublisherWorker;
import dev.omnipost.gateway.web.Scopes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/exports} with the real publisher-worker running the exports: requested, completed,
 * announced and downloaded through the gateway, contents checked (CSV escaping and formula
 * injection, JSON); 20,000 rows streamed from a cursor into the file and back out line by line; the
 * per-workspace cap; bad input and other workspaces' ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class ExportsTests extends AnalyticsTestSupport {

  private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();
  private RunningPublisherWorker worker;

  @BeforeAll
  void worker() {
    worker =
        RunningPublisherWorker.start(
            Map.of(
                "omnipost.metrics-refresh.enabled", "false",
                "omnipost.exports.dir", Path.of(EXPORTS_DIR).toAbsolutePath().toString(),
                "omnipost.exports.poll-interval", "200ms",
                "omnipost.exports.fetch-size", "200"));
  }

  @AfterAll
  void stop() {
    worker.close();
  }

  @Test
  void exportsPostsAsEscapedCsvAndAnnouncesIt() throws Exception {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String formula = draft(tenant, "=HYPERLINK(\"http://evil.example\",\"click\")", account);
    draft(tenant, "Commas, \"quotes\" and\na line break", account);
    String live = draft(tenant, "@everyone -1 +1", account);
    publishedWithCounters(live, account, 0, Map.of("likes", 4L, "shares", 2L));

    Map<String, Object> accepted = request(tenant, Map.of("type", "posts", "period", "7d"));
    Map<String, Object> done = completed(tenant, (String) accepted.get("id"));
    HttpResponse<String> file = download(tenant, (String) done.get("download_url"));

    assertThat(accepted).containsEntry("status", "pending").containsEntry("format", "csv");
    assertThat((String) accepted.get("id")).startsWith("exp_");
    assertThat(done).containsEntry("row_count", 3);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("attachment");
    String csv = file.body();
    assertThat(csv).startsWith("post_id,target_id,account_id,handle,platform,status,text,");
    assertThat(csv)
        .contains(formula + ",", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"")
        .contains("\"Commas, \"\"quotes\"\" and\na line break\"")
        .contains("'@everyone -1 +1")
        .doesNotContain(",=HYPERLINK");
    assertThat(csv.split("\r\n")[0].split(",")).contains("likes", "shares", "impressions");
    assertThat(csv).containsPattern(",4,,2,,,");
    assertThat(((Number) done.get("size_bytes")).longValue()).isEqualTo(csv.getBytes().length);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                get(tenant, "/v1/events?type=export.completed")
                    .exchange()
                    .expectBody()
                    .jsonPath("$.data[0].data.export_id")
                    .isEqualTo(accepted.get("id"))
                    .jsonPath("$.data[0].data.row_count")
                    .isEqualTo(3));
  }

  @Test
  void exportsAnalyticsAsJsonPerDayAndPlatform() throws Exception {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String x = connect(tenant, "twitter");
    String post = draft(tenant, "Both", mastodon, x);
    publishedWithCounters(post, mastodon, 3, Map.of("likes", 5L));
    publishedWithCounters(post, x, 3, Map.of("likes", 6L, "impressions", 70L));

    Map<String, Object> done =
        completed(
            tenant,
            (String) request(tenant, Map.of("type", "analytics", "format", "json")).get("id"));
    HttpResponse<String> file = download(tenant, (String) done.get("download_url"));
    JsonNode rows = JSON_MAPPER.readTree(file.body());

    assertThat(file.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.get(0).path("platform").asString()).isEqualTo("mastodon");
    assertThat(rows.get(0).path("likes").asLong()).isEqualTo(5);
    assertThat(rows.get(1).path("platform").asString()).isEqualTo("twitter");
    assertThat(rows.get(1).path("impressions").asLong()).isEqualTo(70);
    assertThat(rows.get(1).path("posts_published").asLong()).isEqualTo(1);
  }

  @Test
  void exportsTheInboxOfOneAccountOnly() throws Exception {
    Tenant tenant = newTenant();
    String mine = connect(tenant, "mastodon");
    String theirs = connect(tenant, "mastodon");
    for (String account : List.of(mine, theirs)) {
      jdbc.sql(
              "INSERT INTO inbox_comments (id, workspace_id, account_id, platform,"
                  + " platform_item_id, author_name, text, created_at)"
                  + " VALUES (:id, :ws, :account, 'mastodon', :item, 'Ada', :text, now())")
          .param("id", "cmt_" + account)
          .param("ws", tenant.workspaceId())
          .param("account", account)
          .param("item", "item-" + account)
          .param("text", "-2 stars from " + account)
          .update();
    }

    Map<String, Object> done =
        completed(
            tenant,
            (String)
                request(tenant, Map.of("type", "inbox", "format", "json", "account_id", mine))
                    .get("id"));
    JsonNode rows =
        JSON_MAPPER.readTree(download(tenant, (String) done.get("download_url")).body());

    assertThat(rows.size()).isEqualTo(1);
    assertThat(rows.get(0).path("comment_id").asString()).isEqualTo("cmt_" + mine);
    assertThat(rows.get(0).path("text").asString()).isEqualTo("-2 stars from " + mine);
    assertThat(rows.get(0).path("hidden").asBoolean(true)).isFalse();
  }

  @Test
  void streamsALargeExportFromACursorToTheDownload() throws Exception {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    jdbc.sql(
            "INSERT INTO posts (id, workspace_id, status, text)"
                + " SELECT 'post_big' || n || :ws, :ws, 'draft', 'Post number ' || n"
                + " FROM generate_series(1, 20000) AS n")
        .param("ws", tenant.workspaceId())
        .update();
    jdbc.sql(
            "INSERT INTO post_targets (id, workspace_id, post_id, account_id, platform, status,"
                + " text) SELECT 'tgt_big' || n || :ws, :ws, 'post_big' || n || :ws, :account,"
                + " 'mastodon', 'draft', 'Post number ' || n FROM generate_series(1, 20000) AS n")
        .param("ws", tenant.workspaceId())
        .param("account", account)
        .update();

    Map<String, Object> done =
        completed(tenant, (String) request(tenant, Map.of("type", "posts")).get("id"));
    AtomicLong lines = new AtomicLong();
    String last;
    HttpResponse<Stream<String>> file =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + done.get("download_url")))
                    .header("Authorization", "Bearer " + tenant.apiKey())
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> body = file.body()) {
      Iterator<String> it = body.iterator();
      String line = null;
      while (it.hasNext()) {
        line = it.next();
        lines.incrementAndGet();
      }
      last = line;
    }

    assertThat(done).containsEntry("row_count", 20000);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(lines.get()).isEqualTo(20001);
    assertThat(last).contains("Post number");
  }

  @Test
  void capsTheExportsInProgressPerWorkspace() {
    Tenant tenant = newTenant();
    for (int i = 0; i < 3; i++) {
      jdbc.sql(
              "INSERT INTO exports (id, workspace_id, type, format, period, period_from,"
                  + " period_to, status, lease_until) VALUES (:id, :ws, 'posts', 'csv', '7d',"
                  + " now(), now(), 'running', now() + interval '1 hour')")
          .param("id", "exp_held" + i + tenant.workspaceId())
          .param("ws", tenant.workspaceId())
          .update();
    }

    post(tenant, "/v1/exports")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("type", "posts"))
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("exports.too_many_in_progress")
        .jsonPath("$.error.meta.limit")
        .isEqualTo(3);
    get(tenant, "/v1/exports?limit=2")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(2)
        .jsonPath("$.next_cursor")
        .isNotEmpty();
    get(tenant, "/v1/exports/exp_held0" + tenant.workspaceId() + "/download")
        .exchange()
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("export.not_ready");
  }

  @Test
  void refusesBadRequestsAndAnotherWorkspacesIds() {
    Tenant tenant = newTenant();
    Tenant other = newTenant();
    String othersAccount = connect(other, "mastodon");
    String othersExport =
        (String) request(other, Map.of("type", "analytics", "period", "90d")).get("id");

    expectError(Map.of("type", "tweets"), tenant, 400, "request.invalid_field");
    expectError(Map.of("type", "posts", "format", "xml"), tenant, 400, "request.invalid_field");
    expectError(Map.of("type", "posts", "period", "2d"), tenant, 400, "request.invalid_period");
    expectError(
        Map.of("type", "posts", "account_id", othersAccount), tenant, 404, "resource.not_found");
    expectError(
        Map.of("type", "inbox"),
        keyWithScopes(tenant, Scopes.ANALYTICS_READ),
        403,
        "auth.forbidden_scope");
    for (String path :
        List.of("/v1/exports/" + othersExport, "/v1/exports/" + othersExport + "/download")) {
      get(tenant, path).exchange().expectStatus().isNotFound();
    }
    get(tenant, "/v1/exports")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(0);
  }

  // --- fixtures

  private void expectError(Map<String, Object> body, Tenant tenant, int status, String code) {
    post(tenant, "/v1/exports")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo(code);
  }

  private Map<String, Object> request(Tenant tenant, Map<String, Object> body) {
    return (Map<String, Object>)
        post(tenant, "/v1/exports")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private Map<String, Object> completed(Tenant tenant, String id) {
    Map<String, Object>[] seen = new Map[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              seen[0] =
                  (Map<String, Object>)
                      get(tenant, "/v1/exports/" + id)
                          .exchange()
                          .expectBody(JSON)
                          .returnResult()
                          .getResponseBody()
                          .get("data");
              assertThat(seen[0].get("status")).isNotEqualTo("failed");
              return "completed".equals(seen[0].get("status"));
            });
    return seen[0];
  }

  private HttpResponse<String> download(Tenant tenant, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + tenant.apiKey())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
