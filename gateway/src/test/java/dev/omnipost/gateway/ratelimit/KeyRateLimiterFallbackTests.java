package dev.omnipost.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With the database unreachable, a key's limit still holds, per instance. */
class KeyRateLimiterFallbackTests {

  @Test
  void anUnreachableDatabaseFallsBackToAPerInstanceBucketAndCountsIt() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/omnipost");
    pool.setConnectionTimeout(250);
    pool.setInitializationFailTimeout(-1);
    RateLimitProperties properties =
        new RateLimitProperties(
            600, 0.02, Duration.ofMillis(500), 1, Duration.ofSeconds(2), 120, 3000, 300, 0, 1000);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<RateLimitDecision> decisions = new ArrayList<>();

    try (KeyRateLimiter limiter = new KeyRateLimiter(pool, properties, meters)) {
      for (int i = 0; i < 4; i++) {
        decisions.add(limiter.tryConsume("key_fallback", 3).block(Duration.ofSeconds(10)));
      }
    }

    assertThat(decisions)
        .extracting(RateLimitDecision::admitted)
        .containsExactly(true, true, true, false);
    assertThat(decisions).extracting(RateLimitDecision::remaining).containsExactly(2L, 1L, 0L, 0L);
    assertThat(decisions.get(3).retryAfterSeconds()).isBetween(1L, 60L);
    assertThat(meters.counter("omnipost.gateway.rate_limit.fallbacks").count()).isEqualTo(4);
  }
}
