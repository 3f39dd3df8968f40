package dev.omnipost.sandbox.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Remembers the W3C {@code traceparent} header of the last {@value #KEPT} platform API calls that
 * carried one, so a test can see which trace a publish's calls belonged to: {@code GET
 * /_sandbox/traceparents?path_prefix=/instagram} answers {@code [{method, path, traceparent}]},
 * oldest first. Calls to the control API itself are not kept.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class TraceHeaders implements WebFilter {

  static final int KEPT = 1000;

  private final Deque<Map<String, String>> seen = new ArrayDeque<>();

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String traceparent = exchange.getRequest().getHeaders().getFirst("traceparent");
    String path = exchange.getRequest().getPath().value();
    if (traceparent != null && !path.startsWith("/_sandbox")) {
      synchronized (seen) {
        seen.addLast(
            Map.of(
                "method", exchange.getRequest().getMethod().name(),
                "path", path,
                "traceparent", traceparent));
        if (seen.size() > KEPT) {
          seen.removeFirst();
        }
      }
    }
    return chain.filter(exchange);
  }

  List<Map<String, String>> seen(String pathPrefix) {
    synchronized (seen) {
      return seen.stream()
          .filter(call -> pathPrefix == null || call.get("path").startsWith(pathPrefix))
          .toList();
    }
  }

  /** {@code GET /_sandbox/traceparents}. */
  @RestController
  static class Controller {

    private final TraceHeaders headers;

    Controller(TraceHeaders headers) {
      this.headers = headers;
    }

    @GetMapping("/_sandbox/traceparents")
    List<Map<String, String>> traceparents(
        @RequestParam(name = "path_prefix", required = false) String pathPrefix) {
      return headers.seen(pathPrefix);
    }
  }
}
