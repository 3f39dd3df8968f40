package dev.omnipost.gateway.oauth;

import dev.omnipost.connectors.Platform;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.PublicRoute;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Connecting social accounts: {@code POST /v1/accounts/connect} starts a flow, the platform sends
 * the user to {@code GET /v1/oauth/callback/{platform}}, and Facebook and Instagram logins then
 * offer their Pages and business accounts to choose from, Pinterest its boards (the default board)
 * and Google Business Profile its locations.
 */
@RestController
class ConnectController {

  private final ConnectFlows flows;
  private final ConnectCallbacks callbacks;

  ConnectController(ConnectFlows flows, ConnectCallbacks callbacks) {
    this.flows = flows;
    this.callbacks = callbacks;
  }

  @PostMapping("/v1/accounts/connect")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  Mono<ResponseEntity<Envelope<Object>>> connect(
      Caller caller, @RequestBody(required = false) JsonNode body, ServerWebExchange exchange) {
    if (body == null || !body.isObject()) {
      throw ApiException.invalid(
          "request.invalid_body", "Send a JSON object with platform and redirect_uri", Map.of());
    }
    ConnectFlows.ConnectRequest request =
        new ConnectFlows.ConnectRequest(
            text(body, "platform"),
            text(body, "brand_id"),
            text(body, "redirect_uri"),
            text(body, "instance_url"),
            text(body, "identifier"),
            text(body, "app_password"));
    ConnectFlows.require(request.platform(), "platform");
    Platform platform =
        Platform.fromId(request.platform())
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "request.invalid_platform",
                        "Unknown platform '" + request.platform() + "'",
                        Map.of("field", "platform", "valid_values", Platform.ids())));
    if (platform == Platform.BLUESKY) {
      return flows
          .connectWithAppPassword(caller, request)
          .map(
              account ->
                  ResponseEntity.status(HttpStatus.CREATED).body(Envelope.<Object>of(account)));
    }
    if (platform == Platform.MASTODON) {
      ConnectFlows.require(request.instanceUrl(), "instance_url");
    }
    var uri = exchange.getRequest().getURI();
    String origin = uri.getScheme() + "://" + uri.getRawAuthority();
    return flows
        .start(caller, platform, request, origin)
        .map(
            started ->
                ResponseEntity.status(HttpStatus.CREATED).body(Envelope.<Object>of(started)));
  }

  @GetMapping("/v1/oauth/callback/{platform}")
  @PublicRoute("The platform sends the user's browser here; the single-use state is the credential")
  Mono<ResponseEntity<Void>> callback(
      @PathVariable String platform,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String error) {
    return callbacks
        .complete(platform, state, code, error)
        .map(location -> ResponseEntity.status(HttpStatus.FOUND).location(location).<Void>build());
  }

  @GetMapping("/v1/accounts/connect/{state}/choices")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  Mono<Map<String, List<ConnectCallbacks.ChoiceView>>> choices(
      Caller caller, @PathVariable String state) {
    return callbacks.choices(caller, state).map(list -> Map.of("data", list));
  }

  @PostMapping("/v1/accounts/connect/{state}/choose")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  Mono<ResponseEntity<Map<String, Object>>> choose(
      Caller caller, @PathVariable String state, @RequestBody(required = false) JsonNode body) {
    List<String> ids = new ArrayList<>();
    JsonNode field = body == null ? null : body.get("account_ids");
    if (field != null && (!field.isArray() || !field.valueStream().allMatch(JsonNode::isString))) {
      throw ApiException.invalid(
          "request.invalid_field",
          "account_ids must be an array of ids",
          Map.of("field", "account_ids"));
    }
    if (field != null) {
      field.forEach(id -> ids.add(id.asString()));
    }
    return callbacks
        .choose(caller, state, ids)
        .map(
            list ->
                ResponseEntity.status(HttpStatus.CREATED)
                    .body(Map.<String, Object>of("data", list)));
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw ApiException.invalid(
          "request.invalid_field", field + " must be a string", Map.of("field", field));
    }
    return value.asString();
  }
}
