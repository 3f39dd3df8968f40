package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointGateTests {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final EndpointGate gate = new EndpointGate(2, Duration.ofMillis(500), now::get);

  @Test
  void admitsUpToTheInFlightBoundAndAgainAfterARelease() {
    EndpointGate.Admission first = gate.enter("whk_a", null);
    EndpointGate.Admission second = gate.enter("whk_a", null);

    EndpointGate.Admission third = gate.enter("whk_a", null);

    assertThat(first).isInstanceOf(EndpointGate.Permit.class);
    assertThat(second).isInstanceOf(EndpointGate.Permit.class);
    assertThat(third)
        .isInstanceOfSatisfying(
            EndpointGate.Refused.class, r -> assertThat(r.reason()).isEqualTo("in_flight_bound"));
    assertThat(gate.enter("whk_b", null)).isInstanceOf(EndpointGate.Permit.class);
    ((EndpointGate.Permit) first).release();
    ((EndpointGate.Permit) first).release();
    assertThat(gate.inFlight("whk_a")).isEqualTo(1);
    assertThat(gate.enter("whk_a", null)).isInstanceOf(EndpointGate.Permit.class);
  }

  @Test
  void aFullLaneWhoseAttemptsStopEndingParksLongerUpToTheSlowLaneWait() {
    EndpointGate.Permit first = (EndpointGate.Permit) gate.enter("whk_h", null);
    gate.enter("whk_h", null);

    // attempts that keep ending: the short wait
    assertThat(refusal("whk_h").retryIn()).isEqualTo(EndpointGate.FULL_LANE_WAIT);
    // none ended for 3 s: the lane is slow, wait as long
    now.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(refusal("whk_h").retryIn()).isEqualTo(Duration.ofSeconds(3));
    // never longer than the slow-lane bound
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(refusal("whk_h").retryIn()).isEqualTo(EndpointGate.SLOW_LANE_WAIT);
    // an attempt ended: full again at once, the short wait again
    first.release();
    gate.enter("whk_h", null);
    assertThat(refusal("whk_h").retryIn()).isEqualTo(EndpointGate.FULL_LANE_WAIT);
  }

  private EndpointGate.Refused refusal(String endpointId) {
    EndpointGate.Admission admission = gate.enter(endpointId, null);
    assertThat(admission).isInstanceOf(EndpointGate.Refused.class);
    return (EndpointGate.Refused) admission;
  }

  @Test
  void spacesSendSlotsByTheRateAndRefusesSlotsBeyondThePatience() {
    EndpointGate wide = new EndpointGate(100, Duration.ofMillis(500), now::get);

    Duration[] delays = new Duration[3];
    for (int i = 0; i < 3; i++) {
      EndpointGate.Permit permit = (EndpointGate.Permit) wide.enter("whk_r", 4);
      delays[i] = permit.delay();
      permit.release();
    }
    EndpointGate.Admission fourth = wide.enter("whk_r", 4);

    assertThat(delays)
        .containsExactly(Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(fourth)
        .isInstanceOfSatisfying(
            EndpointGate.Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo("throttled");
              assertThat(r.retryIn()).isEqualTo(Duration.ofMillis(750));
            });
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(((EndpointGate.Permit) wide.enter("whk_r", 4)).delay()).isEqualTo(Duration.ZERO);
  }
}
