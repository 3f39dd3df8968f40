package dev.omnipost.dispatcher.delivery;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Picks up parked deliveries that are due (a throttle slot came, a retry is due, or the lease of an
 * attempt a crashed dispatcher held ran out) and attempts them. Several dispatchers may sweep at
 * once: each claim is a lease taken with {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
class ParkedDeliverySweeper {

  private static final Logger log = LoggerFactory.getLogger(ParkedDeliverySweeper.class);
  private static final int BATCH = 500;

  private final DeliveryParking parking;
  private final DeliveryAttempts attempts;

  ParkedDeliverySweeper(DeliveryParking parking, DeliveryAttempts attempts) {
    this.parking = parking;
    this.attempts = attempts;
  }

  @Scheduled(
      fixedDelayString = "${omnipost.webhooks.parked-poll-interval:500ms}",
      initialDelayString = "${omnipost.webhooks.parked-poll-interval:500ms}")
  void sweep() {
    try {
      List<DeliveryParking.Claimed> due = parking.claimDue(BATCH);
      for (DeliveryParking.Claimed claimed : due) {
        attempts
            .attemptParked(claimed.deliveryId(), claimed.trigger(), claimed.traceparent())
            .exceptionally(
                e -> {
                  // the lease stays: the delivery is tried again when it ends
                  log.warn("Parked delivery {} not stored: {}", claimed.deliveryId(), e.toString());
                  return null;
                });
      }
    } catch (RuntimeException e) {
      log.warn("Could not claim parked webhook deliveries: {}", e.toString());
    }
  }
}
