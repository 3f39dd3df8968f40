package dev.omnipost.gateway.webhooks;

import dev.omnipost.egress.EgressGuard;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.gateway.webhooks.WebhookViews.EndpointView;
import dev.omnipost.gateway.webhooks.WebhookViews.RotatedSecretView;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Changes to an endpoint: edit it ({@code PATCH}), delete it (nothing more is delivered; its
 * history stays readable until purged), and rotate its signing secret with a grace period during
 * which the dispatcher signs with both secrets.
 */
@RestController
class WebhookEndpointChangesController {

  private static final Set<String> EDITABLE =
      Set.of("url", "events", "description", "enabled", "rate_limit_per_second");

  private final DatabaseClient db;
  private final WebhookEndpoints endpoints;
  private final SecretCipher cipher;
  private final Quotas quotas;
  private final TransactionalOperator transactions;
  private final EgressGuard egressGuard;
  private final Clock clock;

  WebhookEndpointChangesController(
      DatabaseClient db,
      WebhookEndpoints endpoints,
      SecretCipher cipher,
      Quotas quotas,
      TransactionalOperator gatewayTransactions,
      EgressGuard egressGuard,
      ObjectProvider<Clock> clock) {
    this.db = db;
    this.endpoints = endpoints;
    this.cipher = cipher;
    this.quotas = quotas;
    this.transactions = gatewayTransactions;
    this.egressGuard = egressGuard;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * Sets the fields sent; {@code null} clears {@code description} and {@code
   * rate_limit_per_second}. Enabling clears why it was disabled and its failure streak; a new URL
   * goes through the same SSRF rules as at creation.
   */
  @PatchMapping("/v1/webhooks/{id}")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  Mono<Envelope<EndpointView>> update(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    // another workspace's endpoint is 404 whatever the body says
    return endpoints
        .find(caller, id)
        .then(Mono.fromCallable(() -> changes(body)))
        .flatMap(
            changes ->
                (changes.url == null
                        ? Mono.<Void>empty()
                        : Mono.<Void>fromRunnable(
                                () -> WebhookRules.reachable(egressGuard, changes.url))
                            .subscribeOn(Schedulers.boundedElastic()))
                    .then(Mono.defer(() -> apply(caller, id, changes))))
        .then(Mono.defer(() -> endpoints.find(caller, id)))
        .map(Envelope::of);
  }

  @DeleteMapping("/v1/webhooks/{id}")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Caller caller, @PathVariable String id) {
    Mono<Void> delete =
        db.sql(
                """
                UPDATE webhook_endpoints
                SET deleted_at = now(), enabled = false, disabled_reason = 'deleted',
                    updated_at = now()
                WHERE workspace_id = :ws AND id = :id AND deleted_at IS NULL
                """)
            .bind("ws", caller.workspaceId())
            .bind("id", id)
            .fetch()
            .rowsUpdated()
            .flatMap(
                n ->
                    n == 0
                        ? Mono.<Void>error(ApiException.notFound("webhook", id))
                        : settleOpenDeliveries(id)
                            .then(
                                quotas.release(caller.workspaceId(), Quota.WEBHOOK_ENDPOINTS, 1)));
    return endpoints.find(caller, id).then(delete.as(transactions::transactional));
  }

  /** Deliveries still waiting for a retry will not be attempted: they fail now. */
  private Mono<Void> settleOpenDeliveries(String endpointId) {
    return db.sql(
            """
            UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = now()
            WHERE endpoint_id = :id AND status IN ('pending', 'retrying')
            """)
        .bind("id", endpointId)
        .fetch()
        .rowsUpdated()
        .then();
  }

  /**
   * {@code {"grace_period": seconds}} (default 86400, at most 604800): a new secret, shown once.
   * Until the grace period ends the dispatcher signs with the new and the previous secret (two
   * space-separated signatures), so a subscriber can switch keys without missing a delivery. A
   * previous secret still in its grace period is replaced: only the last two secrets sign.
   */
  @PostMapping("/v1/webhooks/{id}/rotate-secret")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  Mono<Envelope<RotatedSecretView>> rotateSecret(
      Caller caller, @PathVariable String id, @RequestBody(required = false) JsonNode body) {
    Duration grace = WebhookRules.gracePeriod(gracePeriodSeconds(body));
    return endpoints.find(caller, id).then(Mono.defer(() -> rotate(caller, id, grace)));
  }

  private Mono<Envelope<RotatedSecretView>> rotate(Caller caller, String id, Duration grace) {
    String secret = WebhookRules.newSecret();
    Instant expires = grace.isZero() ? null : clock.instant().plus(grace);
    Mono<Envelope<RotatedSecretView>> rotation =
        db.sql(
                "SELECT secret_enc FROM webhook_endpoints"
                    + " WHERE workspace_id = :ws AND id = :id AND deleted_at IS NULL FOR UPDATE")
            .bind("ws", caller.workspaceId())
            .bind("id", id)
            .map(row -> row.get("secret_enc", byte[].class))
            .one()
            .switchIfEmpty(Mono.error(() -> ApiException.notFound("webhook", id)))
            .flatMap(
                current -> {
                  String previous = cipher.decrypt(current, SecretColumn.WEBHOOK_SECRET.of(id));
                  DatabaseClient.GenericExecuteSpec update =
                      db.sql(
                              """
                              UPDATE webhook_endpoints
                              SET secret_enc = :secret, previous_secret_enc = :previous,
                                  previous_secret_expires_at = :expires, updated_at = now()
                              WHERE id = :id
                              """)
                          .bind("id", id)
                          .bind(
                              "secret", cipher.encrypt(secret, SecretColumn.WEBHOOK_SECRET.of(id)));
                  update =
                      expires == null
                          ? update
                              .bindNull("previous", byte[].class)
                              .bindNull("expires", java.time.OffsetDateTime.class)
                          : update
                              .bind(
                                  "previous",
                                  cipher.encrypt(
                                      previous, SecretColumn.WEBHOOK_PREVIOUS_SECRET.of(id)))
                              .bind("expires", expires.atOffset(ZoneOffset.UTC));
                  return update.fetch().rowsUpdated();
                })
            .thenReturn(Envelope.of(new RotatedSecretView(id, secret, expires)));
    return rotation.as(transactions::transactional);
  }

