package dev.omnipost.gateway.web;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * JSON bodies are UTF-8 (RFC 8259 §8.1) and nothing else: a JSON {@code Content-Type} naming
 * another charset ({@code charset=latin1}, {@code utf-16}) is a 415, and so is a body Jackson would
 * otherwise detect as UTF-16 or UTF-32 by its byte order mark or its NUL bytes (a NUL byte is never
 * part of UTF-8 JSON: JSON escapes U+0000 inside strings). Ordered after authentication, so an
 * unauthenticated request still gets its 401 first (ADR 0025).
 */
@Component
class Utf8JsonFilter implements WebFilter, Ordered {

  static final String SUPPORTED = "application/json; charset=utf-8";

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 50;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    MediaType type;
    try {
      type = exchange.getRequest().getHeaders().getContentType();
    } catch (RuntimeException unreadable) {
      return chain.filter(exchange); // the codecs answer an unreadable Content-Type
    }
    if (type == null || !isJson(type)) {
      return chain.filter(exchange);
    }
    String charset = type.getParameter("charset");
    if (charset != null && !isUtf8(charset)) {
      return Mono.error(unsupported("charset " + charset + " is not supported"));
    }
    ServerHttpRequest request =
        new ServerHttpRequestDecorator(exchange.getRequest()) {
          @Override
          public Flux<DataBuffer> getBody() {
            boolean[] first = {true};
            return super.getBody().map(buffer -> checked(buffer, first));
          }
        };
    return chain.filter(exchange.mutate().request(request).build());
  }

  private static DataBuffer checked(DataBuffer buffer, boolean[] first) {
    int start = buffer.readPosition();
    int end = buffer.writePosition();
    boolean bom =
        first[0]
            && end - start >= 2
            && ((buffer.getByte(start) & 0xFF) == 0xFE && (buffer.getByte(start + 1) & 0xFF) == 0xFF
                || (buffer.getByte(start) & 0xFF) == 0xFF
                    && (buffer.getByte(start + 1) & 0xFF) == 0xFE);
    if (end > start) {
      first[0] = false;
    }
    boolean nul = false;
    for (int i = start; i < end && !bom; i++) {
      if (buffer.getByte(i) == 0) {
        nul = true;
        break;
      }
    }
    if (bom || nul) {
      DataBufferUtils.release(buffer);
      throw unsupported("the body is not UTF-8");
    }
    return buffer;
  }

  private static boolean isJson(MediaType type) {
    return MediaType.APPLICATION_JSON.isCompatibleWith(type)
        || (type.getSubtype() != null && type.getSubtype().endsWith("+json"));
  }

  private static boolean isUtf8(String name) {
    try {
      return Charset.forName(name.trim()).equals(StandardCharsets.UTF_8);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
      return false;
    }
  }

  private static ApiException unsupported(String problem) {
    return new ApiException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "request.unsupported_charset",
        "JSON bodies must be UTF-8 (" + problem + "); send Content-Type: " + SUPPORTED,
        Map.of("supported", List.of(SUPPORTED)));
  }
}
