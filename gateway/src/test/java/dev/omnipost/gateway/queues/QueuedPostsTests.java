package dev.omnipost.gateway.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/posts {"queue": true}}: each target takes its account's next free slot, slots
 * taken by live targets are skipped, concurrent posts never share one, and slots follow the queue's
 * daylight-saving rules (the clock fixed before New York's and Berlin's changes).
 */
@SuppressWarnings("unchecked")
class QueuedPostsTests extends QueueTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void aQueuedPostGetsTheNextFreeSlotAndIsAnnouncedAsScheduled() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    // Wednesday 6 January 2027, 12:00 in New York
    fixClock("2027-01-06T17:00:00Z");
    setQueue(tenant, account, "America/New_York", slot("monday", "09:00"), slot("friday", "17:00"));

    Map<String, Object> post = queuePost(tenant, account);

    assertThat(post.get("status")).isEqualTo("scheduled");
    assertThat(scheduledAt(post)).isEqualTo(Instant.parse("2027-01-08T22:00:00Z"));
    Map<String, Object> target = ((List<Map<String, Object>>) post.get("targets")).get(0);
    assertThat(target.get("status")).isEqualTo("scheduled");
    assertThat(target.get("scheduled_at")).isEqualTo("2027-01-08T22:00:00Z");
    assertThat(dueAt((String) post.get("id"), account))
        .isEqualTo(Instant.parse("2027-01-08T22:00:00Z"));
    get(tenant, "/v1/posts/" + post.get("id"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.scheduled_at")
        .isEqualTo("2027-01-08T22:00:00Z")
        .jsonPath("$.data.targets[0].scheduled_at")
        .isEqualTo("2027-01-08T22:00:00Z");
    get(tenant, "/v1/events?type=post.scheduled")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[0].subject")
        .isEqualTo(post.get("id"))
        .jsonPath("$.data[0].data.scheduled_at")
        .isEqualTo("2027-01-08T22:00:00Z");
  }

  @Test
  void aSecondQueuedPostGetsTheSlotAfterAndSoOn() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    fixClock("2027-01-06T17:00:00Z");
    setQueue(tenant, account, "America/New_York", slot("monday", "09:00"), slot("friday", "17:00"));

    List<Instant> slots = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      slots.add(scheduledAt(queuePost(tenant, account)));
    }

    assertThat(slots)
        .containsExactly(
            Instant.parse("2027-01-08T22:00:00Z"),
            Instant.parse("2027-01-11T14:00:00Z"),
            Instant.parse("2027-01-15T22:00:00Z"));
    get(tenant, "/v1/accounts/" + account + "/queue")
        .exchange()
        .expectBody()
        .jsonPath("$.data.next_free_slot_at")
        .isEqualTo("2027-01-18T14:00:00Z");
  }

  @Test
  void aSlotHeldByAScheduledPostIsSkippedAndOneFreedByAFailedTargetIsReused() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    // Wednesday 29 December 2027 (a real scheduled_at must be in the real future)
    fixClock("2027-12-29T12:00:00Z");
    setQueue(tenant, account, "UTC", slot("thursday", "09:00"), slot("friday", "09:00"));
    createPost(
            tenant,
            Map.of(
                "text",
                "Booked by hand",
                "account_ids",
                List.of(account),
                "scheduled_at",
                "2027-12-30T09:00:00Z"))
        .expectStatus()
        .isCreated();

    Map<String, Object> queued = queuePost(tenant, account);
    assertThat(scheduledAt(queued)).isEqualTo(Instant.parse("2027-12-31T09:00:00Z"));
    // the worker gave up on it: a failed target no longer holds its slot
    jdbc.sql("UPDATE post_targets SET status = 'failed' WHERE post_id = :post")
        .param("post", queued.get("id"))
        .update();

    assertThat(scheduledAt(queuePost(tenant, account)))
        .isEqualTo(Instant.parse("2027-12-31T09:00:00Z"));
  }

  @Test
  void eachTargetTakesItsOwnAccountsSlotAndThePostTheEarliest() {
    Tenant tenant = newTenant();
    String morning = connect(tenant, "mastodon");
    String evening = connect(tenant, "bluesky");
    fixClock("2027-01-06T17:00:00Z");
    setQueue(tenant, morning, "Europe/Berlin", slot("thursday", "08:00"));
    setQueue(tenant, evening, "America/New_York", slot("wednesday", "20:00"));

    Map<String, Object> post = queuePost(tenant, morning, evening);

    List<Map<String, Object>> targets = (List<Map<String, Object>>) post.get("targets");
    assertThat(targets).extracting(t -> t.get("account_id")).containsExactly(morning, evening);
    assertThat(targets)
        .extracting(t -> t.get("scheduled_at"))
        .containsExactly("2027-01-07T07:00:00Z", "2027-01-07T01:00:00Z");
    assertThat(scheduledAt(post)).isEqualTo(Instant.parse("2027-01-07T01:00:00Z"));
    String postId = (String) post.get("id");
    assertThat(dueAt(postId, morning)).isEqualTo(Instant.parse("2027-01-07T07:00:00Z"));
    assertThat(dueAt(postId, evening)).isEqualTo(Instant.parse("2027-01-07T01:00:00Z"));
    get(tenant, "/v1/posts/" + postId)
        .exchange()
        .expectBody()
        .jsonPath("$.data.scheduled_at")
        .isEqualTo("2027-01-07T01:00:00Z")
        .jsonPath("$.data.targets[0].scheduled_at")
        .isEqualTo("2027-01-07T07:00:00Z")
        .jsonPath("$.data.targets[1].scheduled_at")
        .isEqualTo("2027-01-07T01:00:00Z");
  }

  @Test
  void editingAQueuedPostKeepsEachTargetsSlotUntilItIsRescheduled() {
    Tenant tenant = newTenant();
    String thursday = connect(tenant, "mastodon");
    String friday = connect(tenant, "bluesky");
    // Wednesday 29 December 2027: an edit re-checks scheduled_at against the real clock
    fixClock("2027-12-29T12:00:00Z");
    setQueue(tenant, thursday, "UTC", slot("thursday", "09:00"));
    setQueue(tenant, friday, "UTC", slot("friday", "10:00"));
    String postId = (String) queuePost(tenant, thursday, friday).get("id");

    patchPost(tenant, postId, Map.of("text", "Edited"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.text")
        .isEqualTo("Edited")
        .jsonPath("$.data.scheduled_at")
        .isEqualTo("2027-12-30T09:00:00Z")
        .jsonPath("$.data.targets[0].scheduled_at")
        .isEqualTo("2027-12-30T09:00:00Z")
        .jsonPath("$.data.targets[1].scheduled_at")
        .isEqualTo("2027-12-31T10:00:00Z");
    patchPost(tenant, postId, Map.of("account_ids", List.of(friday)))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.scheduled_at")
        .isEqualTo("2027-12-31T10:00:00Z")
        .jsonPath("$.data.targets[0].scheduled_at")
        .isEqualTo("2027-12-31T10:00:00Z");
    assertThat(dueAt(postId, friday)).isEqualTo(Instant.parse("2027-12-31T10:00:00Z"));
    patchPost(tenant, postId, Map.of("scheduled_at", "2028-01-30T00:00:00Z"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.targets[0].scheduled_at")
        .isEqualTo("2028-01-30T00:00:00Z");
    assertThat(dueAt(postId, friday)).isEqualTo(Instant.parse("2028-01-30T00:00:00Z"));
    assertThat(scheduledAt(queuePost(tenant, friday)))
        .as("the slot it left is free again")
        .isEqualTo(Instant.parse("2027-12-31T10:00:00Z"));
  }

  @Test
  void aCanceledQueuedPostGivesItsSlotBack() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    fixClock("2027-01-06T17:00:00Z");
    setQueue(tenant, account, "UTC", slot("thursday", "09:00"));
    Map<String, Object> first = queuePost(tenant, account);

    http.delete()
        .uri("/v1/posts/" + first.get("id"))
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("canceled");

    assertThat(scheduledAt(queuePost(tenant, account)))
        .isEqualTo(Instant.parse("2027-01-07T09:00:00Z"));
  }

  @Test
  void concurrentQueuedPostsToOneAccountGetDistinctConsecutiveSlots() throws Exception {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String other = connect(tenant, "mastodon");
    fixClock("2027-01-04T00:00:00Z");
    List<Map<String, String>> hourly = new ArrayList<>();
    for (int hour = 8; hour < 20; hour++) {
      hourly.add(slot("monday", String.format("%02d:00", hour)));
    }
    putQueue(tenant, account, Map.of("timezone", "UTC", "slots", hourly)).expectStatus().isOk();
    putQueue(tenant, other, Map.of("timezone", "UTC", "slots", hourly)).expectStatus().isOk();
    int posts = 10;

    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < posts; i++) {
      // half of them also go to a second account, so they lock two queues at once
      List<String> accounts = i % 2 == 0 ? List.of(account) : List.of(other, account);
      sent.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/posts"))
                  .timeout(Duration.ofSeconds(20))
                  .header("Authorization", "Bearer " + tenant.apiKey())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JsonMapper.builder()
                              .build()
                              .writeValueAsString(
                                  Map.of(
                                      "text",
                                      "Rush " + i,
                                      "account_ids",
                                      accounts,
                                      "queue",
                                      true))))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();

    List<String> slots = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> response : sent) {
      assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(201);
      for (JsonNode target :
          JsonMapper.builder().build().readTree(response.get().body()).at("/data/targets")) {
        if (target.get("account_id").asString().equals(account)) {
          slots.add(target.get("scheduled_at").asString());
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (int hour = 8; hour < 8 + posts; hour++) {
      expected.add(String.format("2027-01-04T%02d:00:00Z", hour));
    }
    assertThat(slots).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    Long sharedDueTimes =
        jdbc.sql(
                "SELECT count(*) FROM (SELECT account_id, due_at FROM post_targets"
                    + " WHERE workspace_id = :ws GROUP BY account_id, due_at HAVING count(*) > 1) d")
            .param("ws", tenant.workspaceId())
            .query(Long.class)
            .single();
    assertThat(sharedDueTimes).isZero();
  }

  @Test
  void queuedPostsFollowNewYorksSpringForwardAndFallBack() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    setQueue(tenant, account, "America/New_York", slot("sunday", "02:30"), slot("sunday", "01:30"));

    // Saturday 13 March 2027, noon EST: Sunday's 01:30 is EST, 02:30 does not exist (03:00 EDT)
    fixClock("2027-03-13T17:00:00Z");
    List<Instant> spring =
        List.of(
            scheduledAt(queuePost(tenant, account)),
            scheduledAt(queuePost(tenant, account)),
            scheduledAt(queuePost(tenant, account)));
    // Saturday 6 November 2027, noon EDT: Sunday's 01:30 happens twice; 02:30 is EST
    fixClock("2027-11-06T16:00:00Z");
    List<Instant> autumn =
        List.of(
            scheduledAt(queuePost(tenant, account)),
            scheduledAt(queuePost(tenant, account)),
            scheduledAt(queuePost(tenant, account)));

    assertThat(spring)
        .containsExactly(
            Instant.parse("2027-03-14T06:30:00Z"),
            Instant.parse("2027-03-14T07:00:00Z"),
            Instant.parse("2027-03-21T05:30:00Z"));
    assertThat(autumn)
        .containsExactly(
            Instant.parse("2027-11-07T05:30:00Z"),
            Instant.parse("2027-11-07T07:30:00Z"),
            Instant.parse("2027-11-14T06:30:00Z"));
  }

  @Test
  void queuedPostsFollowBerlinsSpringForwardAndFallBack() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    setQueue(tenant, account, "Europe/Berlin", slot("sunday", "02:30"));

    fixClock("2027-03-27T11:00:00Z");
    Instant spring = scheduledAt(queuePost(tenant, account));
    Instant springWeekAfter = scheduledAt(queuePost(tenant, account));
    fixClock("2027-10-30T10:00:00Z");
    Instant autumn = scheduledAt(queuePost(tenant, account));
    Instant autumnWeekAfter = scheduledAt(queuePost(tenant, account));

    assertThat(spring).as("03:00 CEST").isEqualTo(Instant.parse("2027-03-28T01:00:00Z"));
    assertThat(springWeekAfter).isEqualTo(Instant.parse("2027-04-04T00:30:00Z"));
    assertThat(autumn).as("the first 02:30, CEST").isEqualTo(Instant.parse("2027-10-31T00:30:00Z"));
    assertThat(autumnWeekAfter).isEqualTo(Instant.parse("2027-11-07T01:30:00Z"));
  }

  @Test
  void anAccountWithoutAQueueIsNamedAndNothingIsStored() {
    Tenant tenant = newTenant();
    String queued = connect(tenant, "mastodon");
    String unqueued = connect(tenant, "bluesky");
    setQueue(tenant, queued, "UTC", slot("monday", "09:00"));

    createPost(
            tenant, Map.of("text", "Both", "account_ids", List.of(queued, unqueued), "queue", true))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("queue.not_configured")
        .jsonPath("$.error.meta.field")
        .isEqualTo("account_ids")
        .jsonPath("$.error.meta.account_ids.length()")
        .isEqualTo(1)
        .jsonPath("$.error.meta.account_ids[0]")
        .isEqualTo(unqueued)
        .jsonPath("$.error.message")
        .value(
            message ->
                assertThat((String) message)
                    .contains(unqueued)
                    .contains("PUT /v1/accounts/" + unqueued + "/queue")
                    .doesNotContain(queued));

    get(tenant, "/v1/posts")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.length()")
        .isEqualTo(0);
  }

  @Test
  void aDeletedQueueNoLongerTakesPosts() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    setQueue(tenant, account, "UTC", slot("monday", "09:00"));
    http.delete()
        .uri("/v1/accounts/" + account + "/queue")
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isNoContent();

    createPost(tenant, Map.of("text", "Hi", "account_ids", List.of(account), "queue", true))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("queue.not_configured");
  }

  @Test
  void queueWithScheduledAtOrDraftIsRefused() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    setQueue(tenant, account, "UTC", slot("monday", "09:00"));

    for (Map<String, Object> extra :
        List.<Map<String, Object>>of(
            Map.of("scheduled_at", "2030-01-01T09:00:00Z"), Map.of("draft", true))) {
      Map<String, Object> body =
          new java.util.HashMap<>(
              Map.of("text", "Hi", "account_ids", List.of(account), "queue", true));
      body.putAll(extra);
      String other = extra.containsKey("draft") ? "draft" : "scheduled_at";
      createPost(tenant, body)
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.invalid_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("queue")
          .jsonPath("$.error.message")
          .value(message -> assertThat((String) message).contains(other));
    }
    createPost(tenant, Map.of("text", "Hi", "account_ids", List.of(account), "queue", "soon"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("queue");
  }

  @Test
  void queueFalseIsAnOrdinaryPost() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    createPost(tenant, Map.of("text", "Now", "account_ids", List.of(account), "queue", false))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.status")
        .isEqualTo("publishing")
        .jsonPath("$.data.targets[0].status")
        .isEqualTo("queued")
        .jsonPath("$.data.targets[0].scheduled_at")
        .isEmpty();
  }

  @Test
  void queueingToAnotherBrandsOrWorkspacesAccountIsAnUnknownAccount() {
    Tenant agency = newTenant();
    String acme = newBrand(agency, "Acme");
    String globex = newBrand(agency, "Globex");
    String acmeAccount = connect(agency, "mastodon");
    String globexAccount = connect(agency, "mastodon");
    moveToBrand(agency, acmeAccount, acme);
    moveToBrand(agency, globexAccount, globex);
    setQueue(agency, globexAccount, "UTC", slot("monday", "09:00"));
    Tenant acmeKey = keyRestrictedToBrands(agency, acme);
    Tenant stranger = newTenant();

    for (Tenant caller : List.of(acmeKey, stranger)) {
      createPost(
              caller,
              Map.of("text", "Not mine", "account_ids", List.of(globexAccount), "queue", true))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("post.unknown_accounts")
          .jsonPath("$.error.meta.account_ids[0]")
          .isEqualTo(globexAccount);
    }
  }

  @Test
  void queueingNeedsPostsPublishLikeScheduling() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    setQueue(owner, account, "UTC", slot("monday", "09:00"));
    Tenant writer = keyWithScopes(owner, "posts:write");

    createPost(writer, Map.of("text", "Hi", "account_ids", List.of(account), "queue", true))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
  }

  private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec patchPost(
      Tenant tenant, String postId, Map<String, Object> body) {
    return http.patch()
        .uri("/v1/posts/" + postId)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private Instant dueAt(String postId, String accountId) {
    return jdbc.sql(
            "SELECT due_at FROM post_targets WHERE post_id = :post AND account_id = :account")
        .param("post", postId)
        .param("account", accountId)
        .query(java.sql.Timestamp.class)
        .single()
        .toInstant();
  }
}
