package dev.omnipost.dispatcher.delivery;

import dev.omnipost.dispatcher.WebhookProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * Admits attempts per endpoint: at most {@code max-in-flight-per-endpoint} at once, and, when the
 * endpoint has a {@code rate_limit_per_second}, send slots spaced 1/rate apart. An attempt gets a
 * permit (with the short delay until its slot), or a place in the endpoint's line, or is refused
 * with the time to try again, and then the caller parks the delivery in PostgreSQL instead of
 * holding a Kafka record (ADR 0015).
 *
 * <p>The line (ADR 0041) is for a busy endpoint that answers: while its attempts keep ending (one
 * did within {@code park-after}), up to {@code max-waiting-per-endpoint} attempts (and {@code
 * max-waiting} in all lines together) wait in memory and each ending attempt hands its slot to the
 * first of them at once, so a burst costs no parking writes and no sweeps. An endpoint that stopped
 * answering, or has a throttle, gets no line; the line of an endpoint where no attempt has ended
 * for {@code park-after} is dissolved, and so is the part of a line that has waited {@code
 * max-wait-in-line}: those waiters are refused, and park.
 */
@Component
class EndpointGate {

  /** The shortest a full lane parks a delivery for. */
  static final Duration FULL_LANE_WAIT = Duration.ofMillis(250);

  /** The longest: a lane where no attempt has ended for this long is slow. */
  static final Duration SLOW_LANE_WAIT = Duration.ofSeconds(5);

  static final String IN_FLIGHT_BOUND = "in_flight_bound";

  private final int maxInFlight;
  private final int maxWaitingPerEndpoint;
  private final int maxWaiting;
  private final AtomicInteger waiting = new AtomicInteger();
  private final long maxWaitNanos;
  private final long patienceNanos;
  private final LongSupplier nanoTime;
  private final Executor handOver;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  @Autowired
  EndpointGate(WebhookProperties properties, MeterRegistry meters) {
    this(
        properties.maxInFlightPerEndpoint(),
        properties.maxWaitingPerEndpoint(),
        properties.maxWaiting(),
        properties.maxWaitInLine(),
        properties.parkAfter(),
        System::nanoTime,
        // a hand-over runs the next attempt; on its own thread, so a run of attempts that end at
        // once (a disabled endpoint's) does not nest one inside the other's release
        task -> Schedulers.parallel().schedule(task));
    meters.gauge("omnipost.webhooks.waiting", waiting);
  }

  EndpointGate(
      int maxInFlight,
      int maxWaitingPerEndpoint,
      int maxWaiting,
      Duration maxWait,
      Duration patience,
      LongSupplier nanoTime,
      Executor handOver) {
    this.maxInFlight = maxInFlight;
    this.maxWaitingPerEndpoint = maxWaitingPerEndpoint;
    this.maxWaiting = maxWaiting;
    this.maxWaitNanos = maxWait.toNanos();
    this.patienceNanos = patience.toNanos();
    this.nanoTime = nanoTime;
    this.handOver = handOver;
  }

  /** A permit, a place in line, or the wait until trying again is worthwhile. */
  sealed interface Admission permits Permit, Waiting, Refused {}

  /** Send after {@code delay}; {@link #release()} exactly once when the attempt is over. */
  final class Permit implements Admission {
    private final Lane lane;
    private final Duration delay;
    private boolean released;

    private Permit(Lane lane, Duration delay) {
      this.lane = lane;
      this.delay = delay;
    }

    Duration delay() {
      return delay;
    }

    /** Ends the attempt: its slot goes to the first in line, else back to the lane. */
    void release() {
      long now = nanoTime.getAsLong();
      Waiting next;
      synchronized (lane) {
        if (released) {
          return;
        }
        released = true;
        lane.lastProgress = now;
        next = lane.waiting.poll();
        if (next == null) {
          lane.inFlight--;
        }
      }
      if (next != null) {
        waiting.decrementAndGet();
        Permit handed = new Permit(lane, Duration.ZERO);
        handOver.execute(() -> next.admission.complete(handed));
      }
    }
  }

  /**
   * In line for the endpoint's next free slot. {@link #admission()} completes with the {@link
   * Permit} an ending attempt hands over, or with a {@link Refused} when the line is dissolved
   * ({@link #dissolveStalledLines()}).
   */
  final class Waiting implements Admission {
    private final long since;
    private final CompletableFuture<Admission> admission = new CompletableFuture<>();

    private Waiting(long since) {
      this.since = since;
    }

    CompletableFuture<Admission> admission() {
      return admission;
    }
  }

  /** No room now: in-flight bound reached, or the next send slot is beyond the patience. */
  record Refused(Duration retryIn, String reason) implements Admission {}

