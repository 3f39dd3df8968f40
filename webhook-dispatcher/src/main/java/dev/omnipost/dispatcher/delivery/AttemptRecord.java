package dev.omnipost.dispatcher.delivery;

import java.time.Instant;

/**
 * One attempt as the log stores it, with the delivery's state after it. {@code disableReason} is
 * set when the attempt disables the endpoint (it answered 410).
 */
record AttemptRecord(
    PendingDelivery delivery,
    int attemptNumber,
    String trigger,
    HttpOutcome outcome,
    String newStatus,
    Instant nextAttemptAt,
    String disableReason) {}
