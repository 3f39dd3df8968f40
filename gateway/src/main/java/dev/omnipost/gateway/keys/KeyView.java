package dev.omnipost.gateway.keys;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * An API key as lists show it: never the key or its hash. {@code brandIds} empty means the key may
 * act on every brand.
 */
record KeyView(
    String id,
    String name,
    String keyPrefix,
    List<String> scopes,
    List<String> brandIds,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    Integer rateLimitPerMinute) {

  static final String COLUMNS =
      "id, name, key_prefix, scopes, brand_ids, created_at, last_used_at, expires_at,"
          + " rate_limit_per_minute";

  static KeyView fromRow(Readable row) {
    return new KeyView(
        row.get("id", String.class),
        row.get("name", String.class),
        row.get("key_prefix", String.class),
        list(row.get("scopes", String[].class)),
        list(row.get("brand_ids", String[].class)),
        instant(row.get("created_at", OffsetDateTime.class)),
        instant(row.get("last_used_at", OffsetDateTime.class)),
        instant(row.get("expires_at", OffsetDateTime.class)),
        row.get("rate_limit_per_minute", Integer.class));
  }

  private static List<String> list(String[] values) {
    return values == null ? List.of() : List.copyOf(Arrays.asList(values));
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
