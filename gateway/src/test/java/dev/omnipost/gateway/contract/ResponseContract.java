package dev.omnipost.gateway.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks every answer the gateway gives in tests against the OpenAPI document it serves: the
 * route's operation must document the status (exactly, as {@code 4XX}, or as {@code default}), a
 * JSON body must match the response's schema (the OpenAPI 3.1 dialect of networknt's validator;
 * declared properties' types, {@code required}, enums, formats), a body of another declared type
 * must carry that content type, and a 204 has no body. Every error answer must be the error
 * envelope whatever its schema says.
 *
 * <p>What is not checked, and why: requests outside the document (an unknown path or method, which
 * tests send on purpose) are held to the error envelope and a 4xx only, since no operation
 * describes them; a body that is not JSON (CSV, media files) is checked for its declared content
 * type only, since JSON Schema cannot describe it; response headers are not checked (the rate-limit
 * headers have their own test, {@code RateLimitHeadersTests}).
 */
public final class ResponseContract {

  private static final String BASE = "https://omnipost.test/openapi.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<JsonNode, ResponseContract> BY_DOCUMENT = new ConcurrentHashMap<>();

  private final JsonNode document;
  private final SchemaRegistry registry;
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final Schema envelope;

  private record Route(String template, Pattern pattern, int variables) {}

  /** One answer that breaks the contract, and why. */
  public record Violation(String route, int status, String problem) {
    @Override
    public String toString() {
      return route + " answered " + status + ": " + problem;
    }
  }

