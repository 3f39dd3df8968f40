package dev.omnipost.gateway.keys;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.gateway.web.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * What a new API key may be, and what the key creating it may hand out: never a scope, a brand or a
 * rate limit beyond its own. Bad input answers 400 naming the field; asking for more than the
 * caller holds answers 403 naming what it lacks.
 */
final class KeyRules {

  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_RATE_LIMIT = 1_000_000;
  static final int MAX_BRANDS = 100;

  private KeyRules() {}

  static String name(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", "name is required", Map.of("field", "name"));
    }
    String trimmed = name.trim();
    if (trimmed.length() > MAX_NAME_LENGTH) {
      throw ApiException.invalid(
          "request.invalid_field",
          "name may be at most " + MAX_NAME_LENGTH + " characters",
          Map.of("field", "name", "max", MAX_NAME_LENGTH));
    }
    return trimmed;
  }

  /** The requested scopes, known and without duplicates, all held by the caller. */
  static List<String> scopes(List<String> scopes, Caller caller) {
    if (scopes == null || scopes.isEmpty()) {
      throw ApiException.invalid(
          "request.missing_field",
          "scopes is required: a non-empty list of " + String.join(", ", Scopes.ALL),
          Map.of("field", "scopes", "valid", Scopes.ALL));
    }
    Set<String> unique = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String scope : scopes) {
      if (scope == null || !Scopes.ALL.contains(scope)) {
        unknown.add(String.valueOf(scope));
      } else {
        unique.add(scope);
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(
          "keys.unknown_scopes",
          "Unknown scopes: " + String.join(", ", unknown),
          Map.of("field", "scopes", "invalid", unknown, "valid", Scopes.ALL));
    }
    List<String> notHeld = unique.stream().filter(scope -> !caller.hasScope(scope)).toList();
    if (!notHeld.isEmpty()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "keys.scope_escalation",
          "A key can only grant scopes it holds itself; this key lacks "
              + String.join(", ", notHeld),
          Map.of(
              "field",
              "scopes",
              "not_held",
              notHeld,
              "held",
              Scopes.ALL.stream().filter(caller::hasScope).toList()));
    }
    return List.copyOf(unique);
  }

  /**
   * The requested brands without duplicates (empty: all brands), within the caller's own brand
   * restriction. Whether they exist is checked against the database afterwards.
   */
  static List<String> brands(List<String> brandIds, Caller caller) {
    Set<String> unique = new LinkedHashSet<>();
    if (brandIds != null) {
      for (String brandId : brandIds) {
        if (brandId == null || brandId.isBlank()) {
          throw ApiException.invalid(
              "request.invalid_field",
              "brand_ids must not contain empty values",
              Map.of("field", "brand_ids"));
        }
        unique.add(brandId);
      }
    }
    if (unique.size() > MAX_BRANDS) {
      throw ApiException.invalid(
          "request.invalid_field",
          "brand_ids may name at most " + MAX_BRANDS + " brands",
          Map.of("field", "brand_ids", "max", MAX_BRANDS));
    }
    Set<String> own = caller.brandIds();
    if (!own.isEmpty()) {
      if (unique.isEmpty()) {
        throw brandEscalation(
            "This key is restricted to some brands, so the new key must name brand_ids among"
                + " them",
            List.of(),
            own);
      }
      List<String> outside = unique.stream().filter(id -> !own.contains(id)).toList();
      if (!outside.isEmpty()) {
        throw brandEscalation(
            "A key can only grant brands it may act on itself; this key may not act on "
                + String.join(", ", outside),
            outside,
            own);
      }
    }
    return List.copyOf(unique);
  }

  private static ApiException brandEscalation(
      String message, List<String> outside, Set<String> own) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("field", "brand_ids");
    meta.put("not_held", outside);
    meta.put("held", own.stream().sorted().toList());
    return new ApiException(HttpStatus.FORBIDDEN, "keys.brand_escalation", message, meta);
  }

  static ApiException unknownBrands(List<String> unknown) {
    return ApiException.invalid(
        "keys.unknown_brands",
        "No brands with ids " + String.join(", ", unknown) + " in this workspace",
        Map.of("field", "brand_ids", "invalid", unknown));
  }

  /** An RFC 3339 timestamp in the future, or null for a key that does not expire. */
  static Instant expiresAt(String expiresAt, Instant now) {
    if (expiresAt == null) {
      return null;
    }
    Instant parsed = Timestamps.parse("expires_at", expiresAt.trim());
    if (!parsed.isAfter(now)) {
      throw ApiException.invalid(
          "keys.expiry_in_past",
          "expires_at must be in the future",
          Map.of("field", "expires_at", "now", now.toString()));
    }
    return parsed;
  }

  /**
   * The new key's own limit: at most the caller's effective limit when it has one. Left out, it is
   * the caller key's own limit (so leaving it out never raises it), else none (the workspace's).
   */
  static Integer rateLimit(Integer requested, Caller caller, Integer callerOwnLimit) {
    if (requested == null) {
      return callerOwnLimit;
    }
    if (requested < 1 || requested > MAX_RATE_LIMIT) {
      throw ApiException.invalid(
          "request.invalid_field",
          "rate_limit_per_minute must be between 1 and " + MAX_RATE_LIMIT,
          Map.of("field", "rate_limit_per_minute", "min", 1, "max", MAX_RATE_LIMIT));
    }
    Integer own = caller.rateLimitPerMinute();
    if (own != null && requested > own) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "keys.rate_limit_escalation",
          "A key can only grant a rate limit up to its own, " + own + " requests per minute",
          Map.of("field", "rate_limit_per_minute", "max", own));
    }
    return requested;
  }
}
