package dev.omnipost.gateway.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** Requests racing for the last units of a quota never take the workspace past its limit. */
class QuotaConcurrencyTests extends QuotaTestSupport {

  private static final int LIMIT = 5;
  private static final int REQUESTS = 24;

  @Test
  void parallelPostsNeverExceedTheLimitAndAnnounceEachThresholdOnce() {
    Tenant tenant = newTenant();
    List<String> accounts = List.of(connect(tenant, "mastodon"));
    setLimits(tenant, Map.of("posts_per_month", LIMIT));
    WebClient client = WebClient.create("http://localhost:" + port);

    List<Integer> statuses =
        Flux.range(0, REQUESTS)
            .flatMap(
                i ->
                    client
                        .post()
                        .uri("/v1/posts")
                        .header("Authorization", "Bearer " + tenant.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                            Map.of("text", "Race " + i, "account_ids", accounts, "draft", true))
                        .exchangeToMono(
                            response ->
                                response.releaseBody().thenReturn(response.statusCode().value())),
                REQUESTS)
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(statuses).filteredOn(status -> status == 201).hasSize(LIMIT);
    assertThat(statuses).filteredOn(status -> status == 402).hasSize(REQUESTS - LIMIT);
    assertThat(count("posts", tenant)).isEqualTo(LIMIT);
    assertThat(usage(tenant, "posts_per_month")).containsEntry("used", LIMIT);
    assertThat(limitEvents(tenant))
        .extracting(event -> event.get("threshold_percent"))
        .containsExactlyInAnyOrder(80, 100);
  }

  @Test
  void parallelWebhookEndpointsNeverExceedTheLimit() {
    Tenant tenant = newTenant();
    setLimits(tenant, Map.of("webhook_endpoints", 2));
    WebClient client = WebClient.create("http://localhost:" + port);

    List<Integer> statuses =
        Flux.range(0, 12)
            .flatMap(
                i ->
                    client
                        .post()
                        .uri("/v1/webhooks")
                        .header("Authorization", "Bearer " + tenant.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("url", "https://hooks.example.com/race/" + i))
                        .exchangeToMono(
                            response ->
                                response.releaseBody().thenReturn(response.statusCode().value())),
                12)
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(statuses).filteredOn(status -> status == 201).hasSize(2);
    assertThat(statuses).filteredOn(status -> status == 402).hasSize(10);
    assertThat(count("webhook_endpoints", tenant)).isEqualTo(2);
  }
}
