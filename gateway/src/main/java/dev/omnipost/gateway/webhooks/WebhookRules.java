package dev.omnipost.gateway.webhooks;

import dev.omnipost.events.EventCatalogue;
import dev.omnipost.gateway.web.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a webhook endpoint may be: an absolute http(s) URL, event types from the catalogue, and a
 * fresh signing secret. Violations answer 400 naming the field (and the valid values).
 */
final class WebhookRules {

  static final List<String> DELIVERY_STATUSES =
      List.of("pending", "retrying", "succeeded", "failed");
  private static final int MAX_URL_LENGTH = 2048;
  private static final int MAX_DESCRIPTION_LENGTH = 500;
  private static final int MAX_RATE_LIMIT = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookRules() {}

  static URI url(String url) {
    if (url == null || url.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", "url is required", Map.of("field", "url"));
    }
    URI parsed;
    try {
      parsed = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw invalidUrl();
    }
    String scheme = parsed.getScheme();
    if (url.length() > MAX_URL_LENGTH
        || scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || parsed.getHost() == null
        || parsed.getRawUserInfo() != null) {
      throw invalidUrl();
    }
    return parsed;
  }

  private static ApiException invalidUrl() {
    return ApiException.invalid(
        "webhook.invalid_url",
        "url must be an absolute http or https URL with a host (at most "
            + MAX_URL_LENGTH
            + " characters)",
        Map.of("field", "url"));
  }

  /** The subscribed types without duplicates; empty means all. */
  static List<String> events(List<String> events) {
    if (events == null) {
      return List.of();
    }
    Set<String> unique = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String type : events) {
      if (type == null || !EventCatalogue.contains(type)) {
        unknown.add(String.valueOf(type));
      } else {
        unique.add(type);
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(
          "webhook.unknown_event_types",
          "Unknown event types: " + String.join(", ", unknown),
          Map.of(
              "field",
              "events",
              "invalid",
              unknown,
              "valid",
              List.copyOf(EventCatalogue.types().keySet())));
    }
    return List.copyOf(unique);
  }

  static String description(String description) {
    if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
      throw ApiException.invalid(
          "request.invalid_field",
          "description may be at most " + MAX_DESCRIPTION_LENGTH + " characters",
          Map.of("field", "description", "max", MAX_DESCRIPTION_LENGTH));
    }
    return description;
  }

  static Integer rateLimit(Integer perSecond) {
    if (perSecond != null && (perSecond < 1 || perSecond > MAX_RATE_LIMIT)) {
      throw ApiException.invalid(
          "request.invalid_field",
          "rate_limit_per_second must be between 1 and " + MAX_RATE_LIMIT,
          Map.of("field", "rate_limit_per_second", "min", 1, "max", MAX_RATE_LIMIT));
    }
    return perSecond;
  }

  static String deliveryStatus(String status) {
    if (status != null && !DELIVERY_STATUSES.contains(status)) {
      throw ApiException.invalid(
          "request.invalid_field",
          "status must be one of " + String.join(", ", DELIVERY_STATUSES),
          Map.of("field", "status", "valid", DELIVERY_STATUSES));
    }
    return status;
  }

  /** A Standard Webhooks secret: {@code whsec_} and the base64 of 32 random bytes. */
  static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }
}
