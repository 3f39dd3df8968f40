package dev.omnipost.gateway.webhooks;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The shapes the webhook endpoints answer with, and how they are read from rows. */
final class WebhookViews {

  private WebhookViews() {}

  static final String ENDPOINT_COLUMNS =
      "id, brand_id, url, events, description, enabled, rate_limit_per_second, disabled_reason,"
          + " created_at, updated_at";

  /** An endpoint as listed and shown; the secret is never part of it. */
  record EndpointView(
      String id,
      String brandId,
      String url,
      List<String> events,
      String description,
      boolean enabled,
      Integer rateLimitPerSecond,
      String disabledReason,
      Instant createdAt,
      Instant updatedAt) {

    static EndpointView fromRow(Readable row) {
      String[] events = row.get("events", String[].class);
      return new EndpointView(
          row.get("id", String.class),
          row.get("brand_id", String.class),
          row.get("url", String.class),
          events == null ? List.of() : Arrays.asList(events),
          row.get("description", String.class),
          Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
          row.get("rate_limit_per_second", Integer.class),
          row.get("disabled_reason", String.class),
          instant(row.get("created_at", OffsetDateTime.class)),
          instant(row.get("updated_at", OffsetDateTime.class)));
    }
  }

  /** The answer to a create: the endpoint and, this once, its signing secret. */
  record CreatedEndpointView(
      String id,
      String brandId,
      String url,
      List<String> events,
      String description,
      boolean enabled,
      Integer rateLimitPerSecond,
      String secret,
      Instant createdAt) {}

  static final String DELIVERY_COLUMNS =
      "id, event_id, event_type, status, attempts, last_status_code, next_attempt_at, created_at, updated_at";

  record DeliveryView(
      String id,
      String eventId,
      String eventType,
      String status,
      int attempts,
      Integer lastStatusCode,
      Instant nextAttemptAt,
      Instant createdAt,
      Instant updatedAt) {

    static DeliveryView fromRow(Readable row) {
      return new DeliveryView(
          row.get("id", String.class),
          row.get("event_id", String.class),
          row.get("event_type", String.class),
          row.get("status", String.class),
          row.get("attempts", Integer.class),
          row.get("last_status_code", Integer.class),
          instant(row.get("next_attempt_at", OffsetDateTime.class)),
          instant(row.get("created_at", OffsetDateTime.class)),
          instant(row.get("updated_at", OffsetDateTime.class)));
    }
  }

  /**
   * One delivery with the exact payload sent and every attempt, oldest first ({@code attempts} is
   * the list here; {@code attempt_count} the number the list view calls {@code attempts}).
   */
  record DeliveryDetailView(
      String id,
      String eventId,
      String eventType,
      String status,
      int attemptCount,
      Integer lastStatusCode,
      Instant nextAttemptAt,
      Instant createdAt,
      Instant updatedAt,
      JsonNode payload,
      List<AttemptView> attempts) {}

  static final String ATTEMPT_COLUMNS =
      "attempt_number, trigger, url, status_code, response_headers::text AS response_headers, response_body,"
          + " duration_ms, error_class, next_attempt_at, attempted_at";

  record AttemptView(
      int attemptNumber,
      String trigger,
      String url,
      Integer statusCode,
      JsonNode responseHeaders,
      String responseBody,
      long durationMs,
      String errorClass,
      Instant nextAttemptAt,
      Instant attemptedAt) {}

  /**
   * One entry of the event catalogue: {@code reserved} types are in the contract but no flow emits
   * them yet; {@code example} is a whole body as a subscriber receives it.
   */
  record EventTypeView(String type, String description, boolean reserved, JsonNode example) {}

  /** The answer to a secret rotation: the new secret, shown this once. */
  record RotatedSecretView(String id, String secret, Instant previousSecretExpiresAt) {}

  /** A manual attempt queued for the dispatcher. */
  record QueuedAttemptView(String deliveryId, String webhookId, String status) {}

  /** How many failed deliveries a recovery re-sent. */
  record RecoveryView(int recovered, Instant since, Instant until) {}

  /**
   * The answer to a test send: the delivery and, once the dispatcher stored it, its attempt ({@code
   * null} while still pending).
   */
  record TestSendView(
      String deliveryId,
      String webhookId,
      String eventType,
      String status,
      TestAttemptView attempt) {}

  /** What the endpoint answered to a test: status code, time taken, the start of its body. */
  record TestAttemptView(
      boolean succeeded,
      Integer statusCode,
      long durationMs,
      String responseExcerpt,
      String errorClass) {}

  static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
