package dev.omnipost.connectors.meta;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Meta's usage headers say about an account's call budget: {@code X-App-Usage} and {@code
 * X-Page-Usage} ({@code {"call_count","total_cputime","total_time"}} in percent of a rolling hour)
 * and {@code X-Business-Use-Case-Usage} ({@code {"<id>":[{"type","call_count",...,
 * "estimated_time_to_regain_access":<minutes>}]}}). Throttling starts at 100 %.
 *
 * @param percent the highest usage figure in any header, -1 when none was sent
 * @param regainAccess the longest {@code estimated_time_to_regain_access}, null when none was sent
 */
public record MetaUsage(int percent, Duration regainAccess) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String[] FLAT = {"X-App-Usage", "X-Page-Usage", "X-Ad-Account-Usage"};
  private static final String[] FIGURES = {"call_count", "total_cputime", "total_time"};
  private static final Duration SHARE_OF_HOUR = Duration.ofSeconds(36);

  public static MetaUsage of(HttpHeaders headers) {
    int percent = -1;
    long minutes = -1;
    for (String header : FLAT) {
      JsonNode usage = parse(headers.getFirst(header));
      percent = Math.max(percent, highest(usage));
    }
    JsonNode business = parse(headers.getFirst("X-Business-Use-Case-Usage"));
    for (JsonNode usages : business) {
      for (JsonNode usage : usages.isArray() ? usages : JSON.createArrayNode().add(usages)) {
        percent = Math.max(percent, highest(usage));
        minutes = Math.max(minutes, usage.path("estimated_time_to_regain_access").asLong(-1));
      }
    }
    return new MetaUsage(percent, minutes >= 0 ? Duration.ofMinutes(minutes) : null);
  }

  /**
   * How long to wait before calling again: Meta's own estimate when it gave one; else, at 100 % or
   * more of a rolling hour, until enough of the hour has rolled out to go under 100 % again (1 % is
   * 36 s of the hour); null when neither says.
   */
  public Duration waitBeforeCalling() {
    if (regainAccess != null && !regainAccess.isZero()) {
      return regainAccess;
    }
    if (percent >= 100) {
      return SHARE_OF_HOUR.multipliedBy(percent - 99L);
    }
    return regainAccess;
  }

  private static int highest(JsonNode usage) {
    int highest = -1;
    for (String figure : FIGURES) {
      highest = Math.max(highest, usage.path(figure).asInt(-1));
    }
    return highest;
  }

  private static JsonNode parse(String value) {
    if (value == null || value.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(value);
    } catch (JacksonException unreadable) {
      return JSON.missingNode();
    }
  }
}
