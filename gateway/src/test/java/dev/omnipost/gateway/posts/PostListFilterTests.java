package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/posts}: filters, both sorts, and paging under each. */
@SuppressWarnings("unchecked")
class PostListFilterTests extends PostLifecycleTestSupport {

  @Test
  void postedIsAnAliasOfPublishedAndAnUnknownStatusListsTheValidOnes() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String published = draft(tenant, "Out", account);
    draft(tenant, "Still a draft", account);
    setPostStatus(published, "published");

    assertThat(ids(tenant, "/v1/posts?status=posted")).containsExactly(published);
    assertThat(ids(tenant, "/v1/posts?status=published")).containsExactly(published);
    get(tenant, "/v1/posts?status=live")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("status")
        .jsonPath("$.error.meta.valid_values")
        .value(v -> assertThat((List<String>) v).contains("posted", "published", "canceled"));
  }

  @Test
  void filtersByPlatformAccountAndBrand() {
    Tenant tenant = newTenant();
    String brand = newBrand(tenant, "Acme");
    String mastodon = connect(tenant, "mastodon");
    String bluesky = connect(tenant, "bluesky");
    moveToBrand(tenant, bluesky, brand);
    String toMastodon = draft(tenant, "M", mastodon);
    String toBluesky = draft(tenant, "B", bluesky);
    String toBoth = draft(tenant, "MB", mastodon, bluesky);

    assertThat(ids(tenant, "/v1/posts?platform=bluesky")).containsExactly(toBoth, toBluesky);
    assertThat(ids(tenant, "/v1/posts?account_id=" + mastodon)).containsExactly(toBoth, toMastodon);
    assertThat(ids(tenant, "/v1/posts?brand_id=" + brand)).containsExactly(toBoth, toBluesky);
    assertThat(ids(tenant, "/v1/posts?brand_id=brand_other")).isEmpty();
    assertThat(ids(keyRestrictedToBrands(tenant, brand), "/v1/posts")).containsExactly(toBluesky);
    assertThat(ids(newTenant(), "/v1/posts?account_id=" + mastodon)).isEmpty();
  }

  @Test
  void sortingByScheduledAtPagesInThatOrderWithNowPostsAtTheirCreation() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    Instant base = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    // created in an order unlike the schedule's
    String inThreeHours = scheduledAt(tenant, account, base.plus(3, ChronoUnit.HOURS));
    String inOneHour = scheduledAt(tenant, account, base.plus(1, ChronoUnit.HOURS));
    String now = draft(tenant, "no time", account);
    String inFiveHours = scheduledAt(tenant, account, base.plus(5, ChronoUnit.HOURS));
    String inTwoHours = scheduledAt(tenant, account, base.plus(2, ChronoUnit.HOURS));

    List<String> seen = walk(tenant, "/v1/posts?sort=scheduled_at&limit=2");

    assertThat(seen).containsExactly(inFiveHours, inThreeHours, inTwoHours, inOneHour, now);
    assertThat(walk(tenant, "/v1/posts?sort=created_at&limit=2"))
        .containsExactly(inTwoHours, inFiveHours, now, inOneHour, inThreeHours);
    assertThat(
            ids(
                tenant,
                "/v1/posts?sort=scheduled_at&from="
                    + base.plus(2, ChronoUnit.HOURS)
                    + "&to="
                    + base.plus(5, ChronoUnit.HOURS)))
        .containsExactly(inThreeHours, inTwoHours);
  }

  @Test
  void anUnknownSortListsTheValidValues() {
    Tenant tenant = newTenant();

    get(tenant, "/v1/posts?sort=popularity")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("sort")
        .jsonPath("$.error.meta.valid_values")
        .value(v -> assertThat((List<String>) v).containsExactly("created_at", "scheduled_at"));
  }

  @Test
  void fromAndToMustBeRfc3339AndInOrder() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = draft(tenant, "Today", account);

    for (String query :
        List.of("from=yesterday", "to=2030-01-01", "from=2030-01-01T10:00:00", "to=1e9")) {
      String field = query.substring(0, query.indexOf('='));
      get(tenant, "/v1/posts?" + query)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.invalid_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo(field);
    }
    get(tenant, "/v1/posts?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("to");
    Instant hourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
    assertThat(ids(tenant, "/v1/posts?from=" + hourAgo.atOffset(java.time.ZoneOffset.ofHours(-5))))
        .containsExactly(postId);
    assertThat(ids(tenant, "/v1/posts?to=" + hourAgo)).isEmpty();
  }

  @Test
  void theEventsLogAcceptsAnyOffsetInSinceAndRefusesOtherText() {
    Tenant tenant = newTenant();
    String postId = draft(tenant, "Logged", connect(tenant, "mastodon"));
    String hourAgoInBrasilia =
        Instant.now()
            .minus(1, ChronoUnit.HOURS)
            .atOffset(java.time.ZoneOffset.ofHours(-3))
            .toString();

    get(tenant, "/v1/events?type=post.created&since=" + hourAgoInBrasilia)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[0].subject")
        .isEqualTo(postId);
    get(tenant, "/v1/events?since=2030-01-01T09:00")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("since");
  }

  private String scheduledAt(Tenant tenant, String account, Instant at) {
    return (String)
        createPost(
                tenant,
                Map.of(
                    "text",
                    "at " + at,
                    "account_ids",
                    List.of(account),
                    "scheduled_at",
                    at.toString()))
            .get("id");
  }

  private List<String> ids(Tenant tenant, String uri) {
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

  private List<String> walk(Tenant tenant, String uri) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, Object> page =
          get(tenant, uri + (cursor == null ? "" : "&cursor=" + cursor))
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(JSON)
              .returnResult()
              .getResponseBody();
      ((List<Map<String, Object>>) page.get("data")).forEach(p -> seen.add((String) p.get("id")));
      cursor = (String) page.get("next_cursor");
    } while (cursor != null);
    return seen;
  }
}
