package dev.omnipost.gateway.inbox;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/** An inbox action as {@code GET /v1/inbox/actions/{id}} shows it. */
record ActionView(
    String id,
    String action,
    String status,
    String accountId,
    String platform,
    String itemKind,
    String itemId,
    String text,
    Result result,
    Error error,
    int attempts,
    Instant createdAt,
    Instant completedAt) {

  /** What a completed action created: the inbox item (a reply's comment id) and its platform id. */
  record Result(String itemId, String platformId) {}

  record Error(String code, String message) {}

  static final String COLUMNS =
      "x.id, x.action, x.status, x.account_id, x.platform, x.item_kind, x.item_id, x.text,"
          + " x.result_item_id, x.platform_result_id, x.error_code, x.error_message, x.attempts,"
          + " x.created_at, x.completed_at";

  static ActionView fromRow(Readable row) {
    String status = row.get("status", String.class);
    String errorCode = row.get("error_code", String.class);
    OffsetDateTime completed = row.get("completed_at", OffsetDateTime.class);
    return new ActionView(
        row.get("id", String.class),
        row.get("action", String.class),
        status,
        row.get("account_id", String.class),
        row.get("platform", String.class),
        row.get("item_kind", String.class),
        row.get("item_id", String.class),
        row.get("text", String.class),
        "completed".equals(status)
            ? new Result(
                row.get("result_item_id", String.class),
                row.get("platform_result_id", String.class))
            : null,
        errorCode == null ? null : new Error(errorCode, row.get("error_message", String.class)),
        row.get("attempts", Integer.class),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        completed == null ? null : completed.toInstant());
  }
}
