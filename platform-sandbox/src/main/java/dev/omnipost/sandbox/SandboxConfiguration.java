package dev.omnipost.sandbox;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The sandbox's shared beans. */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

  @Bean
  Clock sandboxClock() {
    return Clock.systemUTC();
  }

  /** Fetches the media URLs posts point at, as Instagram does. */
  @Bean
  WebClient mediaFetchClient() {
    return WebClient.builder().build();
  }
}
