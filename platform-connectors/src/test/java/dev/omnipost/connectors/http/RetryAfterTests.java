package dev.omnipost.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTests {

  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsDelaySecondsAndHttpDates() {
    assertThat(RetryAfter.fromRetryAfterHeader("120", clock)).isEqualTo(Duration.ofMinutes(2));
    assertThat(RetryAfter.fromRetryAfterHeader("Sun, 01 Mar 2026 12:01:00 GMT", clock))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void readsIsoInstantsAndNeverGoesNegative() {
    assertThat(RetryAfter.untilIsoInstant("2026-03-01T12:00:30.000Z", clock))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.untilIsoInstant("2026-03-01T11:00:00Z", clock)).isEqualTo(Duration.ZERO);
  }

  @Test
  void answersNullForMissingOrUnreadableValues() {
    assertThat(RetryAfter.fromRetryAfterHeader(null, clock)).isNull();
    assertThat(RetryAfter.fromRetryAfterHeader("soon", clock)).isNull();
    assertThat(RetryAfter.untilIsoInstant("tomorrow", clock)).isNull();
  }

  @Test
  void readsUnixSecondsAndNeverGoesNegative() {
    long inNinetySeconds = Instant.parse("2026-03-01T12:01:30Z").getEpochSecond();

    assertThat(RetryAfter.untilEpochSeconds(String.valueOf(inNinetySeconds), clock))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(RetryAfter.untilEpochSeconds("1000", clock)).isEqualTo(Duration.ZERO);
    assertThat(RetryAfter.untilEpochSeconds("later", clock)).isNull();
    assertThat(RetryAfter.untilEpochSeconds(null, clock)).isNull();
  }
}
