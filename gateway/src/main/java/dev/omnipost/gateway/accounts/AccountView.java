package dev.omnipost.gateway.accounts;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A connected social account as the API shows it; tokens never leave the database. {@link #COLUMNS}
 * and {@link #fromRow} keep every query that returns accounts in step.
 */
public record AccountView(
    String id,
    String platform,
    String brandId,
    String name,
    String handle,
    String status,
    Instant connectedAt,
    Instant tokenExpiresAt) {

  /** The columns {@link #fromRow} reads, for SELECT and RETURNING clauses. */
  public static final String COLUMNS =
      "id, platform, brand_id, name, handle, status, connected_at, token_expires_at, created_at";

  public static AccountView fromRow(Readable row) {
    return new AccountView(
        row.get("id", String.class),
        row.get("platform", String.class),
        row.get("brand_id", String.class),
        row.get("name", String.class),
        row.get("handle", String.class),
        row.get("status", String.class),
        instant(row.get("connected_at", OffsetDateTime.class)),
        instant(row.get("token_expires_at", OffsetDateTime.class)));
  }

  static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
