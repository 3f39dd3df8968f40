package dev.omnipost.gateway.ratelimit;

import dev.omnipost.gateway.web.ApiException;
import io.github.bucket4j.ConsumptionProbe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The answer of one rate limit to one request, and how the client is told: {@code X-RateLimit-*}
 * headers on every response, 429 {@code rate_limited} with {@code Retry-After} when refused.
 *
 * @param limit requests per minute
 * @param remaining requests left in the current window (this instance's view)
 * @param resetSeconds seconds until the window starts again with the full limit
 * @param retryAfterSeconds when refused, seconds until a request would be admitted; else 0
 */
public record RateLimitDecision(
    boolean admitted, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

  public static final String LIMIT = "X-RateLimit-Limit";
  public static final String REMAINING = "X-RateLimit-Remaining";
  public static final String RESET = "X-RateLimit-Reset";

  static RateLimitDecision of(long limit, ConsumptionProbe probe) {
    long reset = seconds(probe.getNanosToWaitForReset());
    if (probe.isConsumed()) {
      return new RateLimitDecision(true, limit, Math.max(0, probe.getRemainingTokens()), reset, 0);
    }
    long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
    return new RateLimitDecision(false, limit, 0, Math.max(reset, retryAfter), retryAfter);
  }

  /** Sets the {@code X-RateLimit-*} headers (and {@code Retry-After} when refused). */
  public void writeTo(HttpHeaders headers) {
    headers.set(LIMIT, Long.toString(limit));
    headers.set(REMAINING, Long.toString(remaining));
    headers.set(RESET, Long.toString(resetSeconds));
    if (!admitted) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
  }

  /** 429 {@code rate_limited} with {@code meta {limit, retry_after}}. */
  public ApiException rejection(String what) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("limit", limit);
    meta.put("retry_after", retryAfterSeconds);
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS,
        "rate_limited",
        "Rate limit of "
            + limit
            + " requests per minute for "
            + what
            + " exceeded; retry after "
            + retryAfterSeconds
            + " s",
        meta);
  }

  private static long seconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }
}
