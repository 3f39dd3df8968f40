package dev.omnipost.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;

/**
 * A bound on how long a client may leave its request body unfinished, so a stalled client (a body
 * that never completes) cannot hold a connection: the body fails after {@code
 * omnipost.gateway.http.read-timeout} without a byte, the request answers 408 and the connection is
 * closed. It applies only while the body is being read, not while the answer is being worked out
 * (Reactor Netty's own read timeout also fired during a long idempotency wait, after the body had
 * arrived). A kept-alive connection waiting for its next request is Boot's {@code
 * server.netty.idle-timeout} (ADR 0025). Multipart uploads are not covered yet: WebFlux reads their
 * parts from the exchange's undecorated body.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpServerTimeouts.Settings.class)
class HttpServerTimeouts {

  /**
   * {@code omnipost.gateway.http.*}.
   *
   * @param readTimeout the longest silence while a request's body is being read
   */
  @ConfigurationProperties("omnipost.gateway.http")
  record Settings(@DefaultValue("10s") Duration readTimeout) {}

  /** A request body that stalled past the read timeout; answered 408 {@code request.timeout}. */
  static final class BodyTimeoutException extends RuntimeException {
    BodyTimeoutException(Duration timeout) {
      super("No request body bytes for " + timeout, null, false, false);
    }
  }

  @Bean
  WebFilter requestBodyReadTimeout(Settings settings) {
    Duration timeout = settings.readTimeout();
    return new OrderedBodyTimeout(timeout);
  }

  private record OrderedBodyTimeout(Duration timeout) implements WebFilter, Ordered {

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public reactor.core.publisher.Mono<Void> filter(
        org.springframework.web.server.ServerWebExchange exchange,
        org.springframework.web.server.WebFilterChain chain) {
      MediaType type = exchange.getRequest().getHeaders().getContentType();
      if (type != null && "multipart".equalsIgnoreCase(type.getType())) {
        // parts are read through the exchange's own multipart reader, from the undecorated body
        return chain.filter(exchange);
      }
      ServerHttpRequestDecorator request =
          new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
              return super.getBody()
                  .timeout(timeout, Flux.error(() -> new BodyTimeoutException(timeout)));
            }
          };
      return chain.filter(exchange.mutate().request(request).build());
    }
  }
}
