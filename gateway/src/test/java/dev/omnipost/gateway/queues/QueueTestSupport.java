package dev.omnipost.gateway.queues;

import dev.omnipost.gateway.GatewayTestSupport;
import dev.omnipost.gateway.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the queue tests share: a clock they fix, and the queue and post calls. */
abstract class QueueTestSupport extends GatewayTestSupport {

  @Autowired TestClock.Settable clock;

  @AfterEach
  void releaseClock() {
    clock.release();
  }

  void fixClock(String instant) {
    clock.fix(Instant.parse(instant));
  }

  WebTestClient.ResponseSpec putQueue(Tenant tenant, String accountId, Object body) {
    return http.put()
        .uri("/v1/accounts/" + accountId + "/queue")
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  /** Sets a queue that must be accepted. */
  void setQueue(Tenant tenant, String accountId, String timezone, Map<?, ?>... slots) {
    putQueue(tenant, accountId, Map.of("timezone", timezone, "slots", List.of(slots)))
        .expectStatus()
        .isOk();
  }

  static Map<String, String> slot(String day, String time) {
    return Map.of("day", day, "time", time);
  }

  WebTestClient.ResponseSpec createPost(Tenant tenant, Map<String, Object> body) {
    return post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  /** A queued post to the accounts that must be accepted; answers its {@code data}. */
  @SuppressWarnings("unchecked")
  Map<String, Object> queuePost(Tenant tenant, String... accountIds) {
    return (Map<String, Object>)
        createPost(
                tenant,
                Map.of("text", "From the queue", "account_ids", List.of(accountIds), "queue", true))
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  static Instant scheduledAt(Map<String, Object> post) {
    return Instant.parse((String) post.get("scheduled_at"));
  }
}
