package dev.omnipost.sandbox.threads;

import dev.omnipost.sandbox.meta.MetaGateway;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Threads API calls go through {@link MetaGateway}: user tokens, usage in {@code X-App-Usage}, code
 * 4 when throttled.
 */
@Component
class ThreadsApiFilter implements WebFilter {

  private static final Pattern API = Pattern.compile("^/threads/v\\d+\\.\\d+/.*");

  private final MetaGateway gateway;
  private final MetaGateway.Usage usage;

  ThreadsApiFilter(MetaGateway gateway, ThreadsSettings settings) {
    this.gateway = gateway;
    this.usage = new MetaGateway.Usage(settings.callsPerHour(), 4, null);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!API.matcher(exchange.getRequest().getPath().value()).matches()) {
      return chain.filter(exchange);
    }
    return gateway.filter(exchange, chain, ThreadsStore.PLATFORM, usage);
  }
}
