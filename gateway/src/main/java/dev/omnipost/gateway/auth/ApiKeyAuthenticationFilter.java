package dev.omnipost.gateway.auth;

import dev.omnipost.gateway.GatewayProperties;
import dev.omnipost.gateway.ratelimit.AddressBudget;
import dev.omnipost.gateway.ratelimit.RequestRateLimits;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.OperatorRoute;
import dev.omnipost.gateway.web.PublicRoute;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Decides who may call a request before any handler runs, deny by default. The decision is taken on
 * the handler the router itself will pick (the same lookup, on the same decoded path), never on the
 * raw path text, so no spelling of a path can reach a handler without its check:
 *
 * <ul>
 *   <li>{@link PublicRoute}: no credential;
 *   <li>{@link OperatorRoute}: the operator token, never an API key;
 *   <li>{@link RequiresScope}: an API key that carries the scope (403 {@code
 *       auth.forbidden_scope}); {@link Scopes#ANY_KEY}: any valid API key;
 *   <li>a handler with none of them: refused to every key;
 *   <li>no handler at all under {@code /v1/} (unknown route, wrong method): a valid API key first,
 *       then the router's 404 or 405, so probing the API without a key tells nothing (as Stripe
 *       answers 401); outside {@code /v1/} the router's 404 at once.
 * </ul>
 *
 * Paths in a non-canonical spelling are refused with 400 before that ({@link RequestPaths}). The
 * authenticated {@link Caller} is left in the exchange for {@link CallerArgumentResolver}.
 *
 * <p>Every request is counted against a rate limit on the way ({@link RequestRateLimits}): a usable
 * key against its own limit, anything else against its client address, and a presented key's
 * address budget is charged before the key is looked up. With {@code
 * omnipost.gateway.server-timing} the time all this took is reported as {@code Server-Timing:
 * admission;dur=…} (milliseconds), which the bench reads.
 */
