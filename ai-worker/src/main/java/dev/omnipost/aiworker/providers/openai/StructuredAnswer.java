package dev.omnipost.aiworker.providers.openai;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A list-shaped answer asked for with structured output: the JSON schema sent as {@code
 * response_format} ({@code {"<field>": [string, ...]}}, strict), and the check of the answer
 * against that same schema, since not every OpenAI-compatible server enforces it.
 */
final class StructuredAnswer {

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final String name;
  private final String field;
  private final ObjectNode schema;
  private final Schema validator;

  private StructuredAnswer(String name, String field, ObjectNode schema) {
    this.name = name;
    this.field = field;
    this.schema = schema;
    this.validator = SCHEMAS.getSchema(schema);
  }

  /** {@code {"<field>": [between min and max strings of at most maxLength characters]}}. */
  static StructuredAnswer listOf(String name, String field, int min, int max, int maxLength) {
    ObjectNode schema = OpenAiHttp.JSON.createObjectNode();
    schema.put("type", "object");
    ObjectNode items =
        schema
            .putObject("properties")
            .putObject(field)
            .put("type", "array")
            .put("minItems", min)
            .put("maxItems", max)
            .putObject("items");
    items.put("type", "string").put("minLength", 1).put("maxLength", maxLength);
    schema.putArray("required").add(field);
    schema.put("additionalProperties", false);
    return new StructuredAnswer(name, field, schema);
  }

  /** The {@code response_format} of the chat-completions request. */
  ObjectNode responseFormat() {
    ObjectNode format = OpenAiHttp.JSON.createObjectNode();
    format.put("type", "json_schema");
    format
        .putObject("json_schema")
        .put("name", name)
        .put("strict", true)
        .set("schema", schema.deepCopy());
    return format;
  }

  /** The strings of a valid answer, or empty when it is not JSON or breaks the schema. */
  Optional<List<String>> read(String content) {
    JsonNode answer;
    try {
      answer = OpenAiHttp.JSON.readTree(stripFence(content));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    List<com.networknt.schema.Error> errors = validator.validate(answer);
    if (!errors.isEmpty()) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    answer.path(field).forEach(value -> values.add(value.asString().strip()));
    return Optional.of(values);
  }

  /** Some servers wrap JSON in a Markdown code fence even when asked for a schema. */
  private static String stripFence(String content) {
    String text = content == null ? "" : content.strip();
    if (text.startsWith("```")) {
      text = text.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
    }
    return text;
  }
}
