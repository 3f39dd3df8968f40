package dev.omnipost.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds on how long a client may take to send its request, so a slow or stalled client (a body
 * that never finishes, a request sent a byte at a time) cannot hold a connection. Waiting for the
 * next request on a kept-alive connection is Boot's {@code server.netty.idle-timeout} (ADR 0025).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpServerTimeouts.Settings.class)
class HttpServerTimeouts {

  /**
   * {@code omnipost.gateway.http.*}.
   *
   * @param readTimeout the longest silence while a request's body is being read; the connection is
   *     closed after it
   * @param requestTimeout the longest a whole request (headers and body, an upload included) may
   *     take to arrive
   */
  @ConfigurationProperties("omnipost.gateway.http")
  record Settings(
      @DefaultValue("10s") Duration readTimeout, @DefaultValue("10m") Duration requestTimeout) {}

  @Bean
  NettyServerCustomizer requestReadTimeouts(Settings settings) {
    return server ->
        server.readTimeout(settings.readTimeout()).requestTimeout(settings.requestTimeout());
  }
}
