package dev.omnipost.gateway.quotas;

import dev.omnipost.gateway.web.ApiException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code PATCH /v1/admin/workspaces/{id}} body. Each field is optional; a limit set to
 * a number overrides the plan's, a limit set to {@code null} goes back to the plan's, and {@code
 * rate_limit_per_minute: null} goes back to the gateway's default.
 *
 * @param plan null keeps the plan
 * @param limits the overrides to set (a value) or remove (null)
 * @param rateLimitPerMinute the new value when {@code changesRateLimit}
 */
record WorkspaceChange(
    String plan, Map<Quota, Long> limits, boolean changesRateLimit, Integer rateLimitPerMinute) {

  static final String PLAN = "plan";
  static final String LIMITS = "limits";
  static final String RATE_LIMIT = "rate_limit_per_minute";
  static final List<String> FIELDS = List.of(PLAN, LIMITS, RATE_LIMIT);
  static final int MAX_RATE_LIMIT = 10_000_000;

  static WorkspaceChange parse(Map<String, Object> body, QuotaProperties plans) {
    if (body == null || body.isEmpty()) {
      throw ApiException.invalid(
          "request.empty_body",
          "Send at least one of " + String.join(", ", FIELDS),
          Map.of("valid_fields", FIELDS));
    }
    for (String field : body.keySet()) {
      if (!FIELDS.contains(field)) {
        throw ApiException.invalid(
            "request.unknown_field",
            "Unknown field '" + field + "'",
            Map.of("field", field, "valid_fields", FIELDS));
      }
    }
    return new WorkspaceChange(
        plan(body, plans),
        limits(body.get(LIMITS), body.containsKey(LIMITS)),
        body.containsKey(RATE_LIMIT),
        rateLimit(body.get(RATE_LIMIT)));
  }

  private static String plan(Map<String, Object> body, QuotaProperties plans) {
    if (!body.containsKey(PLAN)) {
      return null;
    }
    if (!(body.get(PLAN) instanceof String plan) || !plans.hasPlan(plan)) {
      throw ApiException.invalid(
          "request.invalid_plan",
          "plan must be one of " + plans.planNames(),
          Map.of("field", PLAN, "valid_values", plans.planNames()));
    }
    return plan;
  }

  private static Map<Quota, Long> limits(Object value, boolean present) {
    Map<Quota, Long> limits = new EnumMap<>(Quota.class);
    if (!present) {
      return limits;
    }
    if (!(value instanceof Map<?, ?> given)) {
      throw ApiException.invalid(
          "request.invalid_field",
          "limits must be an object of quota to limit",
          Map.of("field", LIMITS, "valid_values", Quota.ids()));
    }
    for (Map.Entry<?, ?> entry : given.entrySet()) {
      String id = String.valueOf(entry.getKey());
      String field = LIMITS + "." + id;
      Quota quota =
          Quota.fromId(id)
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "request.invalid_field",
                          "Unknown quota '" + id + "'",
                          Map.of("field", field, "valid_values", Quota.ids())));
      limits.put(quota, whole(entry.getValue(), field, 0, QuotaLimits.MAX_LIMIT));
    }
    return limits;
  }

  private static Integer rateLimit(Object value) {
    Long limit = whole(value, RATE_LIMIT, 1, MAX_RATE_LIMIT);
    return limit == null ? null : limit.intValue();
  }

  /** Null, or a whole number within [min, max]; anything else is a 400 naming the field. */
  private static Long whole(Object value, String field, long min, long max) {
    if (value == null) {
      return null;
    }
    if ((value instanceof Integer || value instanceof Long)
        && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= max) {
      return ((Number) value).longValue();
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("field", field);
    meta.put("min", min);
    meta.put("max", max);
    throw ApiException.invalid(
        "request.invalid_field",
        field + " must be a whole number from " + min + " to " + max + ", or null",
        meta);
  }
}
