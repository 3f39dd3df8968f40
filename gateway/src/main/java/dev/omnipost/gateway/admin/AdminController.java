package dev.omnipost.gateway.admin;

import dev.omnipost.gateway.auth.ApiKeyIssuer;
import dev.omnipost.gateway.auth.ApiKeyIssuer.IssuedKey;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.quotas.WorkspaceSettings;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Operator;
import dev.omnipost.gateway.web.OperatorRoute;
import dev.omnipost.gateway.web.Scopes;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operator's bootstrap API (the operator token, checked by the auth filter and again by each
 * handler's {@link Operator} parameter): create a workspace with its first key, set its plan and
 * limits, and import social accounts that were authorized elsewhere (the local stack and tests
 * connect sandbox accounts this way).
 */
@RestController
class AdminController {

  private final WorkspaceRepository workspaces;
  private final AccountImporter accounts;
  private final ApiKeyIssuer keys;
  private final TransactionalOperator transactions;
  private final WorkspaceSettings settings;
  private final Quotas quotas;

  AdminController(
      WorkspaceRepository workspaces,
      AccountImporter accounts,
      ApiKeyIssuer keys,
      TransactionalOperator gatewayTransactions,
      WorkspaceSettings settings,
      Quotas quotas) {
    this.workspaces = workspaces;
    this.accounts = accounts;
    this.keys = keys;
    this.transactions = gatewayTransactions;
    this.settings = settings;
    this.quotas = quotas;
  }

  /**
   * @param rateLimitPerMinute the workspace's (plan's) requests per minute for each of its keys
   *     that has no limit of its own; null means the gateway's default
   */
  record CreateWorkspace(String name, Integer aiCredits, String plan, Integer rateLimitPerMinute) {}

  record CreatedWorkspace(WorkspaceView workspace, IssuedKey apiKey) {}

  @PostMapping("/v1/admin/workspaces")
  @OperatorRoute
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<CreatedWorkspace>> createWorkspace(
      Operator operator, @RequestBody CreateWorkspace request) {
    if (request.name() == null || request.name().isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", "name is required", Map.of("field", "name"));
    }
    if (request.aiCredits() != null && request.aiCredits() < 0) {
      throw ApiException.invalid(
          "request.invalid_field",
          "ai_credits must not be negative",
          Map.of("field", "ai_credits"));
    }
    String plan = request.plan() == null ? settings.defaultPlan() : request.plan();
    if (!settings.hasPlan(plan)) {
      throw ApiException.invalid(
          "request.invalid_plan",
          "plan must be one of " + settings.planNames(),
          Map.of("field", "plan", "valid_values", settings.planNames()));
    }
    if (request.rateLimitPerMinute() != null && request.rateLimitPerMinute() < 1) {
      throw ApiException.invalid(
          "request.invalid_field",
          "rate_limit_per_minute must be at least 1",
          Map.of("field", "rate_limit_per_minute"));
    }
    return workspaces
        .create(request.name().trim(), plan, request.aiCredits(), request.rateLimitPerMinute())
        .flatMap(
            workspace ->
                keys.issue(workspace.id(), "Bootstrap key", Scopes.ALL)
                    .flatMap(
                        key ->
                            quotas
                                .consume(workspace.id(), Quota.API_KEYS, 1)
                                .thenReturn(new CreatedWorkspace(workspace, key))))
        .as(transactions::transactional)
        .map(Envelope::of);
  }

  /**
   * Changes a workspace's plan, limit overrides ({@code limits: {"<quota>": n | null}}) and {@code
   * rate_limit_per_minute}; answers the workspace as {@code GET /v1/workspace} shows it.
   */
  @PatchMapping("/v1/admin/workspaces/{id}")
  @OperatorRoute
  Mono<Envelope<dev.omnipost.gateway.quotas.WorkspaceView>> updateWorkspace(
      Operator operator,
      @PathVariable String id,
      @RequestBody(required = false) Map<String, Object> body) {
    return settings.update(id, body).map(Envelope::of);
  }

  @PostMapping("/v1/admin/accounts")
  @OperatorRoute
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<dev.omnipost.gateway.accounts.AccountView>> importAccount(
      Operator operator, @RequestBody ImportAccount request) {
    return accounts.importAccount(request).map(Envelope::of);
  }
}
