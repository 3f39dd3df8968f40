package dev.omnipost.gateway.quotas;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The period a quota's usage is counted in: the calendar month in UTC for monthly quotas (key
 * {@code 2026-12}, from the 1st 00:00 UTC to the next 1st), one standing period ({@code total},
 * never reset) for the others.
 *
 * @param start the first instant of the period; null for a standing quota
 * @param resetsAt when usage starts again from zero; null for a standing quota
 */
record QuotaPeriod(String key, Instant start, Instant resetsAt) {

  static final String STANDING = "total";
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

  static QuotaPeriod of(Quota quota, Instant now) {
    return quota.monthly() ? month(now) : new QuotaPeriod(STANDING, null, null);
  }

  static QuotaPeriod month(Instant now) {
    YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    return new QuotaPeriod(
        month.format(MONTH),
        month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
        month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }
}
