package dev.omnipost.gateway.auth;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Supplies the {@link Caller} parameter of handler methods from what the auth filter found. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Caller.class.equals(parameter.getParameterType());
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
    Caller caller = exchange.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE);
    if (caller == null) {
      // a handler outside /v1/** asked for a caller: a programming error, but never a 500 leak
      return Mono.error(
          new ApiException(
              HttpStatus.UNAUTHORIZED, "auth.missing_key", "This route needs an API key"));
    }
    return Mono.just(caller);
  }
}
