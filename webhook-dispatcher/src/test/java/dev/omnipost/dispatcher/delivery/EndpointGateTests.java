package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointGateTests {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  // no line: an attempt that finds the lane full is refused (parks)
  private final EndpointGate gate = gate(2, 0);

  @Test
  void admitsUpToTheInFlightBoundAndAgainAfterARelease() {
    EndpointGate.Admission first = gate.enter("whk_a", null, true);
    EndpointGate.Admission second = gate.enter("whk_a", null, true);

    EndpointGate.Admission third = gate.enter("whk_a", null, true);

    assertThat(first).isInstanceOf(EndpointGate.Permit.class);
    assertThat(second).isInstanceOf(EndpointGate.Permit.class);
    assertThat(third)
        .isInstanceOfSatisfying(
            EndpointGate.Refused.class, r -> assertThat(r.reason()).isEqualTo("in_flight_bound"));
    assertThat(gate.enter("whk_b", null, true)).isInstanceOf(EndpointGate.Permit.class);
    ((EndpointGate.Permit) first).release();
    ((EndpointGate.Permit) first).release();
    assertThat(gate.inFlight("whk_a")).isEqualTo(1);
    assertThat(gate.enter("whk_a", null, true)).isInstanceOf(EndpointGate.Permit.class);
  }

  @Test
  void aFullLaneWhoseAttemptsStopEndingParksLongerUpToTheSlowLaneWait() {
    EndpointGate.Permit first = (EndpointGate.Permit) gate.enter("whk_h", null, true);
    gate.enter("whk_h", null, true);

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
    gate.enter("whk_h", null, true);
    assertThat(refusal("whk_h").retryIn()).isEqualTo(EndpointGate.FULL_LANE_WAIT);
  }

  /** A gate with a 30 s longest wait in line, room for 20,000 waiters and a 500 ms park-after. */
  private EndpointGate gate(int maxInFlight, int maxWaitingPerEndpoint) {
    return gate(maxInFlight, maxWaitingPerEndpoint, 20_000);
  }

  private EndpointGate gate(int maxInFlight, int maxWaitingPerEndpoint, int maxWaiting) {
    return new EndpointGate(
        maxInFlight,
        maxWaitingPerEndpoint,
        maxWaiting,
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        now::get,
        Runnable::run);
  }

  private EndpointGate.Refused refusal(String endpointId) {
    EndpointGate.Admission admission = gate.enter(endpointId, null, true);
    assertThat(admission).isInstanceOf(EndpointGate.Refused.class);
    return (EndpointGate.Refused) admission;
  }

  @Test
  void spacesSendSlotsByTheRateAndRefusesSlotsBeyondThePatience() {
    EndpointGate wide = gate(100, 0);

    Duration[] delays = new Duration[3];
    for (int i = 0; i < 3; i++) {
      EndpointGate.Permit permit = (EndpointGate.Permit) wide.enter("whk_r", 4, true);
      delays[i] = permit.delay();
      permit.release();
    }
    EndpointGate.Admission fourth = wide.enter("whk_r", 4, true);

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
    assertThat(((EndpointGate.Permit) wide.enter("whk_r", 4, true)).delay())
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void aBusyLaneThatKeepsAnsweringHandsEachEndingAttemptsSlotToTheFirstInLine() {
    EndpointGate lined = gate(1, 2);
    EndpointGate.Permit first = (EndpointGate.Permit) lined.enter("whk_l", null, true);

    EndpointGate.Admission second = lined.enter("whk_l", null, true);
    EndpointGate.Admission third = lined.enter("whk_l", null, true);
    EndpointGate.Admission fourth = lined.enter("whk_l", null, true);

    assertThat(second).isInstanceOf(EndpointGate.Waiting.class);
    assertThat(third).isInstanceOf(EndpointGate.Waiting.class);
    // the line holds two: the next is refused and parks
    assertThat(fourth)
        .isInstanceOfSatisfying(
            EndpointGate.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(EndpointGate.IN_FLIGHT_BOUND));
    assertThat(lined.waiting("whk_l")).isEqualTo(2);

    first.release();

    // the slot went to the first in line, not back to the lane
    EndpointGate.Admission handed = ((EndpointGate.Waiting) second).admission().getNow(null);
    assertThat(handed).isInstanceOf(EndpointGate.Permit.class);
    assertThat(((EndpointGate.Waiting) third).admission()).isNotDone();
    assertThat(lined.inFlight("whk_l")).isEqualTo(1);
    assertThat(lined.waiting("whk_l")).isEqualTo(1);
    ((EndpointGate.Permit) handed).release();
    ((EndpointGate.Permit) ((EndpointGate.Waiting) third).admission().getNow(null)).release();
    assertThat(lined.inFlight("whk_l")).isZero();
    assertThat(lined.waiting("whk_l")).isZero();
  }

  @Test
  void allLinesTogetherHoldNoMoreThanMaxWaitingAndAHandOverFreesAPlace() {
    EndpointGate lined = gate(1, 5, 1);
    EndpointGate.Permit runningA = (EndpointGate.Permit) lined.enter("whk_a", null, true);
    lined.enter("whk_b", null, true);

    EndpointGate.Admission waitsForA = lined.enter("whk_a", null, true);
    // b's line is empty, but the one place in all lines is taken by a's waiter: b's attempt parks
    EndpointGate.Admission forB = lined.enter("whk_b", null, true);

    assertThat(waitsForA).isInstanceOf(EndpointGate.Waiting.class);
    assertThat(forB)
        .isInstanceOfSatisfying(
            EndpointGate.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(EndpointGate.IN_FLIGHT_BOUND));

    runningA.release();

    assertThat(((EndpointGate.Waiting) waitsForA).admission().getNow(null))
        .isInstanceOf(EndpointGate.Permit.class);
    assertThat(lined.enter("whk_b", null, true)).isInstanceOf(EndpointGate.Waiting.class);
  }

  @Test
  void theLineOfAnEndpointThatStopsAnsweringIsDissolvedAndItsWaitersPark() {
    EndpointGate lined = gate(1, 5);
    lined.enter("whk_w", null, true);
    EndpointGate.Waiting first = (EndpointGate.Waiting) lined.enter("whk_w", null, true);
    EndpointGate.Waiting second = (EndpointGate.Waiting) lined.enter("whk_w", null, true);

    // less than park-after without an ending attempt: the line stays
    now.addAndGet(Duration.ofMillis(400).toNanos());
    lined.dissolveStalledLines();
    assertThat(first.admission()).isNotDone();
    // park-after without one: every waiter is refused, and parks
    now.addAndGet(Duration.ofMillis(200).toNanos());
    lined.dissolveStalledLines();

    for (EndpointGate.Waiting waiting : java.util.List.of(first, second)) {
      assertThat(waiting.admission().getNow(null))
          .isInstanceOfSatisfying(
              EndpointGate.Refused.class,
              r -> {
                assertThat(r.reason()).isEqualTo(EndpointGate.IN_FLIGHT_BOUND);
                assertThat(r.retryIn()).isEqualTo(Duration.ofMillis(600));
              });
    }
    assertThat(lined.waiting("whk_w")).isZero();
    assertThat(lined.inFlight("whk_w")).isEqualTo(1);
  }

  @Test
  void aWaiterParksAfterTheLongestWaitInLineEvenWhileTheLineMoves() {
    EndpointGate lined = gate(1, 100);
    EndpointGate.Permit running = (EndpointGate.Permit) lined.enter("whk_m", null, true);
    java.util.List<EndpointGate.Waiting> line = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      line.add((EndpointGate.Waiting) lined.enter("whk_m", null, true));
    }

    // a slow endpoint that answers: an attempt ends every 400 ms and hands its slot on, so the
    // line is never stalled, but it moves too slowly for its back
    for (int step = 0; step < 75; step++) {
      now.addAndGet(Duration.ofMillis(400).toNanos());
      running.release();
      running = (EndpointGate.Permit) line.get(step).admission().getNow(null);
      lined.dissolveStalledLines();
    }

    // 30 s: the 75 at the front were handed slots; the rest had waited that long, and park
    assertThat(running).isNotNull();
    assertThat(line.subList(75, 100))
        .allSatisfy(
            w -> assertThat(w.admission().getNow(null)).isInstanceOf(EndpointGate.Refused.class));
    assertThat(lined.waiting("whk_m")).isZero();
  }

  @Test
  void noLineForAnEndpointThatStoppedAnsweringOrHasAThrottleNorForAParkedAttempt() {
    EndpointGate lined = gate(1, 5);
    lined.enter("whk_s", null, true);
    lined.enter("whk_t", 1000, true);

    // an attempt that may not wait (one picked up from parking) is refused
    assertThat(lined.enter("whk_s", null, false)).isInstanceOf(EndpointGate.Refused.class);
    // the throttled lane is full: no line even though its attempt just started
    assertThat(lined.enter("whk_t", 1000, true)).isInstanceOf(EndpointGate.Refused.class);
    // no attempt to whk_s has ended for longer than the patience
    now.addAndGet(Duration.ofMillis(600).toNanos());
    assertThat(lined.enter("whk_s", null, true)).isInstanceOf(EndpointGate.Refused.class);
    assertThat(lined.waiting("whk_s")).isZero();
  }
}