  private static Long gracePeriodSeconds(JsonNode body) {
    if (body == null || body.isNull() || !body.has("grace_period")) {
      return null;
    }
    JsonNode grace = body.get("grace_period");
    if (!grace.isIntegralNumber()) {
      throw ApiException.invalid(
          "request.invalid_field",
          "grace_period must be a whole number of seconds",
          Map.of("field", "grace_period"));
    }
    return grace.asLong();
  }

  /** The validated fields of a PATCH body; a field is changed only when {@code set} names it. */
  private record Changes(
      Set<String> set,
      URI url,
      List<String> events,
      String description,
      Boolean enabled,
      Integer rateLimit) {}

  private static Changes changes(JsonNode body) {
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw ApiException.invalid(
          "request.missing_field",
          "Send at least one of " + String.join(", ", EDITABLE.stream().sorted().toList()),
          Map.of("valid", EDITABLE.stream().sorted().toList()));
    }
    List<String> unknown = new ArrayList<>();
    body.propertyNames()
        .forEach(
            name -> {
              if (!EDITABLE.contains(name)) {
                unknown.add(name);
              }
            });
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(
          "request.unknown_field",
          "Unknown fields: " + String.join(", ", unknown),
          Map.of("field", unknown.get(0), "valid", EDITABLE.stream().sorted().toList()));
    }
    URI url = null;
    if (body.has("url")) {
      url = WebhookRules.url(body.get("url").isString() ? body.get("url").asString() : null);
    }
    List<String> events = null;
    if (body.has("events")) {
      JsonNode list = body.get("events");
      if (!list.isNull() && !list.isArray()) {
        throw invalid("events", "events must be a list of event types");
      }
      List<String> types = new ArrayList<>();
      list.forEach(t -> types.add(t.isString() ? t.asString() : t.toString()));
      events = WebhookRules.events(types);
    }
    String description = null;
    if (body.has("description")) {
      JsonNode d = body.get("description");
      if (!d.isNull() && !d.isString()) {
        throw invalid("description", "description must be a string or null");
      }
      description = WebhookRules.description(d.isNull() ? null : d.asString());
    }
    Boolean enabled = null;
    if (body.has("enabled")) {
      if (!body.get("enabled").isBoolean()) {
        throw invalid("enabled", "enabled must be true or false");
      }
      enabled = body.get("enabled").asBoolean();
    }
    Integer rateLimit = null;
    if (body.has("rate_limit_per_second")) {
      JsonNode r = body.get("rate_limit_per_second");
      if (!r.isNull() && !r.isInt()) {
        throw invalid(
            "rate_limit_per_second", "rate_limit_per_second must be a whole number or null");
      }
      rateLimit = WebhookRules.rateLimit(r.isNull() ? null : r.asInt());
    }
    Set<String> set = new java.util.HashSet<>();
    body.propertyNames().forEach(set::add);
    return new Changes(Set.copyOf(set), url, events, description, enabled, rateLimit);
  }

  private static ApiException invalid(String field, String message) {
    return ApiException.invalid("request.invalid_field", message, Map.of("field", field));
  }

  private Mono<Void> apply(Caller caller, String id, Changes c) {
    Set<String> sets = new java.util.LinkedHashSet<>();
    sets.add("updated_at = now()");
    if (c.set.contains("url")) {
      sets.add("url = :url");
      sets.add("failing_since = NULL");
    }
    if (c.set.contains("events")) {
      sets.add("events = :events");
    }
    if (c.set.contains("description")) {
      sets.add("description = :description");
    }
    if (c.set.contains("enabled")) {
      sets.add("enabled = :enabled");
      if (c.enabled) {
        sets.add("disabled_reason = NULL");
        sets.add("failing_since = NULL");
      } else {
        sets.add("disabled_reason = 'disabled through the API'");
      }
    }
    if (c.set.contains("rate_limit_per_second")) {
      sets.add("rate_limit_per_second = :rateLimit");
    }
    DatabaseClient.GenericExecuteSpec update =
        db.sql(
                "UPDATE webhook_endpoints SET "
                    + String.join(", ", sets)
                    + " WHERE workspace_id = :ws AND id = :id AND deleted_at IS NULL")
            .bind("ws", caller.workspaceId())
            .bind("id", id);
    if (c.set.contains("url")) {
      update = update.bind("url", c.url.toString());
    }
    if (c.set.contains("events")) {
      update = update.bind("events", c.events.toArray(String[]::new));
    }
    if (c.set.contains("description")) {
      update =
          c.description == null
              ? update.bindNull("description", String.class)
              : update.bind("description", c.description);
    }
    if (c.set.contains("enabled")) {
      update = update.bind("enabled", c.enabled);
    }
    if (c.set.contains("rate_limit_per_second")) {
      update =
          c.rateLimit == null
              ? update.bindNull("rateLimit", Integer.class)
              : update.bind("rateLimit", c.rateLimit);
    }
    return update.fetch().rowsUpdated().then();
  }
}
