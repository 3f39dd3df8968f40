package dev.omnipost.gateway.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.RunningPublisherWorker;
import dev.omnipost.sandbox.PlatformSandbox;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxPost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A queue slot across a daylight-saving change, end to end: {@code PUT /v1/accounts/{id}/queue}
 * with a time zone, {@code POST /v1/posts {"queue": true}} through the gateway, and the real
 * publisher-worker publishing it on the platform sandbox at the slot's instant: for a slot inside a
 * spring-forward gap the first valid instant after it, for one in a repeated autumn hour its first
 * occurrence, and only once. The gateway and the worker share one clock (the gateway's {@code
 * TestClock}, given to the worker as its {@code Clock} bean, which its scheduler decides what is
 * due by), set just before the slot and then to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueSlotsPublishedAcrossDstTests extends QueueTestSupport {

  /** Several of the worker's polls: long enough that a claim before the slot would be seen. */
  private static final Duration NOT_BEFORE = Duration.ofSeconds(2);

  private static final PlatformSandbox SANDBOX = PlatformSandbox.start(0);

  @Autowired JdbcClient jdbc;
  private RunningPublisherWorker worker;

  @BeforeAll
  void worker() {
    worker =
        RunningPublisherWorker.start(
            Map.of(
                "omnipost.publisher.poll-interval", "200ms",
                "omnipost.metrics-refresh.enabled", "false"),
            clock);
  }

  @AfterAll
  void stop() {
    worker.close();
  }

  @ParameterizedTest(name = "{0} {1} {2}: published at {4}")
  @CsvSource({
    // New York springs forward at 02:00 EST on 14 March 2027: 02:30 does not exist, 03:00 EDT does
    "America/New_York, sunday, 02:30, 2027-03-14T06:00:00Z, 2027-03-14T07:00:00Z",
    // Berlin springs forward at 02:00 CET on 28 March 2027: 02:30 becomes 03:00 CEST
    "Europe/Berlin, sunday, 02:30, 2027-03-28T00:00:00Z, 2027-03-28T01:00:00Z",
    // New York falls back at 02:00 EDT on 7 November 2027: 01:30 comes twice, first in EDT
    "America/New_York, sunday, 01:30, 2027-11-07T04:00:00Z, 2027-11-07T05:30:00Z",
    // Berlin falls back at 03:00 CEST on 31 October 2027: 02:30 comes twice, first in CEST
    "Europe/Berlin, sunday, 02:30, 2027-10-31T00:00:00Z, 2027-10-31T00:30:00Z"
  })
  void aQueuedPostIsPublishedAtTheSlotsInstantAcrossTheChange(
      String zone, String day, String time, String before, String expected) throws Exception {
    Instant slot = Instant.parse(expected);
    Tenant tenant = newTenant();
    String account = sandboxAccount(tenant);
    fixClock(before);
    setQueue(tenant, account, zone, slot(day, time));

    String text = "Across the change " + Ids.randomBase62(10);
    Map<String, Object> post = queuePost(tenant, text, account);

    assertThat(scheduledAt(post)).isEqualTo(slot);
    String postId = (String) post.get("id");

    // a second before the slot: due for nobody, so nothing is claimed or published
    clock.fix(slot.minusSeconds(1));
    Thread.sleep(NOT_BEFORE.toMillis());
    assertThat(targetStatus(postId)).isEqualTo("scheduled");
    assertThat(copies(text)).isEmpty();

    // at the slot the worker claims and publishes it
    clock.fix(slot);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(targetStatus(postId)).isEqualTo("published"));
    assertThat(copies(text)).hasSize(1);

    // the repeated hour's second occurrence (or an hour later in spring) publishes nothing again
    clock.fix(slot.plus(Duration.ofMinutes(61)));
    Thread.sleep(NOT_BEFORE.toMillis());
    assertThat(copies(text)).hasSize(1);
    assertThat(targetStatus(postId)).isEqualTo("published");
  }

  private String targetStatus(String postId) {
    return jdbc.sql("SELECT status FROM post_targets WHERE post_id = :post")
        .param("post", postId)
        .query(String.class)
        .single();
  }

  private List<SandboxPost> copies(String text) {
    return SANDBOX.control().posts("mastodon", null).stream()
        .filter(copy -> text.equals(copy.text()))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> queuePost(Tenant tenant, String text, String account) {
    return (Map<String, Object>)
        createPost(tenant, Map.of("text", text, "account_ids", List.of(account), "queue", true))
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  /** A Mastodon account that lives on the sandbox, imported into the tenant's workspace. */
  @SuppressWarnings("unchecked")
  private String sandboxAccount(Tenant tenant) {
    String platformAccountId =
        String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    String token = "token-" + Ids.randomBase62(20);
    SANDBOX
        .control()
        .registerAccount(
            new SandboxAccount("mastodon", platformAccountId, "dst" + platformAccountId, token));
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
                    "mastodon",
                    "platform_account_id",
                    platformAccountId,
                    "handle",
                    "@dst",
                    "name",
                    "Across the change",
                    "access_token",
                    token,
                    "settings",
                    Map.of("instance_url", SANDBOX.mastodonInstanceUrl())))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }
}
