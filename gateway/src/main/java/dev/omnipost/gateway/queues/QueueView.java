package dev.omnipost.gateway.queues;

import java.time.Instant;
import java.util.List;

/**
 * An account's posting queue as the API shows it. An account without a queue shows an empty one
 * ({@code timezone} null, no slots), so reading it never needs a second kind of 404.
 *
 * @param nextFreeSlotAt the slot the next {@code queue: true} post to the account would get now
 */
record QueueView(
    String accountId,
    String timezone,
    List<SlotView> slots,
    Instant nextFreeSlotAt,
    Instant updatedAt) {

  /** One weekly slot, as sent and stored: {@code {"day": "monday", "time": "09:00"}}. */
  record SlotView(String day, String time) {}

  static QueueView none(String accountId) {
    return new QueueView(accountId, null, List.of(), null, null);
  }
}
