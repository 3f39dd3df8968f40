package dev.omnipost.gateway.web;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
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
 * database), and {@code t}/{@code z} may be lower case as RFC 3339 allows.
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
    try {
      return OffsetDateTime.parse(value, RFC_3339).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          "request.invalid_field",
          field + " must be an RFC 3339 timestamp with an offset, such as 2030-01-31T09:00:00Z",
          Map.of("field", field));
    }
  }
}
