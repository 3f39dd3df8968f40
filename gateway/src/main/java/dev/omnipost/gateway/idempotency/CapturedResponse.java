package dev.omnipost.gateway.idempotency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Holds a handler's answer (status, headers, body bytes) instead of sending it, so the answer can
 * be stored in the request's transaction and sent only after that transaction committed. Headers
 * are kept apart from the real response's until then: an answer that ends up not being sent (the
 * commit failed) leaves nothing behind for the error handler to trip over.
 */
final class CapturedResponse extends ServerHttpResponseDecorator {

  /**
   * Headers that describe one transfer or the caller's current budget rather than the answer, so a
   * replay gets its own.
   */
  private static final Set<String> NOT_STORED =
      Set.of(
          "content-length",
          "transfer-encoding",
          "connection",
          "date",
          "set-cookie",
          "retry-after",
          IdempotencyFilter.REPLAYED_HEADER.toLowerCase(Locale.ROOT));

  private final HttpHeaders headers = new HttpHeaders();
  private HttpStatusCode status = HttpStatus.OK;
  private byte[] body;

  CapturedResponse(ServerHttpResponse delegate) {
    super(delegate);
  }

  @Override
  public boolean setStatusCode(HttpStatusCode status) {
    if (status != null) {
      this.status = status;
    }
    return true;
  }

  @Override
  public boolean setRawStatusCode(Integer status) {
    return setStatusCode(status == null ? null : HttpStatusCode.valueOf(status));
  }

  @Override
  public HttpStatusCode getStatusCode() {
    return status;
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public boolean isCommitted() {
    return body != null;
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> content) {
    return DataBufferUtils.join(Flux.from(content))
        .map(
            joined -> {
              byte[] bytes = new byte[joined.readableByteCount()];
              joined.read(bytes);
              DataBufferUtils.release(joined);
              return bytes;
            })
        .defaultIfEmpty(new byte[0])
        .doOnNext(bytes -> this.body = bytes)
        .then();
  }

  @Override
  public Mono<Void> writeAndFlushWith(
      Publisher<? extends Publisher<? extends DataBuffer>> content) {
    return writeWith(Flux.from(content).concatMap(Flux::from));
  }

  @Override
  public Mono<Void> setComplete() {
    if (body == null) {
      body = new byte[0];
    }
    return Mono.empty();
  }

  int status() {
    return status.value();
  }

  boolean succeeded() {
    return status.is2xxSuccessful();
  }

  byte[] body() {
    return body == null ? new byte[0] : body;
  }

  /** The headers worth replaying, as stored. */
  Map<String, List<String>> storedHeaders() {
    Map<String, List<String>> stored = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!NOT_STORED.contains(lower) && !lower.startsWith("x-ratelimit-")) {
            stored.put(name, List.copyOf(values));
          }
        });
    return stored;
  }
}
