package dev.omnipost.gateway.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error, ours and the framework's (unknown routes, codecs, filters, database), as
 * {@code {"error": {"code", "message", "meta"}}}. Ordered before Boot's own error handler so no
 * whitelabel page or stack trace ever reaches a client.
 */
@Component
@Order(-2)
public class ApiErrorHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  private final JsonMapper jsonMapper;

  public ApiErrorHandler(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
    // a client that went away also fails what was still writing to it; Reactor drops that error
    // and would log it at ERROR with its stack trace
    Hooks.onErrorDropped(
        dropped -> {
          if (ErrorMapping.isClientAbort(dropped)) {
            log.debug("Dropped after the client went away: {}", dropped.toString());
          } else {
            log.error("Operator called default onErrorDropped", dropped);
          }
        });
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.error(failure);
    }
    ApiException error = ErrorMapping.toApiException(failure);
    log(exchange, error, failure);
    response.setStatusCode(error.status());
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (error.meta().get("allowed_methods") instanceof List<?> allowed) {
      headers.set(
          HttpHeaders.ALLOW, String.join(", ", allowed.stream().map(String::valueOf).toList()));
    }
    if (error.status().value() == 408) {
      // the rest of a stalled body may never come: the connection is not reused
      headers.set(HttpHeaders.CONNECTION, "close");
    }
    if (error.status().value() == 401) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    DataBuffer body = response.bufferFactory().wrap(jsonMapper.writeValueAsBytes(envelope(error)));
    return response.writeWith(Mono.just(body));
  }

  /**
   * Only an unexpected failure (500) is logged with its stack trace; a dependency being down (503)
   * is one warning line, a client that went away mid-request one info line, and deliberate answers
   * (4xx, 501) are not the operator's concern.
   */
  private static void log(ServerWebExchange exchange, ApiException error, Throwable failure) {
    Object method = exchange.getRequest().getMethod();
    Object path = exchange.getRequest().getPath();
    if (ErrorMapping.isClientAbort(failure)) {
      log.info("{} {} not completed by the client: {}", method, path, failure.toString());
      return;
    }
    switch (error.status()) {
      case INTERNAL_SERVER_ERROR -> log.error("{} {} failed", method, path, failure);
      case SERVICE_UNAVAILABLE ->
          log.warn("{} {} answered 503: {}", method, path, failure.toString());
      default -> log.debug("{} {} answered {} {}", method, path, error.status(), error.code());
    }
  }

  /** The JSON body for {@code error}. */
  public static Map<String, Object> envelope(ApiException error) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", error.code());
    inner.put("message", error.getMessage());
    inner.put("meta", error.meta());
    return Map.of("error", inner);
  }
}
