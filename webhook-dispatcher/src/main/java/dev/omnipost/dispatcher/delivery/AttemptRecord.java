package dev.omnipost.dispatcher.delivery;

import java.time.Instant;

/**
 * One attempt as the log stores it, with the delivery's state after it. {@code disableReason} is
 * set when the attempt disables the endpoint (it answered 410). A {@code parked} attempt's delivery
 * waits in PostgreSQL for its retry ({@code parked_until} = the next attempt's time) instead of a
 * retry topic. A {@code manual} failure leaves a delivery that is retrying on its schedule.
 */
record AttemptRecord(
    PendingDelivery delivery,
    int attemptNumber,
    String trigger,
    HttpOutcome outcome,
    String newStatus,
    Instant nextAttemptAt,
    String disableReason,
    boolean parked) {

  boolean manual() {
    return "manual".equals(trigger);
  }
}
