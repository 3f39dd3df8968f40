package dev.omnipost.persistence.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.embedded.SharedTestInfrastructure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class BrokerHealthIndicatorTests {

  @Test
  void isUpWhileTheBrokerAnswers() {
    try (BrokerHealthIndicator indicator =
        indicator(SharedTestInfrastructure.get().bootstrapServers())) {

      Health health = indicator.health();

      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("nodes", 1);
    }
  }

  @Test
  void isDownWhenNoBrokerAnswersInTime() {
    try (BrokerHealthIndicator indicator = indicator("127.0.0.1:1")) {

      Health health = indicator.health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    }
  }

  private static BrokerHealthIndicator indicator(String bootstrapServers) {
    return new BrokerHealthIndicator(
        Map.of("bootstrap.servers", bootstrapServers), Duration.ofSeconds(2));
  }
}
