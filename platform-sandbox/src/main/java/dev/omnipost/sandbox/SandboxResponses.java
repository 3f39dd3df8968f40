package dev.omnipost.sandbox;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes a JSON answer straight from a filter, before any controller runs. */
public final class SandboxResponses {

  private SandboxResponses() {}

  public static Mono<Void> json(ServerWebExchange exchange, int status, String body) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatusCode.valueOf(status));
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }

  /** The scheme, host and port the caller used, so links point back at this sandbox. */
  public static String origin(ServerWebExchange exchange) {
    var uri = exchange.getRequest().getURI();
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
