package dev.omnipost.gateway.queues;

import java.util.List;

/**
 * The body of {@code PUT /v1/accounts/{id}/queue}: the account's weekly slots as text, so each bad
 * value gets its own precise 400 from {@link QueueRules}.
 */
record QueueRequest(String timezone, List<SlotRequest> slots) {

  /** One weekly slot: {@code monday}..{@code sunday} and {@code HH:mm} on a 24-hour clock. */
  record SlotRequest(String day, String time) {}
}
