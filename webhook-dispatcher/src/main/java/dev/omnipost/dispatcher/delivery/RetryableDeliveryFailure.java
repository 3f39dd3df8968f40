package dev.omnipost.dispatcher.delivery;

import java.time.Instant;

/**
 * Completes an attempt's future when the delivery must be retried, after the attempt was stored;
 * the retry topics then carry it on, not before {@link #nextAttemptAt()}.
 */
public class RetryableDeliveryFailure extends RuntimeException {

  private final Instant nextAttemptAt;

  RetryableDeliveryFailure(String deliveryId, String reason, Instant nextAttemptAt) {
    super("delivery " + deliveryId + " failed (" + reason + ")", null, false, false);
    this.nextAttemptAt = nextAttemptAt;
  }

  /** When the next attempt may run; null after the last attempt. */
  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  /** Finds one in a chain of wrapping exceptions, or returns null. */
  public static RetryableDeliveryFailure find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RetryableDeliveryFailure failure) {
        return failure;
      }
    }
    return null;
  }
}
