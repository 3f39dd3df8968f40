package dev.omnipost.gateway.exports;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.analytics.AnalyticsFilters;
import dev.omnipost.gateway.analytics.AnalyticsPeriod;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.Scopes;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Export requests: checked (type, format, period, the account against the caller), capped per
 * workspace under a transaction-scoped advisory lock (so two requests cannot both take the last
 * slot), and recorded as a {@code pending} row the publisher-worker claims.
 */
@Component
class Exports {

  static final List<String> TYPES = List.of("posts", "analytics", "inbox");
  static final List<String> FORMATS = List.of("csv", "json");

  private final DatabaseClient db;
  private final TransactionalOperator transactions;
  private final AnalyticsFilters filters;
  private final ExportProperties properties;
  private final Clock clock = Clock.systemUTC();

  Exports(
      DatabaseClient db,
      TransactionalOperator transactions,
      AnalyticsFilters filters,
      ExportProperties properties) {
    this.db = db;
    this.transactions = transactions;
    this.filters = filters;
    this.properties = properties;
  }

  Mono<ExportView> create(Caller caller, CreateExportRequest request) {
    if (request == null) {
      throw ApiException.invalid(
          "request.invalid_field", "type is required", Map.of("field", "type"));
    }
    String type = oneOf("type", request.type(), TYPES, null);
    String format = oneOf("format", request.format(), FORMATS, "csv");
    AnalyticsPeriod period = AnalyticsPeriod.parse(request.period(), clock.instant());
    switch (type) {
      case "posts" -> caller.requireScope(Scopes.POSTS_READ);
      case "inbox" -> caller.requireScope(Scopes.INBOX_READ);
      default -> {}
    }
    Mono<String> account =
        request.accountId() == null
            ? Mono.just("")
            : filters.account(caller, request.accountId()).map(AnalyticsFilters.AccountRef::id);
    String id = Ids.newId("exp");
    return account.flatMap(
        ignored ->
            db.sql("SELECT pg_advisory_xact_lock(hashtext('exports:' || :ws))")
                .bind("ws", caller.workspaceId())
                .fetch()
                .rowsUpdated()
                .then(
                    db.sql(
                            "SELECT count(*) AS open FROM exports WHERE workspace_id = :ws"
                                + " AND status IN ('pending', 'running')")
                        .bind("ws", caller.workspaceId())
                        .map(row -> row.get("open", Long.class))
                        .one())
                .flatMap(
                    open -> {
                      if (open >= properties.maxInProgress()) {
                        return Mono.error(
                            new ApiException(
                                HttpStatus.CONFLICT,
                                "exports.too_many_in_progress",
                                "The workspace already has "
                                    + open
                                    + " exports in progress; wait for one to finish",
                                Map.of("limit", properties.maxInProgress())));
                      }
                      DatabaseClient.GenericExecuteSpec insert =
                          db.sql(
                                  "INSERT INTO exports (id, workspace_id, api_key_id, brand_ids,"
                                      + " type, format, period, period_from, period_to,"
                                      + " account_id) VALUES (:id, :ws, :key, :brands, :type,"
                                      + " :format, :period, :from, :to, :account)")
                              .bind("id", id)
                              .bind("ws", caller.workspaceId())
                              .bind("key", caller.apiKeyId())
                              .bind("brands", sortedBrands(caller))
                              .bind("type", type)
                              .bind("format", format)
                              .bind("period", period.name())
                              .bind("from", period.from().atOffset(ZoneOffset.UTC))
                              .bind("to", period.to().atOffset(ZoneOffset.UTC));
                      insert =
                          request.accountId() == null
                              ? insert.bindNull("account", String.class)
                              : insert.bind("account", request.accountId());
                      return insert.fetch().rowsUpdated();
                    })
                .then(Mono.defer(() -> find(caller, id)))
                .as(transactions::transactional));
  }

  Mono<ExportView> find(Caller caller, String id) {
    return db.sql(
            "SELECT "
                + ExportView.COLUMNS
                + " FROM exports e WHERE e.id = :id AND e.workspace_id = :ws"
                + (caller.isBrandRestricted() ? " AND e.brand_ids = :brands" : ""))
        .bind("id", id)
        .bind("ws", caller.workspaceId())
        .bindValues(brands(caller))
        .map(ExportView::fromRow)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("export", id)));
  }

  Mono<Page<ExportView>> list(Caller caller, Integer limit, String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    DatabaseClient.GenericExecuteSpec query =
        db.sql(
                "SELECT "
                    + ExportView.COLUMNS
                    + " FROM exports e WHERE e.workspace_id = :ws"
                    + (caller.isBrandRestricted() ? " AND e.brand_ids = :brands" : "")
                    + (after == null ? "" : " AND (e.created_at, e.id) < (:afterTime, :afterId)")
                    + " ORDER BY e.created_at DESC, e.id DESC LIMIT :limit")
            .bind("ws", caller.workspaceId())
            .bind("limit", pageSize + 1)
            .bindValues(brands(caller));
    if (after != null) {
      query =
          query
              .bind("afterTime", after.createdAt().atOffset(ZoneOffset.UTC))
              .bind("afterId", after.id());
    }
    return query
        .map(ExportView::fromRow)
        .all()
        .collectList()
        .map(rows -> Cursor.page(rows, pageSize, ExportView::createdAt, ExportView::id));
  }

  /** A restricted key sees the exports of keys restricted to the same brands. */
  private static Map<String, Object> brands(Caller caller) {
    if (!caller.isBrandRestricted()) {
      return Map.of();
    }
    return Map.of("brands", sortedBrands(caller));
  }

  private static String[] sortedBrands(Caller caller) {
    String[] sorted = caller.brandIdArray();
    Arrays.sort(sorted);
    return sorted;
  }

  private static String oneOf(String field, String value, List<String> valid, String fallback) {
    if (value == null && fallback != null) {
      return fallback;
    }
    if (value == null || !valid.contains(value)) {
      throw ApiException.invalid(
          "request.invalid_field",
          field + " must be one of " + String.join(", ", valid),
          Map.of("field", field, "valid_values", valid));
    }
    return value;
  }
}
