package dev.omnipost.dispatcher.delivery;

import dev.omnipost.dispatcher.WebhookProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Admits attempts per endpoint: at most {@code max-in-flight-per-endpoint} at once, and, when the
 * endpoint has a {@code rate_limit_per_second}, send slots spaced 1/rate apart. Nothing waits here:
 * an attempt either gets a permit (with the short delay until its slot) or is refused with the time
 * to try again, and the caller parks the delivery in PostgreSQL instead of holding a Kafka record
 * (ADR 0015).
 */
@Component
class EndpointGate {

  /** The shortest a full lane parks a delivery for. */
  static final Duration FULL_LANE_WAIT = Duration.ofMillis(250);

  /** The longest: a lane where no attempt has ended for this long is slow. */
  static final Duration SLOW_LANE_WAIT = Duration.ofSeconds(5);

  private final int maxInFlight;
  private final long patienceNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  @Autowired
  EndpointGate(WebhookProperties properties) {
    this(properties.maxInFlightPerEndpoint(), properties.parkAfter(), System::nanoTime);
  }

  EndpointGate(int maxInFlight, Duration patience, LongSupplier nanoTime) {
    this.maxInFlight = maxInFlight;
    this.patienceNanos = patience.toNanos();
    this.nanoTime = nanoTime;
  }

  /** A permit, or the wait until trying again is worthwhile. */
  sealed interface Admission permits Permit, Refused {}

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

    void release() {
      long now = nanoTime.getAsLong();
      synchronized (lane) {
        if (!released) {
          released = true;
          lane.inFlight--;
          lane.lastRelease = now;
        }
      }
    }
  }

  /** No room now: in-flight bound reached, or the next send slot is beyond the patience. */
  record Refused(Duration retryIn, String reason) implements Admission {}

  /** Asks for a permit for one attempt to {@code endpointId}. */
  Admission enter(String endpointId, Integer ratePerSecond) {
    long now = nanoTime.getAsLong();
    Lane lane = lanes.computeIfAbsent(endpointId, id -> new Lane(now));
    synchronized (lane) {
      if (lane.inFlight >= maxInFlight) {
        return new Refused(fullLaneWait(now - lane.lastRelease), "in_flight_bound");
      }
      long delay = 0;
      if (ratePerSecond != null && ratePerSecond > 0) {
        long slot = Math.max(now, lane.nextSlot);
        delay = slot - now;
        if (delay > patienceNanos) {
          return new Refused(Duration.ofNanos(delay), "throttled");
        }
        lane.nextSlot = slot + 1_000_000_000L / ratePerSecond;
      }
      lane.inFlight++;
      return new Permit(lane, Duration.ofNanos(delay));
    }
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
    private long lastRelease;

    private Lane(long created) {
      this.lastRelease = created;
    }
  }
}
