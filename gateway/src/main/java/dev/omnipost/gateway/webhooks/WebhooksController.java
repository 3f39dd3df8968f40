package dev.omnipost.gateway.webhooks;

import dev.omnipost.egress.EgressGuard;
import dev.omnipost.events.Ids;
import dev.omnipost.gateway.brands.BrandAssignment;
import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.gateway.webhooks.WebhookViews.AttemptView;
import dev.omnipost.gateway.webhooks.WebhookViews.CreatedEndpointView;
import dev.omnipost.gateway.webhooks.WebhookViews.DeliveryDetailView;
import dev.omnipost.gateway.webhooks.WebhookViews.DeliveryView;
import dev.omnipost.gateway.webhooks.WebhookViews.EndpointView;
import dev.omnipost.gateway.webhooks.WebhookViews.EventTypeView;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook endpoints of a workspace and their delivery log (written by the webhook-dispatcher). The
 * signing secret is generated here, stored encrypted, and shown only in the create answer.
 */
@RestController
class WebhooksController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DatabaseClient db;
  private final SecretCipher cipher;
  private final BrandAssignment brands;
  private final Quotas quotas;
  private final TransactionalOperator transactions;
  private final EgressGuard egressGuard;
  private final WebhookEndpoints endpoints;
  private final WebhookEventCatalogue catalogue;

  WebhooksController(
      DatabaseClient db,
      SecretCipher cipher,
      BrandAssignment brands,
      Quotas quotas,
      TransactionalOperator gatewayTransactions,
      EgressGuard egressGuard,
      WebhookEndpoints endpoints,
      WebhookEventCatalogue catalogue) {
    this.db = db;
    this.cipher = cipher;
    this.brands = brands;
    this.quotas = quotas;
    this.transactions = gatewayTransactions;
    this.egressGuard = egressGuard;
    this.endpoints = endpoints;
    this.catalogue = catalogue;
  }

  @PostMapping("/v1/webhooks")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<CreatedEndpointView>> create(
      Caller caller, @RequestBody CreateWebhookRequest request) {
    URI parsed = WebhookRules.url(request.url());
    String url = parsed.toString();
    List<String> events = WebhookRules.events(request.events());
    String description = WebhookRules.description(request.description());
    Integer rateLimit = WebhookRules.rateLimit(request.rateLimitPerSecond());
    boolean enabled = request.enabled() == null || request.enabled();
    // DNS blocks: resolve off the event loop, before the transaction takes a connection
    return Mono.fromRunnable(() -> WebhookRules.reachable(egressGuard, parsed))
        .subscribeOn(Schedulers.boundedElastic())
        .then(brands.brandFor(caller, request.brandId()))
        .flatMap(
            brand ->
                insert(caller, brand.orElse(null), url, events, description, rateLimit, enabled));
  }

  private Mono<Envelope<CreatedEndpointView>> insert(
      Caller caller,
      String brandId,
      String url,
      List<String> events,
      String description,
      Integer rateLimit,
      boolean enabled) {
    String id = Ids.newId("whk");
    String secret = WebhookRules.newSecret();
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                """
            INSERT INTO webhook_endpoints (id, workspace_id, brand_id, url, description, events, enabled,
                secret_enc, rate_limit_per_second)
            VALUES (:id, :ws, :brand, :url, :description, :events, :enabled, :secret, :rateLimit)
            RETURNING created_at
            """)
            .bind("id", id)
            .bind("ws", caller.workspaceId())
            .bind("url", url)
            .bind("events", events.toArray(String[]::new))
            .bind("enabled", enabled)
            .bind("secret", cipher.encrypt(secret, SecretColumn.WEBHOOK_SECRET.of(id)));
    insert =
        brandId == null ? insert.bindNull("brand", String.class) : insert.bind("brand", brandId);
    insert =
        description == null
            ? insert.bindNull("description", String.class)
            : insert.bind("description", description);
    insert =
        rateLimit == null
            ? insert.bindNull("rateLimit", Integer.class)
            : insert.bind("rateLimit", rateLimit);
    return insert
        .map(row -> row.get("created_at", OffsetDateTime.class))
        .one()
        .flatMap(
            createdAt ->
                quotas
                    .consume(caller.workspaceId(), Quota.WEBHOOK_ENDPOINTS, 1)
                    .thenReturn(createdAt))
        .as(transactions::transactional)
        .map(
            createdAt ->
                Envelope.of(
                    new CreatedEndpointView(
                        id,
                        brandId,
                        url,
                        events,
                        description,
                        enabled,
                        rateLimit,
                        secret,
                        createdAt.toInstant())));
  }

  @GetMapping("/v1/webhooks")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  Mono<Page<EndpointView>> list(
      Caller caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    SqlQuery query = WebhookEndpoints.live(caller);
    afterCursor(query, after);
    query.append("ORDER BY created_at DESC, id DESC LIMIT :limit").bind("limit", pageSize + 1);
    return query
        .on(db)
        .map(EndpointView::fromRow)
        .all()
        .collectList()
        .map(rows -> Cursor.page(rows, pageSize, EndpointView::createdAt, EndpointView::id));
  }

  // a literal path wins over /v1/webhooks/{id}
  @GetMapping("/v1/webhooks/events")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  Mono<Envelope<List<EventTypeView>>> eventTypes(Caller caller) {
    return Mono.just(Envelope.of(catalogue.entries()));
  }

  @GetMapping("/v1/webhooks/{id}")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  Mono<Envelope<EndpointView>> get(Caller caller, @PathVariable String id) {
    return endpoints.find(caller, id).map(Envelope::of);
  }

  @GetMapping("/v1/webhooks/{id}/deliveries")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  Mono<Page<DeliveryView>> deliveries(
      Caller caller,
      @PathVariable String id,
      @RequestParam(required = false) String status,
      @RequestParam(name = "event_type", required = false) String eventType,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String until,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    String wanted = WebhookRules.deliveryStatus(status);
    String type = WebhookRules.eventType("event_type", eventType);
    WebhookRules.Window window = WebhookRules.window(since, until, false);
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    SqlQuery query =
        new SqlQuery(
                "SELECT "
                    + WebhookViews.DELIVERY_COLUMNS
                    + " FROM webhook_deliveries WHERE workspace_id = :ws AND endpoint_id = :endpoint")
            .bind("ws", caller.workspaceId())
            .bind("endpoint", id);
    if (wanted != null) {
      query.and("status = :status", "status", wanted);
    }
    if (type != null) {
      query.and("event_type = :type", "type", type);
    }
    if (window.since() != null) {
      query.and("created_at >= :since", "since", window.since().atOffset(ZoneOffset.UTC));
    }
    if (window.until() != null) {
      query.and("created_at < :until", "until", window.until().atOffset(ZoneOffset.UTC));
    }
    afterCursor(query, after);
    query.append("ORDER BY created_at DESC, id DESC LIMIT :limit").bind("limit", pageSize + 1);
    return endpoints
        .findWithHistory(caller, id)
        .then(query.on(db).map(DeliveryView::fromRow).all().collectList())
        .map(rows -> Cursor.page(rows, pageSize, DeliveryView::createdAt, DeliveryView::id));
  }

  @GetMapping("/v1/webhooks/{id}/deliveries/{delivery_id}")
  @RequiresScope(Scopes.WEBHOOKS_MANAGE)
  Mono<Envelope<DeliveryDetailView>> delivery(
      Caller caller, @PathVariable String id, @PathVariable("delivery_id") String deliveryId) {
    Mono<DeliveryDetailView> delivery =
        db.sql(
                "SELECT "
                    + WebhookViews.DELIVERY_COLUMNS
                    + ", payload"
                    + " FROM webhook_deliveries WHERE workspace_id = :ws AND endpoint_id = :endpoint AND id = :id")
            .bind("ws", caller.workspaceId())
            .bind("endpoint", id)
            .bind("id", deliveryId)
            .map(
                row ->
                    new StoredDelivery(DeliveryView.fromRow(row), row.get("payload", String.class)))
            .one()
            .switchIfEmpty(Mono.error(() -> ApiException.notFound("webhook delivery", deliveryId)))
            .flatMap(
                found ->
                    attempts(deliveryId)
                        .map(attempts -> detail(found.view(), found.payload(), attempts)));
    return endpoints.findWithHistory(caller, id).then(delivery).map(Envelope::of);
  }

  private record StoredDelivery(DeliveryView view, String payload) {}

  private Mono<List<AttemptView>> attempts(String deliveryId) {
    return db.sql(
            "SELECT "
                + WebhookViews.ATTEMPT_COLUMNS
                + " FROM webhook_delivery_attempts WHERE delivery_id = :id ORDER BY attempt_number, id")
        .bind("id", deliveryId)
        .map(
            row ->
                new AttemptView(
                    row.get("attempt_number", Integer.class),
                    row.get("trigger", String.class),
                    row.get("url", String.class),
                    row.get("status_code", Integer.class),
                    json(row.get("response_headers", String.class)),
                    row.get("response_body", String.class),
                    row.get("duration_ms", Long.class),
                    row.get("error_class", String.class),
                    WebhookViews.instant(row.get("next_attempt_at", OffsetDateTime.class)),
                    WebhookViews.instant(row.get("attempted_at", OffsetDateTime.class))))
        .all()
        .collectList();
  }

  private static DeliveryDetailView detail(
      DeliveryView d, String payload, List<AttemptView> attempts) {
    return new DeliveryDetailView(
        d.id(),
        d.eventId(),
        d.eventType(),
        d.status(),
        d.attempts(),
        d.lastStatusCode(),
        d.nextAttemptAt(),
        d.createdAt(),
        d.updatedAt(),
        json(payload),
        attempts);
  }

  private static void afterCursor(SqlQuery query, Cursor after) {
    if (after != null) {
      query
          .append("AND (created_at, id) < (:afterTime, :afterId)")
          .bind("afterTime", after.createdAt().atOffset(ZoneOffset.UTC))
          .bind("afterId", after.id());
    }
  }

  private static JsonNode json(String text) {
    return text == null ? null : JSON.readTree(text);
  }
}
