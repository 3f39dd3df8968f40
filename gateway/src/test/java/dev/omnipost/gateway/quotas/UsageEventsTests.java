package dev.omnipost.gateway.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code usage.limit_reached} at 80 % and 100 %, once per threshold and period. */
class UsageEventsTests extends QuotaTestSupport {

  @Autowired Quotas quotas;

  @Test
  void announcesEightyAndOneHundredPercentOnceEachWithTheWriteThatCrossedThem() {
    Tenant tenant = newTenant();
    List<String> accounts = List.of(connect(tenant, "mastodon"));
    setLimits(tenant, Map.of("posts_per_month", 5));

    for (int i = 0; i < 3; i++) {
      draft(tenant, accounts).expectStatus().isCreated();
    }
    assertThat(limitEvents(tenant)).isEmpty();

    draft(tenant, accounts).expectStatus().isCreated();
    assertThat(limitEvents(tenant))
        .extracting(event -> event.get("threshold_percent"))
        .containsExactly(80);

    draft(tenant, accounts).expectStatus().isCreated();
    draft(tenant, accounts).expectStatus().isEqualTo(402);

    List<Map<String, Object>> events = limitEvents(tenant);
    assertThat(events).extracting(event -> event.get("threshold_percent")).containsExactly(80, 100);
    assertThat(events.get(1))
        .containsEntry("quota", "posts_per_month")
        .containsEntry("limit", 5)
        .containsEntry("used", 5)
        .containsKey("resets_at");
  }

  @Test
  void aWriteThatJumpsPastBothThresholdsAnnouncesBoth() {
    Tenant tenant = newTenant();
    List<String> accounts = List.of(connect(tenant, "mastodon"));
    setLimits(tenant, Map.of("posts_per_month", 1));

    draft(tenant, accounts).expectStatus().isCreated();

    assertThat(limitEvents(tenant))
        .extracting(event -> event.get("threshold_percent"))
        .containsExactlyInAnyOrder(80, 100);
  }

  @Test
  void announcesAgainInTheNextMonth() {
    Tenant tenant = newTenant();
    List<String> accounts = List.of(connect(tenant, "mastodon"));
    setLimits(tenant, Map.of("posts_per_month", 1));
    draft(tenant, accounts).expectStatus().isCreated();

    startNextMonth(tenant, "posts_per_month");
    draft(tenant, accounts).expectStatus().isCreated();

    assertThat(limitEvents(tenant))
        .extracting(event -> event.get("threshold_percent"))
        .containsExactlyInAnyOrder(80, 100, 80, 100);
  }

  @Test
  void theEventGoesToTheEventsTopicForWebhooksInTheSameTransaction() {
    Tenant tenant = newTenant();
    setLimits(tenant, Map.of("webhook_endpoints", 1));

    post(tenant, "/v1/webhooks")
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("url", "https://hooks.example.com/omnipost"))
        .exchange()
        .expectStatus()
        .isCreated();

    List<CloudEvent> queued =
        jdbc
            .sql("SELECT payload FROM outbox WHERE topic = :topic AND message_key = :ws")
            .param("topic", Topics.EVENTS)
            .param("ws", tenant.workspaceId())
            .query(byte[].class)
            .list()
            .stream()
            .map(CloudEventCodec::decode)
            .filter(event -> event.type().equals("usage.limit_reached"))
            .toList();
    assertThat(queued).hasSize(2);
    assertThat(queued.get(0).data().get("quota").asString()).isEqualTo("webhook_endpoints");
    assertThat(queued.get(0).workspaceId()).isEqualTo(tenant.workspaceId());
  }

  @Test
  void releasingAStandingQuotaBelowAThresholdReArmsItsEvent() {
    Tenant tenant = newTenant();
    setLimits(tenant, Map.of("webhook_endpoints", 1));
    webhook(tenant);
    assertThat(limitEvents(tenant)).hasSize(2);

    quotas.release(tenant.workspaceId(), Quota.WEBHOOK_ENDPOINTS, 1).block();
    webhook(tenant);

    assertThat(limitEvents(tenant))
        .extracting(event -> event.get("threshold_percent"))
        .containsExactlyInAnyOrder(80, 100, 80, 100);
    assertThat(usage(tenant, "webhook_endpoints")).containsEntry("used", 1);
  }

  private void webhook(Tenant tenant) {
    post(tenant, "/v1/webhooks")
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("url", "https://hooks.example.com/omnipost"))
        .exchange()
        .expectStatus()
        .isCreated();
  }
}
