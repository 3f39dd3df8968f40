package dev.omnipost.gateway.webhooks;

import dev.omnipost.egress.EgressBlockedException;
import dev.omnipost.egress.EgressGuard;
import dev.omnipost.events.EventCatalogue;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Timestamps;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a webhook endpoint may be: an absolute http(s) URL whose host resolves only to addresses the
 * SSRF guard lets the dispatcher reach, event types from the catalogue, and a fresh signing secret.
 * Violations answer 400 naming the field (and the valid values).
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

  /**
   * Resolves the URL's host and checks every address with the SSRF guard, so a tenant learns at
   * creation that an endpoint can never be delivered to. Blocks on DNS: call it off the event loop.
   * (The dispatcher checks again on every connection; this is the early answer, not the defence.)
   */
  static void reachable(EgressGuard guard, URI url) {
    try {
      guard.vet(url);
    } catch (EgressBlockedException e) {
      throw switch (e.reason()) {
        case INVALID_URL -> invalidUrl();
        case UNRESOLVABLE ->
            ApiException.invalid(
                "webhook.url_unresolvable",
                "url's host " + url.getHost() + " does not resolve; check the name",
                Map.of("field", "url", "url", url.toString()));
        case ADDRESS_NOT_ALLOWED ->
            ApiException.invalid(
                "webhook.url_not_allowed",
                "url is not allowed: " + e.getMessage() + " (omnipost.egress.allowed-networks)",
                Map.of("field", "url", "url", url.toString()));
      };
    }
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

  /** A single event type of the catalogue (a query filter or a test's type); null stays null. */
  static String eventType(String field, String type) {
    if (type != null && !EventCatalogue.contains(type)) {
      throw ApiException.invalid(
          "webhook.unknown_event_types",
          "Unknown event type: " + type,
          Map.of(
              "field",
              field,
              "invalid",
              List.of(type),
              "valid",
              List.copyOf(EventCatalogue.types().keySet())));
    }
    return type;
  }

  /** A time window [since, until); either end may be open unless required. */
  record Window(Instant since, Instant until) {}

  static Window window(String since, String until, boolean sinceRequired) {
    if (sinceRequired && (since == null || since.isBlank())) {
      throw ApiException.invalid(
          "request.missing_field", "since is required", Map.of("field", "since"));
    }
    Instant from = Timestamps.parse("since", since);
    Instant to = Timestamps.parse("until", until);
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid(
          "request.invalid_window", "since must be before until", Map.of("field", "since"));
    }
    return new Window(from, to);
  }

  static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(24);
  static final Duration MAX_GRACE_PERIOD = Duration.ofDays(7);

  /**
   * How long the previous secret keeps signing after a rotation, in seconds (0 ends it at once;
   * default 24 h, at most 7 days).
   */
  static Duration gracePeriod(Long seconds) {
    if (seconds == null) {
      return DEFAULT_GRACE_PERIOD;
    }
    if (seconds < 0 || seconds > MAX_GRACE_PERIOD.toSeconds()) {
      throw ApiException.invalid(
          "request.invalid_field",
          "grace_period must be between 0 and "
              + MAX_GRACE_PERIOD.toSeconds()
              + " seconds (7 days)",
          Map.of("field", "grace_period", "min", 0, "max", MAX_GRACE_PERIOD.toSeconds()));
    }
    return Duration.ofSeconds(seconds);
  }

  /** A Standard Webhooks secret: {@code whsec_} and the base64 of 32 random bytes. */
  static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }
}