  private ResponseContract(JsonNode document) {
    this.document = document;
    String text = JSON.writeValueAsString(document);
    this.registry =
        SchemaRegistry.withDefaultDialect(
            Dialects.getOpenApi31(),
            builder ->
                builder
                    .schemas(Map.of(BASE, text))
                    .schemaRegistryConfig(
                        com.networknt.schema.SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .build()));
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      String template = path.getKey();
      int variables = 0;
      StringBuilder regex = new StringBuilder();
      for (String part : template.split("(?=\\{)|(?<=\\})")) {
        if (part.startsWith("{")) {
          regex.append("[^/]+");
          variables++;
        } else {
          regex.append(Pattern.quote(part));
        }
      }
      routes.add(new Route(template, Pattern.compile(regex.toString()), variables));
    }
    routes.sort(
        Comparator.comparingInt(Route::variables).thenComparing(r -> -r.template().length()));
    this.envelope = schema("/components/schemas/Error");
  }

  /** The document this contract holds answers to. */
  public JsonNode document() {
    return document;
  }

  /** The contract of {@code document} (built once per document). */
  public static ResponseContract of(JsonNode document) {
    return BY_DOCUMENT.computeIfAbsent(document, ResponseContract::new);
  }

  /**
   * A filter for a {@code WebTestClient} or {@code WebClient} to the gateway that fails the
   * exchange with an {@link AssertionError} naming route, status and the validation errors when the
   * answer breaks the contract.
   */
  public ExchangeFilterFunction filter() {
    return (request, next) ->
        next.exchange(request)
            .flatMap(
                response ->
                    response
                        .bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(
                            bytes -> {
                              Violation violation =
                                  check(
                                      request.method().name(),
                                      request.url(),
                                      response.statusCode().value(),
                                      response.headers().contentType().orElse(null),
                                      bytes);
                              if (violation != null) {
                                throw new AssertionError(
                                    "The answer breaks the OpenAPI document: " + violation);
                              }
                              return rebuilt(response, bytes);
                            }));
  }

  private static ClientResponse rebuilt(ClientResponse response, byte[] bytes) {
    return response
        .mutate()
        .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)))
        .build();
  }

  /** The violation of one answer, or null when it keeps the contract. */
  public Violation check(String method, URI url, int status, MediaType type, byte[] body) {
    String path = unreservedDecoded(url.getRawPath());
    Route route = route(path);
    if (route == null && !path.startsWith("/v1/")) {
      return null; // outside the API (paths the sandbox or a test server answers)
    }
    JsonNode operation =
        route == null ? null : document.at(pointer("paths", route.template(), lower(method)));
    String label = method + " " + (route == null ? path : route.template());
    if (operation == null || operation.isMissingNode()) {
      if (status < 400 || status >= 500) {
        return new Violation(label, status, "no operation documents this request");
      }
      return envelopeProblem(label, status, type, body);
    }
    String key = responseKey(operation, status);
    if (key == null) {
      return new Violation(
          label,
          status,
          "status not documented (documented: "
              + operation.path("responses").propertyNames()
              + ")");
    }
    String base = pointer("paths", route.template(), lower(method), "responses", key);
    JsonNode response = document.at(base);
    if (response.has("$ref")) {
      base = response.get("$ref").asString().substring(1);
      response = document.at(base);
    }
    JsonNode content = response.path("content");
    if (status >= 400 && !documentsItsOwnBody(content)) {
      Violation problem = envelopeProblem(label, status, type, body);
      if (problem != null) {
        return problem;
      }
    }
    if (status == 204 || status == 304 || content.isEmpty()) {
      if (body.length > 0 && status == 204) {
        return new Violation(label, status, "a 204 with a body");
      }
      if (body.length > 0 && content.isEmpty() && status < 300) {
        return new Violation(label, status, "a body where the document declares none");
      }
      return null;
    }
    if (type == null) {
      return new Violation(label, status, "no Content-Type; documented " + content.propertyNames());
    }
    String declared = declaredType(content, type);
    if (declared == null) {
      return new Violation(
          label, status, "Content-Type " + type + " not documented " + content.propertyNames());
    }
    if (!isJson(declared) || !content.path(declared).has("schema")) {
      return null;
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (RuntimeException e) {
      return new Violation(label, status, "the body is not JSON: " + text(body));
    }
    List<Error> errors = schema(base + pointer("content", declared, "schema")).validate(json);
    if (!errors.isEmpty()) {
      return new Violation(label, status, errors(errors) + " in " + text(body));
    }
    return null;
  }

  /**
   * Whether an error status documents a body of its own rather than the envelope: {@code GET
   * /v1/health}'s 503 is the health report with the dependency that is down.
   */
  private static boolean documentsItsOwnBody(JsonNode content) {
    JsonNode schema = content.path("application/json").path("schema");
    return schema.isObject()
        && !schema.path("$ref").asString("").endsWith("/Error")
        && schema.path("properties").has("data");
  }

  private Violation envelopeProblem(String label, int status, MediaType type, byte[] body) {
    if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
      return new Violation(
          label,
          status,
          "an error answer that is not the JSON envelope (" + type + "): " + text(body));
    }
    try {
      List<Error> errors = envelope.validate(JSON.readTree(body));
      return errors.isEmpty()
          ? null
          : new Violation(
              label, status, "not the error envelope: " + errors(errors) + " in " + text(body));
    } catch (RuntimeException e) {
      return new Violation(label, status, "the error body is not JSON: " + text(body));
    }
  }

  /**
   * The path with percent-encoded unreserved characters decoded: RFC 3986 (6.2.2.2) makes {@code
   * /v1/%68ealth} the same URI as {@code /v1/health}, and the gateway treats it so.
   */
  static String unreservedDecoded(String path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        try {
          char decoded = (char) Integer.parseInt(path.substring(i + 1, i + 3), 16);
          if (Character.isLetterOrDigit(decoded) && decoded < 128 || "-._~".indexOf(decoded) >= 0) {
            out.append(decoded);
            i += 2;
            continue;
          }
        } catch (NumberFormatException notAnEscape) {
          // kept as it is
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private Route route(String path) {
    for (Route route : routes) {
      if (route.pattern().matcher(path).matches()) {
        return route;
      }
    }
    return null;
  }

  private static String responseKey(JsonNode operation, int status) {
    JsonNode responses = operation.path("responses");
    String exact = Integer.toString(status);
    if (responses.has(exact)) {
      return exact;
    }
    String range = (status / 100) + "XX";
    if (responses.has(range)) {
      return range;
    }
    return responses.has("default") ? "default" : null;
  }

  private static String declaredType(JsonNode content, MediaType type) {
    for (String name : content.propertyNames()) {
      MediaType declared = MediaType.parseMediaType(name);
      if (declared.includes(type)
          || declared.isCompatibleWith(type) && declared.equalsTypeAndSubtype(type)) {
        return name;
      }
    }
    for (String name : content.propertyNames()) {
      if (MediaType.parseMediaType(name).isCompatibleWith(type)) {
        return name;
      }
    }
    return null;
  }

  private static boolean isJson(String type) {
    MediaType media = MediaType.parseMediaType(type);
    return media.getSubtype().equals("json") || media.getSubtype().endsWith("+json");
  }

  private Schema schema(String pointer) {
    return schemas.computeIfAbsent(
        pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
  }

  /** A JSON pointer of the given property names, each escaped. */
  static String pointer(String... names) {
    StringBuilder pointer = new StringBuilder();
    for (String name : names) {
      pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private static String lower(String method) {
    return method.toLowerCase(Locale.ROOT);
  }

  private static String errors(List<Error> errors) {
    return errors.stream().limit(10).map(Error::toString).toList().toString();
  }

  private static String text(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 800 ? text.substring(0, 800) + "…" : text;
  }
}