@Component
class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

  static final String CALLER_ATTRIBUTE = Caller.class.getName();

  private final ApiKeyStore keys;
  private final KeyUsageRecorder usage;
  private final OperatorCredential operator;
  private final ObjectProvider<RequestMappingHandlerMapping> handlers;
  private final RequestRateLimits limits;
  private final boolean serverTiming;
  private final Clock clock = Clock.systemUTC();

  ApiKeyAuthenticationFilter(
      ApiKeyStore keys,
      KeyUsageRecorder usage,
      OperatorCredential operator,
      @Qualifier("requestMappingHandlerMapping")
          ObjectProvider<RequestMappingHandlerMapping> handlers,
      RequestRateLimits limits,
      GatewayProperties properties) {
    this.keys = keys;
    this.usage = usage;
    this.operator = operator;
    this.handlers = handlers;
    this.limits = limits;
    this.serverTiming = properties.serverTiming();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long started = System.nanoTime();
    return Mono.fromRunnable(
            () -> RequestPaths.requireCanonical(exchange.getRequest().getURI().getRawPath()))
        .onErrorResume(
            ApiException.class,
            invalidPath ->
                limits
                    .admitAddress(exchange, AddressBudget.UNAUTHENTICATED)
                    .then(Mono.error(invalidPath)))
        .then(Mono.defer(() -> handlers.getObject().getHandler(exchange)))
        .onErrorResume(failure -> !(failure instanceof ApiException), noMatch -> Mono.empty())
        .map(RouteAccess::of)
        .defaultIfEmpty(RouteAccess.UNKNOWN_ROUTE)
        .flatMap(access -> authorize(exchange, access))
        .then(Mono.fromRunnable(() -> reportTiming(exchange, started)))
        .then(chain.filter(exchange));
  }

  private void reportTiming(ServerWebExchange exchange, long started) {
    if (serverTiming) {
      double millis = (System.nanoTime() - started) / 1e6;
      exchange
          .getResponse()
          .getHeaders()
          .set("Server-Timing", String.format(Locale.ROOT, "admission;dur=%.3f", millis));
    }
  }

  private Mono<Void> authorize(ServerWebExchange exchange, RouteAccess access) {
    if (access.kind() == RouteAccess.Kind.UNKNOWN_ROUTE && !isApiPath(exchange)) {
      // nothing lives outside /v1 but public media: the 404 reveals nothing
      return limits.admitAddress(exchange, AddressBudget.PUBLIC);
    }
    return switch (access.kind()) {
      case PUBLIC -> limits.admitAddress(exchange, AddressBudget.PUBLIC);
      case OPERATOR ->
          limits
              .admitAddress(exchange, AddressBudget.OPERATOR)
              .then(Mono.fromRunnable(() -> operator.require(exchange.getRequest())));
      case SCOPED, UNKNOWN_ROUTE, UNDECLARED ->
          authenticate(exchange)
              .doOnNext(
                  caller -> {
                    if (access.kind() == RouteAccess.Kind.UNDECLARED) {
                      throw new ApiException(
                          HttpStatus.FORBIDDEN,
                          "auth.forbidden_scope",
                          "This route is not open to API keys");
                    }
                    if (access.scope() != null) {
                      caller.requireScope(access.scope());
                    }
                    exchange.getAttributes().put(CALLER_ATTRIBUTE, caller);
                  })
              .then();
    };
  }

  /** The caller the key names, counted against the key's rate limit (see the class comment). */
  private Mono<Caller> authenticate(ServerWebExchange exchange) {
    String key = Credentials.apiKey(exchange.getRequest());
    if (key == null) {
      return limits
          .admitAddress(exchange, AddressBudget.UNAUTHENTICATED)
          .then(
              Mono.error(
                  unauthorized(
                      "auth.missing_key",
                      "Send your API key as Authorization: Bearer <key> or X-API-Key")));
    }
    if (!ApiKeys.hasValidFormat(key)) {
      return limits
          .admitAddress(exchange, AddressBudget.UNAUTHENTICATED)
          .then(Mono.error(invalidKey()));
    }
    String hash = ApiKeys.hash(key);
    return limits
        .beforeKeyLookup(exchange, hash)
        .then(
            Mono.defer(() -> keys.findByHash(hash))
                .doOnError(failure -> limits.lookupFailed(exchange)))
        .flatMap(
            found -> {
              Instant now = clock.instant();
              if (found.isEmpty() || !found.get().isUsableAt(now)) {
                limits.keyRefused(hash);
                return Mono.error(invalidKey());
              }
              usage.used(found.get().id(), now);
              Caller caller = found.get().toCaller();
              return limits.admitKey(exchange, hash, caller).thenReturn(caller);
            });
  }

  private static boolean isApiPath(ServerWebExchange exchange) {
    return exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/v1/");
  }

  /** What a matched handler declares about who may call it. */
  record RouteAccess(Kind kind, String scope) {

    enum Kind {
      PUBLIC,
      OPERATOR,
      SCOPED,
      UNDECLARED,
      UNKNOWN_ROUTE
    }

    static final RouteAccess UNKNOWN_ROUTE = new RouteAccess(Kind.UNKNOWN_ROUTE, null);

    static RouteAccess of(Object handler) {
      if (!(handler instanceof HandlerMethod method)) {
        return new RouteAccess(Kind.UNDECLARED, null);
      }
      if (method.hasMethodAnnotation(PublicRoute.class)) {
        return new RouteAccess(Kind.PUBLIC, null);
      }
      if (method.hasMethodAnnotation(OperatorRoute.class)) {
        return new RouteAccess(Kind.OPERATOR, null);
      }
      RequiresScope scope = method.getMethodAnnotation(RequiresScope.class);
      if (scope == null) {
        return new RouteAccess(Kind.UNDECLARED, null);
      }
      // any valid key: authenticated as every scoped route, with no scope to check after that
      return new RouteAccess(
          Kind.SCOPED, Scopes.ANY_KEY.equals(scope.value()) ? null : scope.value());
    }
  }

  private static ApiException invalidKey() {
    return unauthorized("auth.invalid_key", "The API key is not valid, expired or revoked");
  }

  static ApiException unauthorized(String code, String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, code, message);
  }
}
