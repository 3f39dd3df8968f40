package dev.omnipost.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gateway's own settings.
 *
 * @param operatorToken the secret that authorizes {@code /v1/admin/**} (bootstrap of workspaces and
 *     accounts); no default, so admin calls are refused until an operator sets one
 * @param serverTiming whether responses report how long authentication and rate limiting took
 *     ({@code Server-Timing: admission;dur=…}); off by default, the bench turns it on
 */
@ConfigurationProperties("omnipost.gateway")
public record GatewayProperties(String operatorToken, boolean serverTiming) {

  public boolean hasOperatorToken() {
    return operatorToken != null && !operatorToken.isBlank();
  }
}
