package dev.omnipost.gateway.exports;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/** An export as the API shows it. */
record ExportView(
    String id,
    String type,
    String format,
    String period,
    Instant from,
    Instant to,
    String accountId,
    String status,
    Long rowCount,
    Long sizeBytes,
    String downloadUrl,
    Map<String, String> error,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Instant expiresAt) {

  static final String COLUMNS =
      "e.id, e.type, e.format, e.period, e.period_from, e.period_to, e.account_id, e.status,"
          + " e.row_count, e.size_bytes, e.error_code, e.error_message, e.created_at, e.started_at,"
          + " e.completed_at, e.expires_at";

  static ExportView fromRow(Readable row) {
    String id = row.get("id", String.class);
    String status = row.get("status", String.class);
    String errorCode = row.get("error_code", String.class);
    return new ExportView(
        id,
        row.get("type", String.class),
        row.get("format", String.class),
        row.get("period", String.class),
        instant(row, "period_from"),
        instant(row, "period_to"),
        row.get("account_id", String.class),
        status,
        row.get("row_count", Long.class),
        row.get("size_bytes", Long.class),
        "completed".equals(status) ? "/v1/exports/" + id + "/download" : null,
        errorCode == null
            ? null
            : Map.of("code", errorCode, "message", row.get("error_message", String.class)),
        instant(row, "created_at"),
        instant(row, "started_at"),
        instant(row, "completed_at"),
        instant(row, "expires_at"));
  }

  private static Instant instant(Readable row, String column) {
    OffsetDateTime value = row.get(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
