package dev.omnipost.gateway.brands;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A brand (one of an agency's clients inside a workspace) as the API shows it. */
record BrandView(String id, String name, Instant createdAt, Instant updatedAt) {

  static final String COLUMNS = "id, name, created_at, updated_at";

  static BrandView fromRow(Readable row) {
    return new BrandView(
        row.get("id", String.class),
        row.get("name", String.class),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("updated_at", OffsetDateTime.class).toInstant());
  }
}
