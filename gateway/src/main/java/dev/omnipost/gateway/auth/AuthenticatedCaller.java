package dev.omnipost.gateway.auth;

import dev.omnipost.gateway.web.Caller;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@link Caller} the auth filter authenticated, for web filters that run after it (handlers
 * declare a {@code Caller} parameter instead). Empty on public and operator routes.
 */
public final class AuthenticatedCaller {

  private AuthenticatedCaller() {}

  public static Optional<Caller> of(ServerWebExchange exchange) {
    return Optional.ofNullable(exchange.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE));
  }
}
