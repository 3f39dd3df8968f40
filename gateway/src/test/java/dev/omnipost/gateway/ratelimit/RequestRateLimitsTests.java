package dev.omnipost.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.gateway.web.ApiException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/**
 * The address budget taken before a key lookup: a lookup that fails because the database did not
 * answer gives the token back (chaos suite, scenario 1: after a burst of 503s, clients with valid
 * keys were refused 429 as if they had none).
 */
class RequestRateLimitsTests {

  private static final RateLimitProperties PROPERTIES =
      new RateLimitProperties(
          600, 0.02, Duration.ofMillis(500), 1, Duration.ofSeconds(2), 5, 3000, 300, 0, 1000);

  private final RequestRateLimits limits =
      new RequestRateLimits(new AddressLimiter(PROPERTIES), null, PROPERTIES);

  private static MockServerWebExchange request() {
    return MockServerWebExchange.from(
        MockServerHttpRequest.post("/v1/posts")
            .remoteAddress(new InetSocketAddress("192.0.2.7", 40000)));
  }

  @Test
  void lookupsThatFailedOnTheDatabaseDoNotSpendTheAddresssUnauthenticatedBudget() {
    for (int i = 0; i < 20; i++) {
      MockServerWebExchange exchange = request();
      limits.beforeKeyLookup(exchange, "hash_" + i).block();
      limits.lookupFailed(exchange);
    }
    // the budget is 5 a minute: still whole
    for (int i = 0; i < 5; i++) {
      limits.beforeKeyLookup(request(), "other_" + i).block();
    }
  }

  @Test
  void keysThatWereNotFoundStillSpendIt() {
    for (int i = 0; i < 5; i++) {
      limits.beforeKeyLookup(request(), "unknown_" + i).block();
    }
    assertThatThrownBy(() -> limits.beforeKeyLookup(request(), "unknown_5").block())
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.getMessage()).contains("without a valid API key"));
  }
}
