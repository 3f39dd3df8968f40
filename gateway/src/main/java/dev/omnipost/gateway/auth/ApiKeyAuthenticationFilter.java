package dev.omnipost.gateway.auth;

import dev.omnipost.gateway.GatewayProperties;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import java.time.Clock;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every {@code /v1/**} request before it reaches a handler: an API key ({@code
 * Authorization: Bearer} or {@code X-API-Key}) for the public API, the operator token for {@code
 * /v1/admin/**}. Health, the OpenAPI document, OAuth callbacks and public media need none. The
 * authenticated {@link Caller} is left in the exchange for {@link CallerArgumentResolver}.
 */
@Component
class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

  static final String CALLER_ATTRIBUTE = Caller.class.getName();
  private static final String API_KEY_HEADER = "X-API-Key";

  private final ApiKeyStore keys;
  private final GatewayProperties properties;
  private final Clock clock = Clock.systemUTC();

  ApiKeyAuthenticationFilter(ApiKeyStore keys, GatewayProperties properties) {
    this.keys = keys;
    this.properties = properties;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    if (!path.startsWith("/v1/") || isPublic(path)) {
      return chain.filter(exchange);
    }
    if (path.startsWith("/v1/admin/") || path.equals("/v1/admin")) {
      return requireOperator(exchange.getRequest()).then(chain.filter(exchange));
    }
    String key = presentedKey(exchange.getRequest());
    if (key == null) {
      return Mono.error(
          unauthorized(
              "auth.missing_key", "Send your API key as Authorization: Bearer <key> or X-API-Key"));
    }
    if (!ApiKeys.hasValidFormat(key)) {
      return Mono.error(invalidKey());
    }
    return keys.findByHash(ApiKeys.hash(key))
        .flatMap(
            found -> {
              if (found.isEmpty() || !found.get().isUsableAt(clock.instant())) {
                return Mono.error(invalidKey());
              }
              exchange.getAttributes().put(CALLER_ATTRIBUTE, found.get().toCaller());
              return chain.filter(exchange);
            });
  }

  private static boolean isPublic(String path) {
    return path.equals("/v1/health")
        || path.equals("/v1/openapi.json")
        || path.startsWith("/v1/oauth/");
  }

  private Mono<Void> requireOperator(ServerHttpRequest request) {
    String token = bearer(request);
    if (token == null) {
      return Mono.error(
          unauthorized(
              "auth.missing_key", "Send the operator token as Authorization: Bearer <token>"));
    }
    if (!properties.hasOperatorToken()
        || !ApiKeys.constantTimeEquals(properties.operatorToken(), token)) {
      return Mono.error(unauthorized("auth.invalid_key", "The operator token is not valid"));
    }
    return Mono.empty();
  }

  private static String presentedKey(ServerHttpRequest request) {
    String bearer = bearer(request);
    if (bearer != null) {
      return bearer;
    }
    String header = request.getHeaders().getFirst(API_KEY_HEADER);
    return header == null || header.isBlank() ? null : header.trim();
  }

  private static String bearer(ServerHttpRequest request) {
    String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null || authorization.length() < 7) {
      return null;
    }
    if (!authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static ApiException invalidKey() {
    return unauthorized("auth.invalid_key", "The API key is not valid, expired or revoked");
  }

  private static ApiException unauthorized(String code, String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, code, message);
  }
}
