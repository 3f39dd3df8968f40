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
   * The platform's text and media limits for the account. {@code rate} is null until the platform's
   * remaining budget is tracked per account.
   */
  @GetMapping("/v1/accounts/{id}/limits")
  @RequiresScope(Scopes.ACCOUNTS_READ)
  Mono<Envelope<Map<String, Object>>> limits(Caller caller, @PathVariable String id) {
    return db.sql("SELECT platform, brand_id FROM accounts WHERE workspace_id = :ws AND id = :id")
        .bind("ws", caller.workspaceId())
        .bind("id", id)
        .map(
            row ->
                new String[] {row.get("platform", String.class), row.get("brand_id", String.class)})
        .one()
        .filter(row -> caller.brandIds().isEmpty() || caller.brandIds().contains(row[1]))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("account", id)))
        .map(
            row -> {
              Platform platform = Platform.fromId(row[0]).orElseThrow();
              PlatformRules rules = PlatformRules.of(platform);
              Map<String, Object> limits = new LinkedHashMap<>();
              limits.put("account_id", id);
              limits.put("platform", platform.id());
              limits.put("text", Map.of("max_length", rules.maxTextLength()));
              limits.put(
                  "media",
                  Map.of("max_count", rules.maxMedia(), "required", rules.mediaRequired()));
              limits.put("rate", null);
              return Envelope.of(limits);
            });
  }
}
