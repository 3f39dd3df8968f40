package dev.omnipost.gateway.webhooks;

import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.webhooks.WebhookViews.EndpointView;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Finds the endpoints a caller may see: its workspace's, or only its brands' for a brand-restricted
 * key; anything else answers 404. A deleted endpoint is gone for every route except its delivery
 * history, which stays readable until the dispatcher purges it.
 */
@Component
class WebhookEndpoints {

  private final DatabaseClient db;

  WebhookEndpoints(DatabaseClient db) {
    this.db = db;
  }

  /** The caller's live (not deleted) endpoints, ready for more conditions. */
  static SqlQuery live(Caller caller) {
    return visible(caller).append("AND deleted_at IS NULL");
  }

  /** A live endpoint, or 404. */
  Mono<EndpointView> find(Caller caller, String id) {
    return one(live(caller), id);
  }

  /** A live or deleted endpoint (for its delivery history), or 404. */
  Mono<EndpointView> findWithHistory(Caller caller, String id) {
    return one(visible(caller), id);
  }

  private Mono<EndpointView> one(SqlQuery query, String id) {
    return query
        .and("id = :id", "id", id)
        .on(db)
        .map(EndpointView::fromRow)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("webhook", id)));
  }

  private static SqlQuery visible(Caller caller) {
    SqlQuery query =
        new SqlQuery(
                "SELECT "
                    + WebhookViews.ENDPOINT_COLUMNS
                    + " FROM webhook_endpoints WHERE workspace_id = :ws")
            .bind("ws", caller.workspaceId());
    if (caller.isBrandRestricted()) {
      query.and("brand_id = ANY(:brands)", "brands", caller.brandIdArray());
    }
    return query;
  }
}
