package dev.omnipost.gateway.oauth;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Disconnecting an account, and what its platform allows a post of it. */
@RestController
class AccountsDisconnectController {

  private final AccountDisconnects disconnects;
  private final DatabaseClient db;

  AccountsDisconnectController(AccountDisconnects disconnects, DatabaseClient db) {
    this.disconnects = disconnects;
    this.db = db;
  }

  @DeleteMapping("/v1/accounts/{id}")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> disconnect(Caller caller, @PathVariable String id) {
    return disconnects.disconnect(caller, id);
  }

  /**
   * The platform's text and media limits for the account, and {@code rate}: the platform's
   * remaining budget as last seen ({@code remaining}, {@code resets_at}, {@code observed_at}), or
   * null when no rate header was seen yet.
   */
  @GetMapping("/v1/accounts/{id}/limits")
  @RequiresScope(Scopes.ACCOUNTS_READ)
  Mono<Envelope<Map<String, Object>>> limits(Caller caller, @PathVariable String id) {
    return db.sql(
            "SELECT a.platform, a.brand_id, r.remaining, r.resets_at, r.observed_at"
                + " FROM accounts a LEFT JOIN account_rate_budgets r ON r.account_id = a.id"
                + " WHERE a.workspace_id = :ws AND a.id = :id")
        .bind("ws", caller.workspaceId())
        .bind("id", id)
        .map(
            row -> {
              Map<String, Object> rate = null;
              Integer remaining = row.get("remaining", Integer.class);
              if (remaining != null) {
                rate = new LinkedHashMap<>();
                rate.put("remaining", remaining);
                java.time.OffsetDateTime resets =
                    row.get("resets_at", java.time.OffsetDateTime.class);
                rate.put("resets_at", resets == null ? null : resets.toInstant());
                rate.put(
                    "observed_at",
                    row.get("observed_at", java.time.OffsetDateTime.class).toInstant());
              }
              return new Object[] {
                row.get("platform", String.class), row.get("brand_id", String.class), rate
              };
            })
        .one()
        .filter(row -> caller.brandIds().isEmpty() || caller.brandIds().contains((String) row[1]))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("account", id)))
        .map(
            row -> {
              Platform platform = Platform.fromId((String) row[0]).orElseThrow();
              PlatformRules rules = PlatformRules.of(platform);
              Map<String, Object> limits = new LinkedHashMap<>();
              limits.put("account_id", id);
              limits.put("platform", platform.id());
              limits.put("text", Map.of("max_length", rules.maxTextLength()));
              limits.put(
                  "media",
                  Map.of("max_count", rules.maxMedia(), "required", rules.mediaRequired()));
              // the platform's remaining budget as its rate headers last said (the publisher's
              // bookkeeping); null until a publish to the account has seen them
              limits.put("rate", row[2]);
              return Envelope.of(limits);
            });
  }
}
