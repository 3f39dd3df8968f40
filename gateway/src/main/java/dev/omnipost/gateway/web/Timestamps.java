package dev.omnipost.gateway.web;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one parser of timestamps in requests (bodies and query parameters): RFC 3339 date-times with
 * any offset, answered as UTC instants at the microsecond precision PostgreSQL stores, so what the
 * API echoes is what it stored. Anything else is a 400 {@code request.invalid_field} naming the
 * field.
 *
 * <p>Stricter than {@link OffsetDateTime#parse}: seconds and an offset are required ({@code
 * 2030-01-01T09:00Z} is not RFC 3339), the year has four digits (so no value overflows the
 * database), and {@code t}/{@code z} may be lower case as RFC 3339 allows. Every timestamp lies
 * between {@link #EARLIEST} and {@link #LATEST}; a time something is to happen at ({@link
 * #parseSchedule}) lies within the configured horizon from now (ADR 0025).
 */
public final class Timestamps {

  private static final DateTimeFormatter RFC_3339 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendValue(YEAR, 4)
          .appendLiteral('-')
          .appendValue(MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(DAY_OF_MONTH, 2)
          .appendLiteral('T')
          .appendValue(HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter(Locale.ROOT)
          .withChronology(IsoChronology.INSTANCE)
          .withResolverStyle(ResolverStyle.STRICT);

  /** The earliest instant any request may name (nothing in Omnipost is older). */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  /** The latest instant any request may name: the last one with a four-digit year. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private Timestamps() {}

  /**
   * Parses {@code value}, the request's {@code field}; null stays null (an optional field left
   * out).
   *
   * @throws ApiException 400 {@code request.invalid_field} with {@code meta.field}
   */
  public static Instant parse(String field, String value) {
    if (value == null) {
      return null;
    }
    Instant parsed;
    try {
      parsed = OffsetDateTime.parse(value, RFC_3339).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (java.time.DateTimeException e) {
      throw ApiException.invalid(
          "request.invalid_field",
          field + " must be an RFC 3339 timestamp with an offset, such as 2030-01-31T09:00:00Z",
          Map.of("field", field));
    }
    if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
      throw outOfRange(field, EARLIEST, LATEST);
    }
    return parsed;
  }

  /**
   * Parses {@code value}, the request's {@code field} naming when something is to happen, and
   * refuses a time more than {@code horizon} after {@code now} (how early it may be is the caller's
   * rule); null stays null.
   *
   * @throws ApiException 400 {@code request.invalid_field}, or {@code
   *     request.timestamp_out_of_range} with {@code meta.field} and {@code meta.latest}
   */
  public static Instant parseSchedule(String field, String value, Instant now, Duration horizon) {
    Instant parsed = parse(field, value);
    Instant latest = now.plus(horizon).truncatedTo(ChronoUnit.SECONDS);
    if (parsed != null && parsed.isAfter(latest)) {
      throw outOfRange(field, null, latest);
    }
    return parsed;
  }

  private static ApiException outOfRange(String field, Instant earliest, Instant latest) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("field", field);
    if (earliest != null) {
      meta.put("earliest", earliest.toString());
    }
    meta.put("latest", latest.toString());
    return ApiException.invalid(
        "request.timestamp_out_of_range",
        field
            + " must be "
            + (earliest == null ? "" : "from " + earliest + " ")
            + "until "
            + latest
            + " at the latest",
        meta);
  }
}
