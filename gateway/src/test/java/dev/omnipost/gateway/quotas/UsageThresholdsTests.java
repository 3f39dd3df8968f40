package dev.omnipost.gateway.quotas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageThresholdsTests {

  @Test
  void reachesEightyPercentExactlyAtTheBoundary() {
    assertThat(UsageThresholds.newlyReached(7, 10, 0)).isEmpty();
    assertThat(UsageThresholds.newlyReached(8, 10, 0)).containsExactly(80);
    assertThat(UsageThresholds.newlyReached(10, 10, 0)).containsExactly(80, 100);
  }

  @Test
  void neverAnnouncesAThresholdTwice() {
    assertThat(UsageThresholds.newlyReached(9, 10, 80)).isEmpty();
    assertThat(UsageThresholds.newlyReached(10, 10, 80)).containsExactly(100);
    assertThat(UsageThresholds.newlyReached(10, 10, 100)).isEmpty();
  }

  @Test
  void aZeroLimitHasNoThresholds() {
    assertThat(UsageThresholds.newlyReached(0, 0, 0)).isEmpty();
    assertThat(UsageThresholds.highestMet(0, 0)).isZero();
  }

  @Test
  void findsTheHighestThresholdStillMetAfterARelease() {
    assertThat(UsageThresholds.highestMet(9, 10)).isEqualTo(80);
    assertThat(UsageThresholds.highestMet(7, 10)).isZero();
  }

  @Test
  void monthlyPeriodsAreCalendarMonthsInUtc() {
    QuotaPeriod period =
        QuotaPeriod.of(Quota.POSTS_PER_MONTH, Instant.parse("2026-12-31T23:59:59Z"));

    assertThat(period.key()).isEqualTo("2026-12");
    assertThat(period.start()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(period.resetsAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(QuotaPeriod.of(Quota.API_KEYS, Instant.now()).key()).isEqualTo("total");
  }
}
