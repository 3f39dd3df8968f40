package dev.omnipost.gateway.brands;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads and writes {@code brands}, always within the caller's workspace and, for a brand-restricted
 * key, within its brands: another workspace's or another brand's brand is simply not found.
 */
@Repository
class BrandRepository {

  private final DatabaseClient db;

  BrandRepository(DatabaseClient db) {
    this.db = db;
  }

  Mono<List<BrandView>> list(Caller caller, Cursor after, int limit) {
    SqlQuery query = visible(caller, "SELECT " + BrandView.COLUMNS + " FROM brands");
    if (after != null) {
      query
          .and(
              "(created_at, id) < (:afterTime, :afterId)",
              "afterTime",
              after.createdAt().atOffset(ZoneOffset.UTC))
          .bind("afterId", after.id());
    }
    query.append("ORDER BY created_at DESC, id DESC LIMIT :limit").bind("limit", limit);
    return query.on(db).map(BrandView::fromRow).all().collectList();
  }

  Mono<BrandView> find(Caller caller, String id) {
    return visible(caller, "SELECT " + BrandView.COLUMNS + " FROM brands")
        .and("id = :id", "id", id)
        .on(db)
        .map(BrandView::fromRow)
        .one();
  }

  Mono<BrandView> create(String workspaceId, String name) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    BrandView brand = new BrandView(Ids.newId("brand"), name, now, now);
    return db.sql(
            "INSERT INTO brands (id, workspace_id, name, created_at, updated_at)"
                + " VALUES (:id, :ws, :name, :now, :now)")
        .bind("id", brand.id())
        .bind("ws", workspaceId)
        .bind("name", name)
        .bind("now", now.atOffset(ZoneOffset.UTC))
        .fetch()
        .rowsUpdated()
        .thenReturn(brand);
  }

  Mono<BrandView> rename(Caller caller, String id, String name) {
    SqlQuery update =
        new SqlQuery(
                "UPDATE brands SET name = :name, updated_at = now() WHERE workspace_id = :ws"
                    + " AND id = :id")
            .bind("name", name)
            .bind("ws", caller.workspaceId())
            .bind("id", id);
    if (caller.isBrandRestricted()) {
      update.and("id = ANY(:brands)", "brands", caller.brandIdArray());
    }
    return update.append("RETURNING " + BrandView.COLUMNS).on(db).map(BrandView::fromRow).one();
  }

  /** Why a brand cannot be deleted: what still belongs to it. */
  record Usage(long accounts, long webhooks) {
    boolean inUse() {
      return accounts > 0 || webhooks > 0;
    }
  }

  /**
   * Deletes the brand unless accounts or webhook endpoints still belong to it (its media become
   * workspace-wide, see the migration); answers whether it was deleted.
   */
  Mono<Boolean> deleteIfUnused(String workspaceId, String id) {
    return db.sql(
            "DELETE FROM brands b WHERE b.workspace_id = :ws AND b.id = :id"
                + " AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.brand_id = b.id)"
                + " AND NOT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.brand_id = b.id)")
        .bind("ws", workspaceId)
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(deleted -> deleted == 1);
  }

  Mono<Usage> usage(String workspaceId, String id) {
    return db.sql(
            "SELECT (SELECT count(*) FROM accounts WHERE workspace_id = :ws AND brand_id = :id)"
                + " AS accounts, (SELECT count(*) FROM webhook_endpoints"
                + " WHERE workspace_id = :ws AND brand_id = :id) AS webhooks")
        .bind("ws", workspaceId)
        .bind("id", id)
        .map(row -> new Usage(row.get("accounts", Long.class), row.get("webhooks", Long.class)))
        .one();
  }

  /** Whether {@code id} is a brand of the workspace (regardless of the caller's restriction). */
  Mono<Boolean> exists(String workspaceId, String id) {
    return db.sql("SELECT 1 FROM brands WHERE workspace_id = :ws AND id = :id")
        .bind("ws", workspaceId)
        .bind("id", id)
        .map(row -> true)
        .one()
        .defaultIfEmpty(false);
  }

  private static SqlQuery visible(Caller caller, String select) {
    SqlQuery query =
        new SqlQuery(select + " WHERE workspace_id = :ws").bind("ws", caller.workspaceId());
    if (caller.isBrandRestricted()) {
      query.and("id = ANY(:brands)", "brands", caller.brandIdArray());
    }
    return query;
  }
}
