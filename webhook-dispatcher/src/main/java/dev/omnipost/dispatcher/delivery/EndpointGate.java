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
      synchronized (lane) {
        if (!released) {
          released = true;
          lane.inFlight--;
        }
      }
    }
  }

  /** No room now: in-flight bound reached, or the next send slot is beyond the patience. */
  record Refused(Duration retryIn, String reason) implements Admission {}

  /** Asks for a permit for one attempt to {@code endpointId}. */
  Admission enter(String endpointId, Integer ratePerSecond) {
    Lane lane = lanes.computeIfAbsent(endpointId, id -> new Lane());
    long now = nanoTime.getAsLong();
    synchronized (lane) {
      if (lane.inFlight >= maxInFlight) {
        return new Refused(Duration.ofMillis(250), "in_flight_bound");
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
  }
}
