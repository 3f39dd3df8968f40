package dev.omnipost.sandbox.meta;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Meta's Graph APIs read from a request: parameters from the query string, a form or a JSON
 * body alike, and the access token from {@code Authorization: Bearer|OAuth} or {@code
 * access_token}.
 */
public final class MetaParams {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private MetaParams() {}

  public static Mono<Map<String, String>> read(ServerWebExchange exchange) {
    Map<String, String> params =
        new HashMap<>(exchange.getRequest().getQueryParams().toSingleValueMap());
    MediaType contentType = exchange.getRequest().getHeaders().getContentType();
    if (contentType != null && MediaType.APPLICATION_JSON.isCompatibleWith(contentType)) {
      return DataBufferUtils.join(exchange.getRequest().getBody())
          .map(
              buffer -> {
                String text = buffer.toString(StandardCharsets.UTF_8);
                DataBufferUtils.release(buffer);
                JsonNode body = JSON.readTree(text);
                body.properties()
                    .forEach(
                        e ->
                            params.put(
                                e.getKey(),
                                e.getValue().isValueNode()
                                    ? e.getValue().asString()
                                    : e.getValue().toString()));
                return params;
              })
          .defaultIfEmpty(params);
    }
    return exchange
        .getFormData()
        .map(
            form -> {
              params.putAll(form.toSingleValueMap());
              return params;
            });
  }

  /** The access token of the call; empty when it carries none. */
  public static Mono<String> token(ServerWebExchange exchange) {
    String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null) {
      for (String scheme : new String[] {"Bearer ", "OAuth "}) {
        if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
          return Mono.just(authorization.substring(scheme.length()).trim());
        }
      }
    }
    String inQuery = exchange.getRequest().getQueryParams().getFirst("access_token");
    if (inQuery != null) {
      return Mono.just(inQuery);
    }
    return exchange.getFormData().mapNotNull(form -> form.getFirst("access_token"));
  }
}
