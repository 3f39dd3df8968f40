package dev.omnipost.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Ids;
import dev.omnipost.gateway.GatewayApplication;
import dev.omnipost.gateway.GatewayTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two gateway instances on one database, as a deployment behind a load balancer runs them: a key's
 * limit is one budget for both, and the per-address limits hold before any key is looked up. The
 * instances trust one proxy's {@code X-Forwarded-For}, so each test plays a client of its own.
 */
class TwoGatewayInstancesRateLimitTests {

  private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();
  private static final List<String> baseUrls = new ArrayList<>();
  private static final WebClient client = WebClient.create();

  @BeforeAll
  static void startTwoInstances() {
    for (int i = 0; i < 2; i++) {
      Map<String, Object> properties =
          new HashMap<>(SharedTestInfrastructure.get().springProperties());
      properties.put("server.port", "0");
      properties.put("management.server.port", "0");
      properties.put("omnipost.gateway.operator-token", GatewayTestSupport.OPERATOR_TOKEN);
      properties.put("omnipost.media.storage-dir", "target/test-media");
      properties.put("omnipost.gateway.rate-limit.trusted-proxies", "1");
      properties.put("omnipost.gateway.server-timing", "true");
      // a slow CI machine must not push checks onto the per-instance fallback: this test is
      // about the shared budget (KeyRateLimiterFallbackTests covers the fallback)
      properties.put("omnipost.gateway.rate-limit.database-timeout", "15s");
      properties.put("omnipost.gateway.rate-limit.unauthenticated-per-minute", "5");
      properties.put("omnipost.gateway.rate-limit.public-per-minute", "10");
      properties.put("omnipost.gateway.rate-limit.operator-per-minute", "1000");
      // as command-line arguments: they must win over gateway.yml, as test properties do
      String[] arguments =
          properties.entrySet().stream()
              .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
              .toArray(String[]::new);
      ConfigurableApplicationContext context = GatewayApplication.builder().run(arguments);
      instances.add(context);
      baseUrls.add("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }
  }

  @AfterAll
  static void stopInstances() {
    instances.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void aKeyHammeredThroughBothInstancesIsAdmittedItsLimitOnceNotTwice() {
    String key = newKey(60);
    String client = "203.0.113.10";
    // one request per instance first, so both know the key (its first lookup is what the
    // address budget guards) before the burst
    List<Answer> answers = new ArrayList<>(List.of(call(0, key, client), call(1, key, client)));

    answers.addAll(
        Flux.range(0, 178)
            .flatMap(i -> Mono.fromCallable(() -> i).flatMap(n -> callAsync(n % 2, key, client)), 8)
            .collectList()
            .block(Duration.ofSeconds(60)));

    long admitted = answers.stream().filter(a -> a.status() == 200).count();
    List<Answer> refused = answers.stream().filter(a -> a.status() != 200).toList();
    assertThat(admitted).isBetween(54L, 66L);
    // and through the shared bucket, not per instance
    assertThat(instances)
        .allSatisfy(
            instance ->
                assertThat(
                        instance
                            .getBean(MeterRegistry.class)
                            .counter("omnipost.gateway.rate_limit.fallbacks")
                            .count())
                    .isZero());
    assertThat(refused).hasSize(180 - (int) admitted);
    assertThat(refused)
        .allSatisfy(
            answer -> {
              assertThat(answer.status()).isEqualTo(429);
              assertThat(answer.body())
                  .contains("\"code\":\"rate_limited\"")
                  .contains("\"limit\":60");
              assertThat(Long.parseLong(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)))
                  .isBetween(1L, 60L);
              assertThat(answer.headers().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
            });
  }

  @Test
  void madeUpKeysFromOneAddressAreRefusedBeforeTheyAreLookedUp() {
    String client = "203.0.113.20";
    String knownKey = newKey(1000);
    assertThat(call(0, knownKey, client).status()).isEqualTo(200);

    List<Integer> madeUp = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      madeUp.add(call(0, "opk_live_" + Ids.randomBase62(32), client).status());
    }
    Answer freshValidKey = call(0, newKey(1000), client);
    Answer knownKeyAgain = call(0, knownKey, client);
    Answer otherAddress = call(0, "opk_live_" + Ids.randomBase62(32), "203.0.113.21");

    assertThat(madeUp).containsExactly(401, 401, 401, 401, 401, 429, 429);
    // the fresh key is valid: only a refusal before the lookup explains a 429
    assertThat(freshValidKey.status()).isEqualTo(429);
    assertThat(freshValidKey.body()).contains("\"code\":\"rate_limited\"").contains("\"limit\":5");
    assertThat(freshValidKey.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
    assertThat(freshValidKey.headers().getFirst("X-RateLimit-Limit")).isEqualTo("5");
    assertThat(knownKeyAgain.status()).isEqualTo(200);
    assertThat(knownKeyAgain.headers().getFirst("X-RateLimit-Limit")).isEqualTo("1000");
    assertThat(knownKeyAgain.headers().getFirst("Server-Timing"))
        .matches("admission;dur=\\d+\\.\\d{3}");
    assertThat(otherAddress.status()).isEqualTo(401);
  }

  @Test
  void publicRoutesAreLimitedPerAddress() {
    String client = "203.0.113.30";
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      statuses.add(call(1, "/v1/health", null, client).status());
    }

    assertThat(statuses.subList(0, 10)).containsOnly(200);
    assertThat(statuses.get(10)).isEqualTo(429);
  }

  record Answer(int status, HttpHeaders headers, String body) {}

  private static Answer call(int instance, String key, String clientAddress) {
    return call(instance, "/v1/accounts", key, clientAddress);
  }

  private static Answer call(int instance, String path, String key, String clientAddress) {
    return callAsync(instance, path, key, clientAddress).block(Duration.ofSeconds(20));
  }

  private static Mono<Answer> callAsync(int instance, String key, String clientAddress) {
    return callAsync(instance, "/v1/accounts", key, clientAddress);
  }

  private static Mono<Answer> callAsync(
      int instance, String path, String key, String clientAddress) {
    return client
        .get()
        .uri(baseUrls.get(instance) + path)
        .headers(
            headers -> {
              headers.set("X-Forwarded-For", clientAddress);
              if (key != null) {
                headers.set("X-API-Key", key);
              }
            })
        .exchangeToMono(
            response ->
                response
                    .bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(
                        body ->
                            new Answer(
                                response.statusCode().value(),
                                response.headers().asHttpHeaders(),
                                body)));
  }

  @SuppressWarnings("unchecked")
  private static String newKey(int rateLimitPerMinute) {
    Map<String, Object> body =
        client
            .post()
            .uri(baseUrls.get(0) + "/v1/admin/workspaces")
            .header("Authorization", "Bearer " + GatewayTestSupport.OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "name",
                    "Two instances " + Ids.randomBase62(6),
                    "rate_limit_per_minute",
                    rateLimitPerMinute))
            .retrieve()
            .bodyToMono(Map.class)
            .block(Duration.ofSeconds(20));
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    return (String) ((Map<String, Object>) data.get("api_key")).get("key");
  }
}
