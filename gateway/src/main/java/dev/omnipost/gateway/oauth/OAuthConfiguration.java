package dev.omnipost.gateway.oauth;

import dev.omnipost.connectors.oauth.OAuthClient;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.egress.EgressProperties;
import dev.omnipost.egress.HostResolver;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connect flows' beans: the platforms' sign-in client and its settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuthSettings.class)
class OAuthConfiguration {

  /** Its Mastodon calls (instances the tenant named) go through the instances' SSRF guard. */
  @Bean
  OAuthClient oauthClient(
      OAuthSettings settings,
      EgressProperties egress,
      ObjectProvider<HostResolver> resolver,
      ObjectProvider<Clock> clock) {
    return new OAuthClient(
        settings,
        clock.getIfAvailable(Clock::systemUTC),
        egress.guard(
            settings.instanceNetworks(), resolver.getIfAvailable(() -> HostResolver.SYSTEM)));
  }
}
