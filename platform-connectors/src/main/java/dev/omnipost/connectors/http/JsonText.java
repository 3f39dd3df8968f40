package dev.omnipost.connectors.http;

import tools.jackson.databind.JsonNode;

/** Reads optional text fields of platform JSON, where absent and null mean the same. */
public final class JsonText {

  private JsonText() {}

  /** The field as text, or null when it is absent or JSON null. */
  public static String of(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
  }
}
