package dev.omnipost.gateway.conversations;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A direct-message conversation of the unified inbox as the API shows it, the same shape for every
 * platform: the account's thread with one other party, its status and assignee, how many of the
 * party's messages are unread, and when the party last wrote (the start of the platform's reply
 * window, where it has one).
 */
record ConversationView(
    String id,
    String accountId,
    String platform,
    String platformConversationId,
    Participant participant,
    String status,
    String assignee,
    long unreadCount,
    boolean read,
    Instant lastMessageAt,
    Instant lastIncomingAt,
    Instant createdAt,
    Instant updatedAt) {

  /** The other party, as the platform names them. */
  record Participant(String id, String handle, String name) {}

  static final String COLUMNS =
      "v.id, v.account_id, v.platform, v.platform_conversation_id, v.participant_id,"
          + " v.participant_handle, v.participant_name, v.status, v.assignee, v.last_message_at,"
          + " v.last_incoming_at, v.created_at, v.updated_at,"
          + " (SELECT count(*) FROM inbox_messages m WHERE m.conversation_id = v.id"
          + " AND m.read_at IS NULL AND NOT m.by_account) AS unread_count";

  static ConversationView fromRow(Readable row) {
    Number unread = row.get("unread_count", Number.class);
    long unreadCount = unread == null ? 0 : unread.longValue();
    return new ConversationView(
        row.get("id", String.class),
        row.get("account_id", String.class),
        row.get("platform", String.class),
        row.get("platform_conversation_id", String.class),
        new Participant(
            row.get("participant_id", String.class),
            row.get("participant_handle", String.class),
            row.get("participant_name", String.class)),
        row.get("status", String.class),
        row.get("assignee", String.class),
        unreadCount,
        unreadCount == 0,
        instant(row.get("last_message_at", OffsetDateTime.class)),
        instant(row.get("last_incoming_at", OffsetDateTime.class)),
        instant(row.get("created_at", OffsetDateTime.class)),
        instant(row.get("updated_at", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
