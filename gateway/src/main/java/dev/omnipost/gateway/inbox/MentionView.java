package dev.omnipost.gateway.inbox;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A mention of an account as the API shows it: the same shape for every platform. */
record MentionView(
    String id,
    String accountId,
    String platform,
    String platformItemId,
    String platformPostId,
    CommentView.Author author,
    String text,
    String url,
    boolean read,
    Instant createdAt,
    Instant receivedAt) {

  static final String COLUMNS =
      "m.id, m.account_id, m.platform, m.platform_item_id, m.platform_post_id, m.author_id,"
          + " m.author_name, m.text, m.url, m.read_at, m.created_at, m.received_at";

  static MentionView fromRow(Readable row) {
    return new MentionView(
        row.get("id", String.class),
        row.get("account_id", String.class),
        row.get("platform", String.class),
        row.get("platform_item_id", String.class),
        row.get("platform_post_id", String.class),
        new CommentView.Author(
            row.get("author_id", String.class), row.get("author_name", String.class)),
        row.get("text", String.class),
        row.get("url", String.class),
        row.get("read_at", OffsetDateTime.class) != null,
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("received_at", OffsetDateTime.class).toInstant());
  }
}
