package dev.omnipost.gateway.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document, assembled once at start-up from {@code openapi/base.json} (info,
 * security schemes, shared schemas) and one file per feature tag ({@code openapi/posts.json}, …),
 * each holding its {@code paths} and its own {@code components}. One file per feature keeps
 * branches that add routes from colliding; a path, operation or component defined twice fails the
 * start rather than silently overwriting one feature's contract with another's.
 */
@Component
public class OpenApiDocument {

  static final String BASE = "openapi/base.json";
  private static final String FEATURES = "classpath*:openapi/*.json";
  static final String IDEMPOTENCY_KEY = "#/components/parameters/IdempotencyKey";

  private final JsonNode document;
  private final byte[] bytes;

  public OpenApiDocument(JsonMapper jsonMapper) {
    this.document = assemble(jsonMapper);
    this.bytes = jsonMapper.writeValueAsBytes(document);
  }

  /** The assembled document, for tests and for serving. */
  public JsonNode document() {
    return document;
  }

  byte[] bytes() {
    return bytes;
  }

  private static JsonNode assemble(JsonMapper jsonMapper) {
    try {
      Resource[] files = new PathMatchingResourcePatternResolver().getResources(FEATURES);
      Arrays.sort(files, Comparator.comparing(Resource::getFilename));
      ObjectNode base = null;
      for (Resource file : files) {
        if (BASE.endsWith("/" + file.getFilename())) {
          base = (ObjectNode) read(jsonMapper, file);
        }
      }
      if (base == null) {
        throw new IllegalStateException("No " + BASE + " on the class path");
      }
      for (Resource file : files) {
        if (!BASE.endsWith("/" + file.getFilename())) {
          merge(base, (ObjectNode) read(jsonMapper, file), file.getFilename());
        }
      }
      documentIdempotencyKeys(base);
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(JsonMapper jsonMapper, Resource file) throws IOException {
    try (InputStream in = file.getInputStream()) {
      return jsonMapper.readTree(in);
    }
  }

  private static void merge(ObjectNode base, ObjectNode feature, String file) {
    ObjectNode paths = (ObjectNode) base.get("paths");
    for (Map.Entry<String, JsonNode> path : feature.path("paths").properties()) {
      ObjectNode target = paths.has(path.getKey()) ? (ObjectNode) paths.get(path.getKey()) : null;
      if (target == null) {
        paths.set(path.getKey(), path.getValue());
        continue;
      }
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (target.has(operation.getKey())) {
          throw duplicate(file, operation.getKey().toUpperCase() + " " + path.getKey());
        }
        target.set(operation.getKey(), operation.getValue());
      }
    }
    ObjectNode components = (ObjectNode) base.get("components");
    for (Map.Entry<String, JsonNode> section : feature.path("components").properties()) {
      if (!components.has(section.getKey())) {
        components.set(section.getKey(), components.objectNode());
      }
      ObjectNode into = (ObjectNode) components.get(section.getKey());
      for (Map.Entry<String, JsonNode> item : section.getValue().properties()) {
        if (into.has(item.getKey())) {
          throw duplicate(file, "components." + section.getKey() + "." + item.getKey());
        }
        into.set(item.getKey(), item.getValue());
      }
    }
  }

  /**
   * Every POST takes an {@code Idempotency-Key} (the gateway's idempotency filter applies to all of
   * them), so every POST documents the shared header parameter, even one whose feature file forgot.
   */
  private static void documentIdempotencyKeys(ObjectNode base) {
    for (Map.Entry<String, JsonNode> path : base.path("paths").properties()) {
      if (!(path.getValue().get("post") instanceof ObjectNode post)) {
        continue;
      }
      ArrayNode parameters =
          post.get("parameters") instanceof ArrayNode listed ? listed : post.putArray("parameters");
      boolean documented = false;
      for (JsonNode parameter : parameters) {
        documented |=
            IDEMPOTENCY_KEY.equals(parameter.path("$ref").asString(""))
                || "Idempotency-Key".equalsIgnoreCase(parameter.path("name").asString(""));
      }
      if (!documented) {
        parameters.addObject().put("$ref", IDEMPOTENCY_KEY);
      }
    }
  }

  private static IllegalStateException duplicate(String file, String what) {
    return new IllegalStateException("openapi/" + file + " defines " + what + " a second time");
  }
}
