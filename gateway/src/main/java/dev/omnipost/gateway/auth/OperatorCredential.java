package dev.omnipost.gateway.auth;

import dev.omnipost.gateway.GatewayProperties;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Checks the operator token ({@code omnipost.gateway.operator-token}) in constant time. Without a
 * configured token every operator call is refused.
 */
@Component
class OperatorCredential {

  private final GatewayProperties properties;

  OperatorCredential(GatewayProperties properties) {
    this.properties = properties;
  }

  /** Throws 401 unless {@code request} carries the operator token as its bearer token. */
  void require(ServerHttpRequest request) {
    String token = Credentials.bearer(request);
    if (token == null) {
      throw ApiKeyAuthenticationFilter.unauthorized(
          "auth.missing_key", "Send the operator token as Authorization: Bearer <token>");
    }
    if (!properties.hasOperatorToken()
        || !ApiKeys.constantTimeEquals(properties.operatorToken(), token)) {
      throw ApiKeyAuthenticationFilter.unauthorized(
          "auth.invalid_key", "The operator token is not valid");
    }
  }
}
