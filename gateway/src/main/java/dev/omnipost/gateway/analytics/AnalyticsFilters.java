package dev.omnipost.gateway.analytics;

import dev.omnipost.connectors.Platform;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Checks the ids a report or an export names against the caller: an account or brand of another
 * workspace, or outside a brand-restricted key's brands, answers 404 as if it did not exist; an
 * unknown platform answers 400 with the valid ones.
 */
@Component
public class AnalyticsFilters {

  /** An account the caller may report on. */
  public record AccountRef(String id, String platform, String brandId, String status) {}

  private final DatabaseClient db;

  AnalyticsFilters(DatabaseClient db) {
    this.db = db;
  }

  /** The platform's id ({@code x} is {@code twitter}), null for none; 400 if unknown. */
  public static String platform(String platform) {
    if (platform == null || platform.isBlank()) {
      return null;
    }
    return Platform.fromId(platform)
        .map(Platform::id)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "request.invalid_platform",
                    "Unknown platform '" + platform + "'",
                    Map.of("field", "platform", "valid_values", Platform.ids())));
  }

  /** The account if the caller may see it, else 404. */
  public Mono<AccountRef> account(Caller caller, String id) {
    return db.sql(
            "SELECT id, platform, brand_id, status FROM accounts"
                + " WHERE id = :id AND workspace_id = :ws")
        .bind("id", id)
        .bind("ws", caller.workspaceId())
        .map(
            row ->
                new AccountRef(
                    row.get("id", String.class),
                    row.get("platform", String.class),
                    row.get("brand_id", String.class),
                    row.get("status", String.class)))
        .one()
        .filter(account -> caller.mayAccessBrand(account.brandId()))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("account", id)));
  }

  /** The brand's id if the caller may see it, else 404. */
  public Mono<String> brand(Caller caller, String id) {
    return db.sql("SELECT id FROM brands WHERE id = :id AND workspace_id = :ws")
        .bind("id", id)
        .bind("ws", caller.workspaceId())
        .map(row -> row.get("id", String.class))
        .one()
        .filter(caller::mayAccessBrand)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("brand", id)));
  }
}
