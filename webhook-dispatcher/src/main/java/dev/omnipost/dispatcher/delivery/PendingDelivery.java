package dev.omnipost.dispatcher.delivery;

import java.time.Instant;

/** A stored delivery with what sending it needs from its endpoint (secrets still encrypted). */
record PendingDelivery(
    String id,
    String workspaceId,
    String endpointId,
    String eventId,
    String eventType,
    String payload,
    String status,
    int attempts,
    String url,
    boolean endpointEnabled,
    byte[] secretEnc,
    byte[] previousSecretEnc,
    Instant previousSecretExpiresAt,
    Integer rateLimitPerSecond) {

  boolean isSettled() {
    return "succeeded".equals(status) || "failed".equals(status);
  }
}
