package dev.omnipost.sandbox.facebook;

import dev.omnipost.sandbox.meta.MetaGateway;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Facebook Graph calls go through {@link MetaGateway}: Page tokens, usage in {@code
 * X-Business-Use-Case-Usage} (type {@code pages}), code 80001 when throttled.
 */
@Component
class FacebookApiFilter implements WebFilter {

  private static final Pattern API = Pattern.compile("^/facebook/v\\d+\\.\\d+/.*");

  private final MetaGateway gateway;
  private final MetaGateway.Usage usage;

  FacebookApiFilter(MetaGateway gateway, FacebookSettings settings) {
    this.gateway = gateway;
    this.usage = new MetaGateway.Usage(settings.callsPerHour(), 80001, "pages");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!API.matcher(exchange.getRequest().getPath().value()).matches()) {
      return chain.filter(exchange);
    }
    return gateway.filter(exchange, chain, FacebookStore.PLATFORM, usage);
  }
}
