package dev.omnipost.gateway.contract;

import dev.omnipost.gateway.contract.ContractFuzzTests.Case;
import dev.omnipost.gateway.contract.ContractFuzzTests.Credential;
import dev.omnipost.gateway.contract.ContractFuzzTests.Fixture;
import dev.omnipost.gateway.contract.ContractFuzzTests.Operation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Makes one request for an operation of the document: mostly wrong, in one way at a time. */
final class Generator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String[] PATH_VALUES = {
    "",
    "a".repeat(3000),
    "%00",
    "%C3%28",
    "%FF%FE",
    "a%2Fb",
    "..",
    "%2e%2e",
    "'%20OR%201=1--",
    "%F0%9F%92%A9",
    "x;jsessionid=1",
    "%zz",
    "\\",
    "[]",
    "\u00e9\u00ff",
    "post_",
    "acc_" + "0".repeat(40),
    "%20",
    "null",
    "-1",
    "0",
    "%ED%A0%80",
    "${jndi:x}",
    "*",
    "%2F%2F"
  };
  private static final String[] TIMESTAMPS = {
    "2026-13-45T00:00:00Z",
    "+999999999-01-01T00:00:00Z",
    "-999999999-01-01T00:00:00Z",
    "0000-00-00T00:00:00Z",
    "2026-12-03",
    "1700000000",
    "2026-12-03T10:00:00",
    "yesterday",
    "",
    "2026-12-03T25:61:61Z",
    "9999-12-31T23:59:59.999999999Z",
    "2026-12-03T10:00:00+25:00",
    "2026-02-30T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "2026-12-03T10:00:00.1234567891234Z"
  };
  private static final String[] CURSORS = {
    "!!!",
    "e30",
    "eyJ9",
    Base64.getUrlEncoder().encodeToString("{\"id\":1}".getBytes()),
    Base64.getUrlEncoder().encodeToString("not json at all".getBytes()),
    "A".repeat(2000),
    "%00",
    Base64.getUrlEncoder()
        .encodeToString("{\"created_at\":\"+999999999-01-01T00:00:00Z\",\"id\":\"x\"}".getBytes()),
    Base64.getUrlEncoder().encodeToString("[1,2,3]".getBytes()),
    "====",
    "%C3%28"
  };
  private static final String[] NUMBERS = {
    "abc", "-1", "0", "101", "99999999999999999999", "1.5", "1e3", "", "%00", "NaN", "0x10", "+5"
  };
  private static final String[] CONTENT_TYPES = {
    "text/plain",
    "application/xml",
    null,
    "application/json; charset=utf-16",
    "application/json; charset=latin1",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    ";;;",
    "application/json;;",
    "*/*",
    "application/jsonx",
    "text/csv",
    "application/merge-patch+json"
  };

  private final Random random;
  private final JsonNode document;
  private final Fixture fixture;
  private final List<String> mutations = new ArrayList<>();

  Generator(Random random, JsonNode document, Fixture fixture) {
    this.random = random;
    this.document = document;
    this.fixture = fixture;
  }

  Case generate(int index, Operation operation) {
    String method = operation.method();
    int methodRoll = random.nextInt(100);
    if (methodRoll < 3) {
      method = method.equals("GET") ? "HEAD" : "OPTIONS";
      mutations.add("method " + method);
    } else if (methodRoll < 6) {
      method = pick("PUT", "PATCH", "DELETE", "TRACE", "POST", "GET", "PROPFIND");
      mutations.add("method " + method);
    }
    Credential credential = credential(operation);
    String path = path(operation);
    String query = query(operation);
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = new byte[0];
    JsonNode requestContent = resolve(operation.node().path("requestBody")).path("content");
    boolean sendsBody =
        !requestContent.isMissingNode() && !requestContent.isEmpty()
            || method.equals("POST")
            || method.equals("PATCH")
            || method.equals("PUT");
    if (sendsBody) {
      String type = requestContent.propertyNames().stream().findFirst().orElse("application/json");
      if (type.startsWith("multipart/")) {
        String boundary = "fuzz" + random.nextInt(1_000_000);
        headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        body = multipart(boundary);
      } else if (type.startsWith("text/csv")) {
        headers.put("Content-Type", "text/csv");
        body = csv();
      } else {
        headers.put("Content-Type", "application/json");
        JsonNode schema = requestContent.path(type).path("schema");
        body = jsonBody(schema, operation.template().startsWith("/v1/ai/"));
      }
      if (random.nextInt(100) < 10) {
        String contentType = pick(CONTENT_TYPES);
        mutations.add("content-type " + contentType);
        if (contentType == null) {
          headers.remove("Content-Type");
        } else {
          headers.put("Content-Type", contentType);
        }
      }
    }
    headers(headers, method);
    String target = path + query;
    if (random.nextInt(100) < 4) {
      target = "http://localhost" + target;
      mutations.add("absolute-form target");
    }
    String mutation = mutations.isEmpty() ? "path as documented" : String.join(", ", mutations);
    return new Case(index, operation, method, target, credential, headers, body, mutation);
  }

  // --- credential, path, query, headers ------------------------------------------------------

  private Credential credential(Operation operation) {
    int roll = random.nextInt(100);
    if (operation.access().equals("operator")) {
      return roll < 50 ? Credential.OPERATOR : pick(Credential.values());
    }
    if (roll < 45) {
      return Credential.KEY_WITH_EVERY_SCOPE;
    }
    if (roll < 60) {
      return Credential.KEY_WITHOUT_THE_SCOPE;
    }
    return pick(Credential.NONE, Credential.MADE_UP_KEY, Credential.GARBAGE, Credential.OPERATOR);
  }

  private String path(Operation operation) {
    StringBuilder path = new StringBuilder();
    for (String part : operation.template().split("(?=\\{)|(?<=\\})")) {
      if (part.startsWith("{")) {
        String name = part.substring(1, part.length() - 1);
        if (random.nextInt(100) < 70) {
          path.append(pick(fixture.idsFor(name).toArray(String[]::new)));
        } else {
          String value = pick(PATH_VALUES);
          mutations.add("path value " + shorten(value));
          path.append(value);
        }
      } else {
        path.append(part);
      }
    }
    String spelled = path.toString();
    if (random.nextInt(100) < 12) {
      int kind = random.nextInt(10);
      String[] names = {
        "//",
        "trailing /",
        "/./",
        "/x/../",
        "upper case",
        "%-encoded letter",
        ";params",
        "#fragment",
        "double-encoded",
        "empty segment at end"
      };
      mutations.add("spelling " + names[kind]);
      spelled =
          switch (kind) {
            case 0 -> spelled.replaceFirst("/v1/", "/v1//");
            case 1 -> spelled + "/";
            case 2 -> spelled.replaceFirst("/v1/", "/v1/./");
            case 3 -> spelled.replaceFirst("/v1/", "/v1/x/../");
            case 4 -> spelled.toUpperCase();
            case 5 -> spelled.replaceFirst("/v1/(.)", "/v1/%" + "$1");
            case 6 -> spelled.replaceFirst("/v1/", "/v1;a=b/");
            case 7 -> spelled + "#frag";
            case 8 -> spelled.replaceFirst("/v1/", "/v1%252F");
            default -> spelled + "//";
          };
      if (kind == 5) {
        char letter = path.charAt(4);
        spelled = path.toString().replaceFirst("/v1/.", "/v1/%" + Integer.toHexString(letter));
      }
    }
    return spelled;
  }

  private String query(Operation operation) {
    List<String> pairs = new ArrayList<>();
    for (JsonNode parameter : operation.node().path("parameters")) {
      JsonNode p = resolve(parameter);
      if (!"query".equals(p.path("in").asString(""))) {
        continue;
      }
      String name = p.path("name").asString();
      if (random.nextInt(100) >= 40) {
        continue;
      }
      JsonNode schema = resolve(p.path("schema"));
      String value = plainValue(name, schema);
      if (random.nextInt(100) < 35) {
        if (name.equals("cursor")) {
          value = pick(CURSORS);
        } else if (name.equals("since")
            || name.equals("until")
            || name.equals("from")
            || name.equals("to")) {
          value = pick(TIMESTAMPS);
        } else if (name.equals("limit")) {
          value = pick(NUMBERS);
        } else {
          value = pick(PATH_VALUES);
        }
        mutations.add("query " + name + "=" + shorten(value));
      }
      pairs.add(name + "=" + urlish(value));
      if (random.nextInt(100) < 5) {
        pairs.add(name + "=" + urlish(value));
        mutations.add("query " + name + " repeated");
      }
    }
    if (random.nextInt(100) < 5) {
      pairs.add("unknown_param=1");
      mutations.add("unknown query parameter");
    }
    if (random.nextInt(100) < 3) {
      pairs.add("=&&=%&a");
      mutations.add("garbled query");
    }
    return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
  }

  private void headers(Map<String, String> headers, String method) {
    int roll = random.nextInt(100);
    if (roll < 3) {
      headers.put("Idempotency-Key", "k".repeat(300));
      mutations.add("Idempotency-Key of 300 characters");
    } else if (roll < 5) {
      headers.put("Idempotency-Key", "cl\u00e9-\u00ff");
      mutations.add("Idempotency-Key with raw non-ASCII bytes");
    } else if (roll < 6) {
      headers.put("Idempotency-Key", "a\u0001b");
      mutations.add("Idempotency-Key with a control character");
    } else if (roll < 8) {
      headers.put(
          "Accept", pick("text/html", "application/xml", "image/png", "*/*;q=0", "garbage"));
      mutations.add("Accept " + headers.get("Accept"));
    } else if (roll < 9) {
      headers.put("Content-Length", "abc");
      mutations.add("Content-Length: abc");
    } else if (roll < 10) {
      headers.put("Transfer-Encoding", "chunked");
      headers.put("Content-Length", "3");
      mutations.add("Transfer-Encoding and Content-Length");
    } else if (roll < 11) {
      headers.put("X-Fuzz", "nul\u0000here");
      mutations.add("NUL in a header value");
    } else if (roll < 12) {
      headers.put("X-Big", "b".repeat(30_000));
      mutations.add("a 30 KB header");
    } else if (roll < 13 && headers.containsKey("Content-Type")) {
      headers.put("Content-Type", "application/json\u0000");
      mutations.add("NUL after the Content-Type");
    } else if (roll < 14) {
      headers.put("X-Forwarded-For", "1.2.3.4, ' OR 1=1");
      mutations.add("X-Forwarded-For garbage");
    }
    if (random.nextInt(100) < 30 && method.equals("POST")) {
      headers.putIfAbsent("Idempotency-Key", "fuzz-" + random.nextInt(50));
    }
  }

  // --- bodies ---------------------------------------------------------------------------------

  /**
   * A JSON body for {@code schema}, mutated in one way 70 % of the time. An AI route's body always
   * says {@code "wait": 0}: without the ai-worker (not running here) it would wait 20 s for a
   * result; the field rules of {@code wait} are tested by the AI tests.
   */
  private byte[] jsonBody(JsonNode schema, boolean ai) {
    JsonNode value = generate(resolve(schema), "", 0);
    if (ai && value instanceof ObjectNode object) {
      object.remove("wait");
    }
    int roll = random.nextInt(100);
    if (roll < 30) {
      return JSON.writeValueAsBytes(ai && value instanceof ObjectNode o ? o.put("wait", 0) : value);
    }
    String[] names = {
      "wrong type", "missing required", "extra field", "huge string", "empty strings",
          "NUL in a string",
      "invalid UTF-8", "lone surrogate", "deep nesting", "duplicate keys", "not an object",
          "empty body",
      "truncated", "huge number", "bad timestamp", "over 1 MB", "null fields", "nested wrong types"
    };
    int kind = random.nextInt(names.length);
    mutations.add("body " + names[kind]);
    ObjectNode object = value instanceof ObjectNode o ? o : NODES.objectNode();
    List<String> fields = new ArrayList<>(object.propertyNames());
    if (ai) {
      object.put("wait", 0);
    }
    String field = fields.isEmpty() ? "text" : fields.get(random.nextInt(fields.size()));
    switch (kind) {
      case 0 -> object.set(field, wrongType(object.get(field)));
      case 1 -> {
        for (JsonNode required : resolve(schema).path("required")) {
          object.remove(required.asString());
        }
        if (!fields.isEmpty()) {
          object.remove(field);
        }
      }
      case 2 -> object.put("unexpected_" + random.nextInt(100), "x");
      case 3 -> object.put(field, "h".repeat(100_000));
      case 4 -> fields.forEach(f -> object.put(f, ""));
      case 5 -> object.put(field, "nul\u0000inside");
      case 6 -> {
        return replace(
            JSON.writeValueAsBytes(object.put(field, "BADUTF8")),
            "BADUTF8",
            new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
      }
      case 7 -> {
        return JSON.writeValueAsString(object.put(field, "SURROGATE"))
            .replace("SURROGATE", "\\ud800x")
            .getBytes(StandardCharsets.UTF_8);
      }
      case 8 -> {
        int depth = pick(100, 1000, 5000, 20_000);
        return ("{\"" + field + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
            .getBytes(StandardCharsets.UTF_8);
      }
      case 9 -> {
        String text = JSON.writeValueAsString(object);
        String dup =
            "\"" + field + "\":" + JSON.writeValueAsString(wrongType(object.get(field))) + ",";
        return ("{" + dup + text.substring(1)).getBytes(StandardCharsets.UTF_8);
      }
      case 10 -> {
        return pick("[]", "null", "42", "\"text\"", "true", "[{}]")
            .getBytes(StandardCharsets.UTF_8);
      }
      case 11 -> {
        return new byte[0];
      }
      case 12 -> {
        byte[] all = JSON.writeValueAsBytes(object);
        byte[] cut = new byte[Math.max(1, all.length / 2)];
        System.arraycopy(all, 0, cut, 0, cut.length);
        return cut;
      }
      case 13 -> {
        return JSON.writeValueAsString(object.put(field, "NUMBER"))
            .replace(
                "\"NUMBER\"",
                pick("1e999999", "123456789012345678901234567890", "-0", "1E-400", "9.9e308"))
            .getBytes(StandardCharsets.UTF_8);
      }
      case 14 -> {
        String timeField =
            fields.stream()
                .filter(f -> f.endsWith("_at") || f.equals("since") || f.equals("until"))
                .findFirst()
                .orElse("scheduled_at");
        object.put(timeField, pick(TIMESTAMPS));
      }
      case 15 -> object.put(field, "m".repeat(1_100_000));
      case 16 -> fields.forEach(object::putNull);
      default -> {
        ObjectNode nested = NODES.objectNode();
        nested.set("a", NODES.arrayNode().add(NODES.objectNode().put("b", 1)));
        object.set(field, nested);
      }
    }
    return JSON.writeValueAsBytes(object);
  }

  private JsonNode generate(JsonNode schema, String name, int depth) {
    schema = resolve(schema);
    if (depth > 6) {
      return NODES.nullNode();
    }
    if (schema.has("enum")) {
      JsonNode values = schema.get("enum");
      return values.get(random.nextInt(values.size()));
    }
    if (schema.has("const")) {
      return schema.get("const");
    }
    for (String combinator : new String[] {"oneOf", "anyOf"}) {
      if (schema.has(combinator)) {
        JsonNode options = schema.get(combinator);
        return generate(options.get(random.nextInt(options.size())), name, depth + 1);
      }
    }
    if (schema.has("allOf")) {
      ObjectNode merged = NODES.objectNode();
      for (JsonNode part : schema.get("allOf")) {
        if (generate(part, name, depth + 1) instanceof ObjectNode o) {
          merged.setAll(o);
        }
      }
      return merged;
    }
    String type = type(schema);
    switch (type) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
          if (required.contains(property.getKey()) || random.nextInt(100) < 50) {
            object.set(
                property.getKey(), generate(property.getValue(), property.getKey(), depth + 1));
          }
        }
        return object;
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        int n = random.nextInt(3) + (schema.path("minItems").asInt(0) > 0 ? 1 : 0);
        for (int i = 0; i < n; i++) {
          array.add(generate(schema.path("items"), name.endsWith("_ids") ? "id" : name, depth + 1));
        }
        return array;
      }
      case "integer" -> {
        int min = schema.path("minimum").asInt(0);
        return NODES.numberNode(min + random.nextInt(10));
      }
      case "number" -> {
        return NODES.numberNode(random.nextDouble() * 10);
      }
      case "boolean" -> {
        return NODES.booleanNode(random.nextBoolean());
      }
      case "null" -> {
        return NODES.nullNode();
      }
      default -> {
        return NODES.stringNode(plainValue(name, schema));
      }
    }
  }

  private String plainValue(String name, JsonNode schema) {
    schema = resolve(schema);
    if (schema.has("enum")) {
      JsonNode values = schema.get("enum");
      return values.get(random.nextInt(values.size())).asString();
    }
    String format = schema.path("format").asString("");
    if (format.equals("date-time")) {
      return pick("2027-01-01T00:00:00Z", "2026-12-03T10:00:00Z", "2030-06-01T12:30:00.5Z");
    }
    if (format.startsWith("uri") || name.endsWith("url") || name.endsWith("uri")) {
      return pick("https://example.com/a", "http://127.0.0.1:9999/hook", "http://localhost/cb");
    }
    if (name.equals("id") || name.endsWith("_id")) {
      return pick(fixture.idsFor("id").toArray(String[]::new));
    }
    String t = type(schema);
    if (t.equals("integer")) {
      return Integer.toString(1 + random.nextInt(50));
    }
    if (t.equals("boolean")) {
      return Boolean.toString(random.nextBoolean());
    }
    return pick("hello", "Fuzz text", "a", "x".repeat(20), "#tag @me");
  }

  private JsonNode wrongType(JsonNode value) {
    if (value == null || value.isString()) {
      return pick(
          NODES.numberNode(123),
          NODES.booleanNode(true),
          NODES.arrayNode().add("a"),
          NODES.objectNode().put("a", 1));
    }
    if (value.isNumber() || value.isBoolean()) {
      return pick(NODES.stringNode("12"), NODES.stringNode("abc"), NODES.arrayNode());
    }
    if (value.isArray()) {
      return pick(
          NODES.stringNode("a,b"),
          NODES.objectNode(),
          NODES.arrayNode().add(1).add(NODES.nullNode()));
    }
    return pick(NODES.stringNode("{}"), NODES.arrayNode(), NODES.numberNode(1));
  }

  private byte[] multipart(String boundary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + pick("file", "other", "")
            + "\"; filename=\""
            + pick("a.png", "../../etc/passwd", "x\u00e9.gif", "")
            + "\"\r\nContent-Type: image/png\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    byte[] payload = new byte[random.nextInt(200)];
    random.nextBytes(payload);
    if (random.nextBoolean()) {
      out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    }
    out.writeBytes(payload);
    if (random.nextInt(100) < 80) {
      out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    } else {
      mutations.add("multipart not closed");
    }
    return out.toByteArray();
  }

  private byte[] csv() {
    String account = fixture.idsFor("id").get(0);
    return pick(
            "text,account_ids\nhello," + account + "\n",
            "text,platforms,scheduled_at\nhi,mastodon,+999999999-01-01T00:00:00Z\n",
            "\"unterminated,account_ids\n",
            "",
            "text\n" + "row\n".repeat(1500),
            "text,account_ids\n\u0000,\u00ff\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private JsonNode resolve(JsonNode node) {
    int hops = 0;
    while (node != null && node.has("$ref") && hops++ < 10) {
      node = document.at(node.get("$ref").asString().substring(1));
    }
    return node == null ? NODES.missingNode() : node;
  }

  private static String type(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return schema.has("properties") ? "object" : "string";
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (!t.asString().equals("null")) {
          return t.asString();
        }
      }
      return "null";
    }
    return type.asString();
  }

  private static String urlish(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == ' ') {
        out.append("%20");
      } else if (c == '&' || c == '#' || c == '+') {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] replace(byte[] all, String marker, byte[] with) {
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int at = text.indexOf(marker);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(all, 0, at);
    out.writeBytes(with);
    out.write(all, at + marker.length(), all.length - at - marker.length());
    return out.toByteArray();
  }

  private static String shorten(String value) {
    return value.length() > 20 ? value.substring(0, 20) + "…(" + value.length() + ")" : value;
  }

  @SafeVarargs
  private <T> T pick(T... values) {
    return values[random.nextInt(values.length)];
  }
}
