package dev.omnipost.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.gateway.RunningPublisherWorker;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.sandbox.PlatformSandbox;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.MediaType;

/**
 * {@code GET /v1/analytics} with the real publisher-worker beside the gateway: posts published on
 * the platform sandbox, whose Mastodon counters grow with a status's age, are counted from the
 * counters the worker's refresher caches (first read a second after publishing here, then every
 * second); filters narrow the same numbers; other workspaces' ids answer 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class AnalyticsTests extends AnalyticsTestSupport {

  private static final PlatformSandbox SANDBOX = PlatformSandbox.start(0);
  private RunningPublisherWorker worker;

  @BeforeAll
  void worker() {
    worker =
        RunningPublisherWorker.start(
            Map.of(
                "omnipost.metrics-refresh.interval", "200ms",
                "omnipost.metrics-refresh.recent-every", "1s",
                "omnipost.metrics-refresh.account-every", "1s",
                "omnipost.platforms.base-urls.instagram", SANDBOX.instagramGraphUrl()));
  }

  @AfterAll
  void stop() {
    worker.close();
  }

  @Test
  void countsPublishedPostsAndTheEngagementTheRefresherKeepsFresh() {
    Tenant tenant = newTenant();
    String first = sandboxAccount(SANDBOX, tenant, "mastodon");
    String second = sandboxAccount(SANDBOX, tenant, "mastodon");

    String postId = publish(tenant, "Counted everywhere", first, second);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> totals = totals(report(tenant, "?period=7d"));
              assertThat(number(totals, "copies_with_metrics")).isEqualTo(2);
              assertThat(number(totals, "likes")).isPositive();
            });
    Map<String, Object> report = report(tenant, "?period=7d");
    Map<String, Object> totals = totals(report);
    assertThat(number(totals, "posts_published")).isEqualTo(1);
    assertThat(number(totals, "copies_published")).isEqualTo(2);
    assertThat(number(totals, "engagements"))
        .isEqualTo(number(totals, "likes") + number(totals, "comments") + number(totals, "shares"));
    assertThat(list(report, "by_platform")).hasSize(1);
    assertThat(list(report, "by_platform").get(0))
        .containsEntry("platform", "mastodon")
        .containsEntry("totals", totals);
    List<Map<String, Object>> days = list(report, "by_day");
    assertThat(days).hasSize(7);
    assertThat(days.get(6))
        .containsEntry("date", LocalDate.now(ZoneOffset.UTC).toString())
        .containsEntry("totals", totals);
    assertThat(number((Map<String, Object>) days.get(0).get("totals"), "copies_published"))
        .isZero();
    long cachedLikes =
        jdbc.sql(
                "SELECT sum((m.counters->>'likes')::bigint) FROM post_target_metrics m"
                    + " JOIN post_targets t ON t.id = m.target_id WHERE t.post_id = :post")
            .param("post", postId)
            .query(Long.class)
            .single();
    assertThat(number(totals, "likes")).isLessThanOrEqualTo(cachedLikes);
    long likes = number(totals, "likes");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(number(totals(report(tenant, "?period=7d")), "likes"))
                    .isGreaterThan(likes));
  }

  @Test
  void filtersByPlatformAccountAndBrand() {
    Tenant tenant = newTenant();
    String brand = newBrand(tenant, "Client A");
    String mastodon = connect(tenant, "mastodon");
    String x = connect(tenant, "twitter");
    moveToBrand(tenant, mastodon, brand);
    String one = draft(tenant, "One", mastodon);
    String two = draft(tenant, "Two", mastodon, x);
    // 100 days ago: past the refresher's max-age, so these counters stay as seeded
    publishedWithCounters(one, mastodon, 100, Map.of("likes", 5L, "comments", 2L, "shares", 1L));
    publishedWithCounters(two, mastodon, 100, Map.of("likes", 10L));
    publishedWithCounters(two, x, 100, Map.of("likes", 7L, "impressions", 100L));

    Map<String, Object> all = totals(report(tenant, "?period=365d"));
    Map<String, Object> onX = totals(report(tenant, "?period=365d&platform=x"));
    Map<String, Object> ofAccount = totals(report(tenant, "?period=365d&account_id=" + mastodon));
    Map<String, Object> ofBrand = totals(report(tenant, "?period=365d&brand_id=" + brand));
    Map<String, Object> brandKey =
        totals(report(keyRestrictedToBrands(tenant, brand), "?period=365d"));
    Map<String, Object> lastWeek = totals(report(tenant, "?period=7d"));

    assertThat(all)
        .containsEntry("posts_published", 2)
        .containsEntry("copies_published", 3)
        .containsEntry("likes", 22)
        .containsEntry("comments", 2)
        .containsEntry("shares", 1)
        .containsEntry("impressions", 100)
        .containsEntry("engagements", 25);
    assertThat(onX).containsEntry("copies_published", 1).containsEntry("likes", 7);
    assertThat(ofAccount).containsEntry("posts_published", 2).containsEntry("likes", 15);
    assertThat(ofBrand).isEqualTo(ofAccount);
    assertThat(brandKey).isEqualTo(ofAccount);
    assertThat(lastWeek).containsEntry("copies_published", 0).containsEntry("likes", 0);
  }

  @Test
  void answersNotFoundForAnotherWorkspacesOrBrandsIds() {
    Tenant tenant = newTenant();
    Tenant other = newTenant();
    String othersAccount = connect(other, "mastodon");
    String othersBrand = newBrand(other, "Theirs");
    String brandA = newBrand(tenant, "A");
    String brandB = newBrand(tenant, "B");
    String accountB = connect(tenant, "mastodon");
    moveToBrand(tenant, accountB, brandB);
    Tenant brandAKey = keyRestrictedToBrands(tenant, brandA);

    for (String query :
        List.of("?account_id=" + othersAccount, "?brand_id=" + othersBrand, "?account_id=nope")) {
      get(tenant, "/v1/analytics" + query)
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("resource.not_found");
    }
    get(brandAKey, "/v1/analytics?account_id=" + accountB).exchange().expectStatus().isNotFound();
    get(brandAKey, "/v1/analytics?brand_id=" + brandB).exchange().expectStatus().isNotFound();
    get(tenant, "/v1/accounts/" + othersAccount + "/analytics")
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void refusesABadPeriodAnUnknownPlatformAndAKeyWithoutTheScope() {
    Tenant tenant = newTenant();

    get(tenant, "/v1/analytics?period=2d")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_period")
        .jsonPath("$.error.meta.valid_values[0]")
        .isEqualTo("7d");
    get(tenant, "/v1/analytics?platform=myspace")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_platform");
    get(keyWithScopes(tenant, Scopes.POSTS_READ), "/v1/analytics")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.forbidden_scope");
  }

  @Test
  void recordsFollowersAndReachOverTimeWherePlatformsReportThem() {
    Tenant tenant = newTenant();
    String mastodon = sandboxAccount(SANDBOX, tenant, "mastodon");
    String instagram = sandboxAccount(SANDBOX, tenant, "instagram");
    String linkedin = connect(tenant, "linkedin");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> report = accountReport(tenant, mastodon);
              assertThat((List<?>) report.get("snapshots")).hasSizeGreaterThanOrEqualTo(2);
              assertThat(((Number) report.get("followers_change")).longValue()).isPositive();
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> latest =
                  (Map<String, Object>) accountReport(tenant, instagram).get("latest");
              assertThat(latest).isNotNull();
              long followers = ((Number) latest.get("followers")).longValue();
              assertThat(followers).isGreaterThanOrEqualTo(100);
              assertThat(((Number) latest.get("reach")).longValue()).isEqualTo(followers * 3);
            });
    get(tenant, "/v1/accounts/" + linkedin + "/analytics")
        .exchange()
        .expectStatus()
        .isEqualTo(501)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("platform.unsupported_operation");
  }

  private Map<String, Object> accountReport(Tenant tenant, String accountId) {
    return (Map<String, Object>)
        get(tenant, "/v1/accounts/" + accountId + "/analytics?period=7d")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  /** A post published now through the API and the worker; answers once every copy is live. */
  private String publish(Tenant tenant, String text, String... accountIds) {
    Map<String, Object> created =
        (Map<String, Object>)
            post(tenant, "/v1/posts")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", text, "account_ids", List.of(accountIds)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data");
    String id = (String) created.get("id");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "published"
                    .equals(
                        ((Map<String, Object>)
                                get(tenant, "/v1/posts/" + id)
                                    .exchange()
                                    .expectBody(JSON)
                                    .returnResult()
                                    .getResponseBody()
                                    .get("data"))
                            .get("status")));
    return id;
  }
}
