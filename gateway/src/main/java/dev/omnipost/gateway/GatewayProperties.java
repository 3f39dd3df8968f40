package dev.omnipost.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's own settings.
 *
 * @param operatorToken the secret that authorizes {@code /v1/admin/**} (bootstrap of workspaces and
 *     accounts); no default, so admin calls are refused until an operator sets one
 */
@ConfigurationProperties("omnipost.gateway")
public record GatewayProperties(String operatorToken) {

  public boolean hasOperatorToken() {
    return operatorToken != null && !operatorToken.isBlank();
  }
}
