package dev.omnipost.connectors.steps;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a connector remembers between two steps of one target's publish flow: a small JSON object
 * (container id, uploaded media ids, upload offset). The worker stores it on the target row in the
 * same transaction as the step's outcome, before it acts on the next step, so a worker that dies
 * between two steps resumes from here and never repeats a step that already happened.
 *
 * <p>Immutable: {@code with…} methods return a changed copy. Keep it small (ids, counters), never
 * tokens or media bytes; keys are the connector's own business.
 */
public final class StepState {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final StepState EMPTY = new StepState(JSON.createObjectNode());

  private final ObjectNode node;

  private StepState(ObjectNode node) {
    this.node = node;
  }

  /** The state of a target no step has run for yet. */
  public static StepState empty() {
    return EMPTY;
  }

  /** Reads a stored state; null or blank is {@link #empty()}. */
  public static StepState parse(String json) {
    if (json == null || json.isBlank()) {
      return EMPTY;
    }
    JsonNode parsed = JSON.readTree(json);
    return parsed instanceof ObjectNode object ? new StepState(object) : EMPTY;
  }

  public boolean isEmpty() {
    return node.isEmpty();
  }

  /** The text value of {@code key}, or null. */
  public String text(String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value.asString();
  }

  public boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** The text values of the array {@code key}; empty when absent. */
  public List<String> texts(String key) {
    List<String> values = new ArrayList<>();
    JsonNode array = node.get(key);
    if (array != null && array.isArray()) {
      array.forEach(v -> values.add(v.asString()));
    }
    return List.copyOf(values);
  }

  /** A copy with {@code key} set to {@code value}, or removed when {@code value} is null. */
  public StepState with(String key, String value) {
    ObjectNode copy = node.deepCopy();
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new StepState(copy);
  }

  /** A copy with {@code value} appended to the array {@code key}. */
  public StepState withAdded(String key, String value) {
    ObjectNode copy = node.deepCopy();
    JsonNode existing = copy.get(key);
    ArrayNode array = existing instanceof ArrayNode a ? a : copy.putArray(key);
    array.add(value);
    return new StepState(copy);
  }

  /** A copy without {@code key}. */
  public StepState without(String key) {
    return with(key, null);
  }

  /** The JSON document stored on the target row. */
  public String toJson() {
    return node.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StepState state && state.node.equals(node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
