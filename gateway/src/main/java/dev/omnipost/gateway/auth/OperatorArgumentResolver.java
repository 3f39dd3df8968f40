package dev.omnipost.gateway.auth;

import dev.omnipost.gateway.web.Operator;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Supplies an {@link Operator} parameter only after verifying the operator token again. */
class OperatorArgumentResolver implements HandlerMethodArgumentResolver {

  private final OperatorCredential credential;

  OperatorArgumentResolver(OperatorCredential credential) {
    this.credential = credential;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Operator.class.equals(parameter.getParameterType());
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
    return Mono.fromSupplier(
        () -> {
          credential.require(exchange.getRequest());
          return new Operator();
        });
  }
}
