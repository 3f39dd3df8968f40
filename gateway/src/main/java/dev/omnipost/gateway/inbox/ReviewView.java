package dev.omnipost.gateway.inbox;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A review of the unified inbox as the API shows it, the same shape for every platform: who wrote
 * it, its stars (1-5; null for a recommendation without stars), its text, and the business's
 * current reply.
 */
record ReviewView(
    String id,
    String accountId,
    String platform,
    String platformReviewId,
    Author author,
    Integer rating,
    String text,
    Reply reply,
    Instant createdAt,
    Instant updatedAt,
    Instant receivedAt) {

  /** The reviewer, as the platform names them. */
  record Author(String name) {}

  /** The business's answer, as it stands on the platform. */
  record Reply(String text, Instant updatedAt) {}

  static final String COLUMNS =
      "r.id, r.account_id, r.platform, r.platform_review_id, r.author_name, r.rating, r.text,"
          + " r.reply_text, r.reply_updated_at, r.created_at, r.updated_at, r.received_at";

  static ReviewView fromRow(Readable row) {
    String reply = row.get("reply_text", String.class);
    Short rating = row.get("rating", Short.class);
    return new ReviewView(
        row.get("id", String.class),
        row.get("account_id", String.class),
        row.get("platform", String.class),
        row.get("platform_review_id", String.class),
        new Author(row.get("author_name", String.class)),
        rating == null ? null : rating.intValue(),
        row.get("text", String.class),
        reply == null
            ? null
            : new Reply(reply, instant(row.get("reply_updated_at", OffsetDateTime.class))),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("updated_at", OffsetDateTime.class).toInstant(),
        row.get("received_at", OffsetDateTime.class).toInstant());
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
