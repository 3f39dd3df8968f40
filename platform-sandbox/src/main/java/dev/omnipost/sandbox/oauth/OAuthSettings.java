package dev.omnipost.sandbox.oauth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox's sign-in settings ({@code omnipost.sandbox.oauth.*}).
 *
 * @param lifetimeScale every token lifetime is the platform's documented one times this (0.001
 *     makes X's 2 hours 7.2 seconds); never below one second
 * @param codeLifetime how long an authorization code can be exchanged
 */
@ConfigurationProperties("omnipost.sandbox.oauth")
record OAuthSettings(
    @DefaultValue("1.0") double lifetimeScale, @DefaultValue("10m") Duration codeLifetime) {

  Duration scaled(Duration documented) {
    if (documented == null) {
      return null;
    }
    long millis = Math.max(1000, Math.round(documented.toMillis() * lifetimeScale));
    return Duration.ofMillis(millis);
  }
}
