package dev.omnipost.sandbox.state;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Before any answer leaves, marks the stores the request may have changed for writing; a request
 * that changes state waits until they are on disk, so whatever the sandbox answered it accepted (a
 * published post, say) is still there after a crash. Reads (which may advance a processing status)
 * are written soon after, without waiting.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StateFilter implements WebFilter {

  private final SandboxState state;

  StateFilter(SandboxState state) {
    this.state = state;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!state.persistent()) {
      return chain.filter(exchange);
    }
    String path = exchange.getRequest().getPath().value();
    HttpMethod method = exchange.getRequest().getMethod();
    boolean waits = !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method));
    if (!waits && path.startsWith("/_sandbox/")) {
      // the control API's reads (posts, uploads, stats) change nothing
      return chain.filter(exchange);
    }
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              var written = state.changed(path);
              return waits ? Mono.fromFuture(written) : Mono.empty();
            });
    return chain.filter(exchange);
  }
}