  /**
   * Asks for a permit for one attempt to {@code endpointId}; {@code mayWait} false refuses instead
   * of a place in line (an attempt picked up from parking holds a lease that a wait in line could
   * outlast).
   */
  Admission enter(String endpointId, Integer ratePerSecond, boolean mayWait) {
    long now = nanoTime.getAsLong();
    Lane lane = lanes.computeIfAbsent(endpointId, id -> new Lane(now));
    synchronized (lane) {
      if (lane.inFlight >= maxInFlight) {
        boolean answering = now - lane.lastProgress < patienceNanos;
        if (mayWait
            && answering
            && !throttled(ratePerSecond)
            && lane.waiting.size() < maxWaitingPerEndpoint
            && takeWaitingPlace()) {
          Waiting inLine = new Waiting(now);
          lane.waiting.add(inLine);
          return inLine;
        }
        return new Refused(fullLaneWait(now - lane.lastProgress), IN_FLIGHT_BOUND);
      }
      long delay = 0;
      if (throttled(ratePerSecond)) {
        long slot = Math.max(now, lane.nextSlot);
        delay = slot - now;
        if (delay > patienceNanos) {
          return new Refused(Duration.ofNanos(delay), "throttled");
        }
        lane.nextSlot = slot + 1_000_000_000L / ratePerSecond;
      }
      if (lane.inFlight == 0) {
        // an idle lane getting busy counts as progress: its first attempts have just started
        lane.lastProgress = now;
      }
      lane.inFlight++;
      return new Permit(lane, Duration.ofNanos(delay));
    }
  }

  /**
   * Refuses, so they park, the waiters of every line whose endpoint has not ended an attempt for
   * {@code park-after} (it stopped answering: its waiters would hold their Kafka records until its
   * attempts time out), and those that waited {@code max-wait-in-line}.
   */
  @Scheduled(
      fixedDelayString = "${omnipost.webhooks.park-after:500ms}",
      initialDelayString = "${omnipost.webhooks.park-after:500ms}")
  void dissolveStalledLines() {
    long now = nanoTime.getAsLong();
    for (Lane lane : lanes.values()) {
      List<Waiting> refused = new ArrayList<>();
      Duration retryIn;
      synchronized (lane) {
        if (lane.waiting.isEmpty()) {
          continue;
        }
        boolean stalled = now - lane.lastProgress >= patienceNanos;
        // the line is in order of arrival: behind the first that may stay, all may
        while (!lane.waiting.isEmpty()
            && (stalled || now - lane.waiting.peek().since >= maxWaitNanos)) {
          refused.add(lane.waiting.poll());
          waiting.decrementAndGet();
        }
        retryIn = fullLaneWait(now - lane.lastProgress);
      }
      refused.forEach(w -> w.admission.complete(new Refused(retryIn, IN_FLIGHT_BOUND)));
    }
  }

  /** One more waiter in all lines together, if {@code max-waiting} allows it. */
  private boolean takeWaitingPlace() {
    if (waiting.incrementAndGet() <= maxWaiting) {
      return true;
    }
    waiting.decrementAndGet();
    return false;
  }

  private static boolean throttled(Integer ratePerSecond) {
    return ratePerSecond != null && ratePerSecond > 0;
  }

  /**
   * How long a delivery refused by a full lane stays parked: {@link #FULL_LANE_WAIT} while the
   * lane's attempts keep ending (a busy endpoint that answers), longer the longer none has ended
   * (an endpoint that hangs), as long as that time, up to {@link #SLOW_LANE_WAIT}. So an endpoint
   * that never answers does not have its whole backlog claimed, loaded and parked again four times
   * a second while its attempts wait for their timeouts (which costs the other endpoints CPU and
   * database time); a lane that frees up is tried again within that bound.
   */
  static Duration fullLaneWait(long nanosSinceLastRelease) {
    long wait =
        Math.min(
            Math.max(nanosSinceLastRelease, FULL_LANE_WAIT.toNanos()), SLOW_LANE_WAIT.toNanos());
    return Duration.ofNanos(wait);
  }

  /** Attempts waiting in line for {@code endpointId} now. */
  int waiting(String endpointId) {
    Lane lane = lanes.get(endpointId);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.waiting.size();
    }
  }

  /** Attempts in flight to {@code endpointId} now. */
  int inFlight(String endpointId) {
    Lane lane = lanes.get(endpointId);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.inFlight;
    }
  }

  private static final class Lane {
    private int inFlight;
    private long nextSlot = Long.MIN_VALUE / 2;

    /** When an attempt last ended, or the idle lane last got busy. */
    private long lastProgress;

    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

    private Lane(long created) {
      this.lastProgress = created;
    }
  }
}
