package dev.omnipost.publisher.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.publisher.PublisherProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryDelaysTests {

  private final RetryDelays delays =
      new RetryDelays(
          new PublisherProperties.Retry(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3)));

  @Test
  void followsTheExponentialScheduleUpToItsMaximum() {
    assertThat(delays.waitAfter(1, null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(delays.waitAfter(2, null)).isEqualTo(Duration.ofSeconds(2));
    assertThat(delays.waitAfter(3, null)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void waitsAsLongAsThePlatformAsksButNeverLessThanTheSchedule() {
    assertThat(delays.waitAfter(1, Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    assertThat(delays.waitAfter(2, Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void stopsAfterTheConfiguredNumberOfAttempts() {
    assertThat(delays.exhausted(3)).isFalse();
    assertThat(delays.exhausted(4)).isTrue();
  }
}
