package dev.omnipost.publisher.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.steps.RateBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AccountPacerTests {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final AccountPacer pacer = new AccountPacer(clock);
  private final RateBudget fivePerMinute = new RateBudget(5, Duration.ofMinutes(1));

  @Test
  void letsAnAccountSpendItsBudgetLessTheReserveThenWaitsForTheWindowToReopen() {
    for (int i = 0; i < 5 - AccountPacer.RESERVE; i++) {
      assertThat(pacer.reserve("acc_1", fivePerMinute)).isZero();
    }

    Duration wait = pacer.reserve("acc_1", fivePerMinute);
    clock.now = NOW.plus(Duration.ofMinutes(1));

    assertThat(wait).isEqualTo(Duration.ofMinutes(1));
    assertThat(pacer.reserve("acc_1", fivePerMinute)).isZero();
  }

  @Test
  void keepsAccountsApart() {
    for (int i = 0; i < 3; i++) {
      pacer.reserve("acc_1", fivePerMinute);
    }

    assertThat(pacer.reserve("acc_2", fivePerMinute)).isZero();
  }

  @Test
  void waitsUntilThePlatformsResetWhenItsHeadersSayTheBudgetIsNearlySpent() {
    pacer.observe("acc_1", 1, NOW.plusSeconds(42));

    assertThat(pacer.reserve("acc_1", fivePerMinute)).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void neverPacesAPlatformWithoutABudget() {
    for (int i = 0; i < 1000; i++) {
      assertThat(pacer.reserve("acc_1", RateBudget.unlimited())).isZero();
    }
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
