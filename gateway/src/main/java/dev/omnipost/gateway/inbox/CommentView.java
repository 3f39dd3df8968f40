package dev.omnipost.gateway.inbox;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A comment of the unified inbox as the API shows it: the same shape for every platform, with its
 * flags (hidden, liked, read), whether the account itself wrote it (a reply sent through the API)
 * and when it was deleted.
 */
record CommentView(
    String id,
    String accountId,
    String platform,
    String platformCommentId,
    String postId,
    String platformPostId,
    String parentId,
    Author author,
    String text,
    boolean hidden,
    boolean liked,
    boolean read,
    boolean byAccount,
    Instant deletedAt,
    Instant createdAt,
    Instant receivedAt) {

  /** Who wrote the comment, as the platform names them. */
  record Author(String id, String name) {}

  static final String COLUMNS =
      "c.id, c.account_id, c.platform, c.platform_item_id, c.post_id, c.platform_post_id, c.parent_id,"
          + " c.author_id, c.author_name, c.text, c.hidden, c.liked, c.read_at, c.by_account, c.deleted_at, c.created_at,"
          + " c.received_at";

  static CommentView fromRow(Readable row) {
    return new CommentView(
        row.get("id", String.class),
        row.get("account_id", String.class),
        row.get("platform", String.class),
        row.get("platform_item_id", String.class),
        row.get("post_id", String.class),
        row.get("platform_post_id", String.class),
        row.get("parent_id", String.class),
        new Author(row.get("author_id", String.class), row.get("author_name", String.class)),
        row.get("text", String.class),
        Boolean.TRUE.equals(row.get("hidden", Boolean.class)),
        Boolean.TRUE.equals(row.get("liked", Boolean.class)),
        row.get("read_at", OffsetDateTime.class) != null,
        Boolean.TRUE.equals(row.get("by_account", Boolean.class)),
        instant(row.get("deleted_at", OffsetDateTime.class)),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("received_at", OffsetDateTime.class).toInstant());
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
