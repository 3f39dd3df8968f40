package dev.omnipost.gateway.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The opaque position after the last item of a page: base64url of {@code createdAt|id}. Keyset
 * pagination on (created_at DESC, id DESC) stays correct while new items arrive.
 *
 * <p>Query shape: {@code WHERE (created_at, id) < (:createdAt, :id) ORDER BY created_at DESC, id
 * DESC LIMIT :limit + 1}; fetch one extra row to know whether there is a next page.
 */
public record Cursor(Instant createdAt, String id) {

  public static final int DEFAULT_LIMIT = 25;
  public static final int MAX_LIMIT = 100;

  public String encode() {
    String raw = createdAt.toString() + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a cursor from a query parameter; null or blank means the first page. */
  public static Cursor decode(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new Cursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
    } catch (IllegalArgumentException
        | DateTimeParseException
        | StringIndexOutOfBoundsException e) {
      throw ApiException.invalid(
          "request.invalid_cursor",
          "cursor is not one this API returned",
          Map.of("field", "cursor"));
    }
  }

  /** Checks {@code limit} (1-100, default 25) and answers 400 otherwise. */
  public static int limit(Integer requested) {
    if (requested == null) {
      return DEFAULT_LIMIT;
    }
    if (requested < 1 || requested > MAX_LIMIT) {
      throw ApiException.invalid(
          "request.invalid_limit",
          "limit must be between 1 and " + MAX_LIMIT,
          Map.of("field", "limit", "min", 1, "max", MAX_LIMIT));
    }
    return requested;
  }

  /**
   * Builds a page from up to {@code limit + 1} rows fetched in order: the extra row only tells that
   * there is a next page.
   */
  public static <T> Page<T> page(
      List<T> rows, int limit, Function<T, Instant> createdAt, Function<T, String> id) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<T> data = rows.subList(0, limit);
    T last = data.get(limit - 1);
    return new Page<>(
        List.copyOf(data), new Cursor(createdAt.apply(last), id.apply(last)).encode());
  }
}
