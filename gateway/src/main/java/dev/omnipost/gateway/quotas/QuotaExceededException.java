package dev.omnipost.gateway.quotas;

import dev.omnipost.gateway.web.ApiException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * 402 {@code quota.exceeded}: the effect would take the workspace past a plan limit. {@code meta}
 * carries {@code quota}, {@code limit}, {@code used} and, for monthly quotas, {@code resets_at}.
 */
public class QuotaExceededException extends ApiException {

  public static final String CODE = "quota.exceeded";

  private final Quota quota;
  private final long limit;
  private final long used;
  private final Instant resetsAt;

  QuotaExceededException(Quota quota, long limit, long used, long requested, Instant resetsAt) {
    super(
        HttpStatus.PAYMENT_REQUIRED,
        CODE,
        message(quota, limit, used, requested, resetsAt),
        meta(quota, limit, used, resetsAt));
    this.quota = quota;
    this.limit = limit;
    this.used = used;
    this.resetsAt = resetsAt;
  }

  public Quota quota() {
    return quota;
  }

  public long limit() {
    return limit;
  }

  public long used() {
    return used;
  }

  /** What is left of the limit in this period. */
  public long remaining() {
    return Math.max(0, limit - used);
  }

  /** When a monthly quota starts again from zero; null for a standing quota. */
  public Instant resetsAt() {
    return resetsAt;
  }

  /** The meta every over-quota answer carries; other codes (credits) add their own fields. */
  public Map<String, Object> quotaMeta() {
    return meta(quota, limit, used, resetsAt);
  }

  private static Map<String, Object> meta(Quota quota, long limit, long used, Instant resetsAt) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("quota", quota.id());
    meta.put("limit", limit);
    meta.put("used", used);
    if (resetsAt != null) {
      meta.put("resets_at", resetsAt.toString());
    }
    return meta;
  }

  private static String message(
      Quota quota, long limit, long used, long requested, Instant resetsAt) {
    String text =
        "This workspace's plan allows "
            + limit
            + " "
            + quota.id()
            + "; "
            + used
            + " used, this request needs "
            + requested
            + " more";
    return resetsAt == null ? text : text + " (resets at " + resetsAt + ")";
  }
}
