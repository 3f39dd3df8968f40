package dev.omnipost.gateway.conversations;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A direct message as the API shows it, the same shape for every platform: its conversation, who
 * wrote it (the account itself when {@code by_account}: an answer sent through the API or on the
 * platform), the text, and whether it was read.
 */
record MessageView(
    String id,
    String conversationId,
    String accountId,
    String platform,
    String platformMessageId,
    Author author,
    String text,
    boolean byAccount,
    boolean read,
    Instant createdAt,
    Instant receivedAt) {

  /** Who wrote the message, as the platform names them. */
  record Author(String id, String handle, String name) {}

  static final String COLUMNS =
      "m.id, m.conversation_id, m.account_id, m.platform, m.platform_item_id, m.author_id,"
          + " m.author_handle, m.author_name, m.text, m.by_account, m.read_at, m.created_at,"
          + " m.received_at";

  static MessageView fromRow(Readable row) {
    return new MessageView(
        row.get("id", String.class),
        row.get("conversation_id", String.class),
        row.get("account_id", String.class),
        row.get("platform", String.class),
        row.get("platform_item_id", String.class),
        new Author(
            row.get("author_id", String.class),
            row.get("author_handle", String.class),
            row.get("author_name", String.class)),
        row.get("text", String.class),
        Boolean.TRUE.equals(row.get("by_account", Boolean.class)),
        row.get("read_at", OffsetDateTime.class) != null,
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("received_at", OffsetDateTime.class).toInstant());
  }
}
