package dev.omnipost.sandbox.instagram;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Graph reads parameters from the query string, a form body or a JSON body alike. */
final class GraphParams {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private GraphParams() {}

  static Mono<Map<String, String>> read(ServerWebExchange exchange) {
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
}
