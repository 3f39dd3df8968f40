package dev.omnipost.publisher.tokens;

import dev.omnipost.connectors.oauth.OAuthClient;
import dev.omnipost.connectors.oauth.OAuthSettings;
import dev.omnipost.egress.EgressProperties;
import dev.omnipost.egress.HostResolver;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.persistence.secrets.SecretCipher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The token refresher's beans: the refresher with its sign-in client, and its loop. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OAuthSettings.class, EgressProperties.class})
class TokenRefreshBeans {

  @Bean
  TokenRefresher tokenRefresher(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      SecretCipher cipher,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      OAuthSettings settings,
      EgressProperties egress,
      MeterRegistry meters) {
    return new TokenRefresher(
        jdbc,
        transactions,
        cipher,
        outbox,
        codec,
        new OAuthClient(
            settings,
            Clock.systemUTC(),
            egress.guard(settings.instanceNetworks(), HostResolver.SYSTEM)),
        settings,
        meters);
  }

  @Bean
  TokenRefreshLoop tokenRefreshLoop(TokenRefresher refresher, OAuthSettings settings) {
    return new TokenRefreshLoop(refresher, settings);
  }
}
