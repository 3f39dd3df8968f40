package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryScheduleTests {

  private static final List<Duration> DELAYS =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10));
  private static final Instant FAILED_AT = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void neverSchedulesARetryBeforeItsBaseDelayAndJitterStaysBounded() {
    Random random = new Random(7);
    RetrySchedule schedule =
        new RetrySchedule(DELAYS, 0.2, Duration.ofHours(1), random::nextDouble);

    for (int run = 0; run < 1_000; run++) {
      for (int attempt = 1; attempt <= DELAYS.size(); attempt++) {
        Duration base = DELAYS.get(attempt - 1);

        Duration wait =
            Duration.between(
                FAILED_AT, schedule.nextAttemptAt(attempt, FAILED_AT, null).orElseThrow());

        assertThat(wait)
            .isGreaterThanOrEqualTo(base)
            .isLessThanOrEqualTo(base.plusMillis(base.toMillis() / 5));
      }
    }
  }

  @Test
  void spreadsRetriesOfDeliveriesThatFailedTogether() {
    Random random = new Random(11);
    RetrySchedule schedule =
        new RetrySchedule(DELAYS, 0.2, Duration.ofHours(1), random::nextDouble);

    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> schedule.nextAttemptAt(2, FAILED_AT, null).orElseThrow())
            .distinct()
            .count();

    assertThat(distinct).isGreaterThan(40);
  }

  @Test
  void followsTheAnchorScheduleWithoutJitter() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, 0, Duration.ofHours(1));

    assertThat(schedule.nextAttemptAt(1, FAILED_AT, null)).contains(FAILED_AT.plusSeconds(5));
    assertThat(schedule.nextAttemptAt(3, FAILED_AT, null))
        .contains(FAILED_AT.plus(Duration.ofMinutes(30)));
    assertThat(schedule.nextAttemptAt(7, FAILED_AT, null))
        .contains(FAILED_AT.plus(Duration.ofHours(10)));
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, 0.2, Duration.ofHours(1));

    assertThat(schedule.maxAttempts()).isEqualTo(8);
    assertThat(schedule.nextAttemptAt(8, FAILED_AT, null)).isEmpty();
  }

  @Test
  void honoursALongerRetryAfterUpToItsBound() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, 0, Duration.ofHours(1));

    assertThat(schedule.nextAttemptAt(1, FAILED_AT, Duration.ofSeconds(120)))
        .contains(FAILED_AT.plusSeconds(120));
    assertThat(schedule.nextAttemptAt(1, FAILED_AT, Duration.ofDays(3)))
        .contains(FAILED_AT.plus(Duration.ofHours(1)));
    assertThat(schedule.nextAttemptAt(2, FAILED_AT, Duration.ofSeconds(1)))
        .contains(FAILED_AT.plus(Duration.ofMinutes(5)));
  }
}
