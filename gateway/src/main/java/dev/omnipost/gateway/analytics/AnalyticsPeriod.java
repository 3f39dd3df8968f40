package dev.omnipost.gateway.analytics;

import dev.omnipost.gateway.web.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * A reporting period of {@code GET /v1/analytics} and of exports: the last {@code days} calendar
 * days in UTC, today included, from the start of the first one to now.
 */
public record AnalyticsPeriod(String name, int days, LocalDate firstDay, Instant from, Instant to) {

  public static final List<String> NAMES = List.of("7d", "30d", "90d", "365d");

  /** Parses {@code 7d|30d|90d|365d} (default {@code 30d}); anything else answers 400. */
  public static AnalyticsPeriod parse(String value, Instant now) {
    String name = value == null || value.isBlank() ? "30d" : value;
    if (!NAMES.contains(name)) {
      throw ApiException.invalid(
          "request.invalid_period",
          "period must be one of " + String.join(", ", NAMES),
          Map.of("field", "period", "valid_values", NAMES));
    }
    int days = Integer.parseInt(name.substring(0, name.length() - 1));
    LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate first = today.minusDays(days - 1L);
    return new AnalyticsPeriod(
        name, days, first, first.atStartOfDay(ZoneOffset.UTC).toInstant(), now);
  }
}
