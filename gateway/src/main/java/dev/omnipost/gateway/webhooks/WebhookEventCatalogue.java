package dev.omnipost.gateway.webhooks;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.DomainEvent;
import dev.omnipost.events.EventCatalogue;
import dev.omnipost.gateway.webhooks.WebhookViews.EventTypeView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event catalogue as {@code GET /v1/webhooks/events} shows it: every type of {@link
 * EventCatalogue} with its description and an example of the exact body a subscriber receives. A
 * type that some flow emits has a {@link DomainEvent} record in shared-events, and its example is
 * built from that record, so it always has the fields the flow sends. A type no record backs yet is
 * marked {@code reserved}, with the intended example from {@code webhooks/reserved-examples.json}.
 */
@Component
class WebhookEventCatalogue {

  static final Instant EXAMPLE_TIME = Instant.parse("2026-12-03T09:00:00Z");

  private static final JsonMapper DATA = CloudEventCodec.dataMapper();
  private final List<EventTypeView> entries;
  private final Map<String, JsonNode> dataByType = new TreeMap<>();

  WebhookEventCatalogue() {
    Map<String, Class<?>> emitted = emittedTypes();
    JsonNode reserved = reservedExamples();
    reserved
        .propertyNames()
        .forEach(
            type -> {
              if (emitted.containsKey(type)) {
                throw new IllegalStateException(
                    "webhooks/reserved-examples.json still has an example for "
                        + type
                        + ", which "
                        + emitted.get(type).getSimpleName()
                        + " now backs: remove it");
              }
            });
    List<EventTypeView> list = new ArrayList<>();
    EventCatalogue.types()
        .forEach(
            (type, description) -> {
              Class<?> record = emitted.get(type);
              JsonNode data = record != null ? sample(record) : reserved.path(type).deepCopy();
              if (data.isMissingNode()) {
                throw new IllegalStateException(
                    "The catalogue type " + type + " has no event record and no reserved example");
              }
              dataByType.put(type, data);
              list.add(new EventTypeView(type, description, record == null, body(type, data)));
            });
    entries = List.copyOf(list);
  }

  List<EventTypeView> entries() {
    return entries;
  }

  /** The example {@code data} of a type, for a test delivery of that type. */
  JsonNode exampleData(String type) {
    return dataByType.get(type).deepCopy();
  }

  /** Every event type a {@link DomainEvent} record of shared-events declares (its TYPE). */
  static Map<String, Class<?>> emittedTypes() {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AssignableTypeFilter(DomainEvent.class));
    Map<String, Class<?>> types = new TreeMap<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("dev.omnipost.events")) {
      try {
        Class<?> type = Class.forName(candidate.getBeanClassName());
        if (type.isRecord()) {
          Field field = type.getField("TYPE");
          types.put((String) field.get(null), type);
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            candidate.getBeanClassName() + " must declare public static final String TYPE", e);
      }
    }
    return types;
  }

  private static ObjectNode body(String type, JsonNode data) {
    ObjectNode body = DATA.createObjectNode();
    body.put("type", type);
    body.put("timestamp", EXAMPLE_TIME.toString());
    body.put("sequence", 1);
    body.set("data", data);
    return body;
  }

  /** An instance of {@code record} with plausible values, as the flow would serialize it. */
  private static JsonNode sample(Class<?> record) {
    ObjectNode node = DATA.createObjectNode();
    for (RecordComponent component : record.getRecordComponents()) {
      node.set(
          component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT),
          value(component.getName(), component.getGenericType()));
    }
    return node;
  }

  private static JsonNode value(String name, Type type) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      String singular = name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
      return DATA.createArrayNode().add(value(singular, list.getActualTypeArguments()[0]));
    }
    if (type == String.class) {
      return DATA.getNodeFactory().stringNode(text(name));
    }
    if (type == Instant.class) {
      return DATA.getNodeFactory().stringNode(EXAMPLE_TIME.toString());
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return DATA.getNodeFactory().numberNode(name.toLowerCase().contains("percent") ? 80 : 1);
    }
    if (type == boolean.class || type == Boolean.class) {
      return DATA.getNodeFactory().booleanNode(true);
    }
    if (type instanceof Class<?> nested && nested.isRecord()) {
      return sample(nested);
    }
    return DATA.nullNode();
  }

  private static String text(String name) {
    String lower = name.toLowerCase();
    if (lower.endsWith("id") && !lower.startsWith("platform")) {
      String prefix =
          switch (lower.substring(0, lower.length() - 2)) {
            case "post" -> "post";
            case "account" -> "acc";
            case "generation" -> "gen";
            case "comment" -> "cmt";
            case "endpoint" -> "whk";
            default -> lower.substring(0, Math.min(4, lower.length() - 2));
          };
      return prefix + "_2f9Kq8ZrT1bLmN0pXc4Vd";
    }
    return switch (lower) {
      case "platformpostid", "platformcommentid", "platformid", "platformitemid" ->
          "1790123456789012345";
      case "platform" -> "instagram";
      case "permalink" -> "https://www.instagram.com/p/C0dEf12345/";
      case "status" -> "published";
      case "url" -> "https://hooks.example.com/omnipost";
      case "text" -> "Great launch!";
      case "authorname" -> "Ada";
      case "errorcode" -> "platform.rejected";
      case "errormessage", "reason", "message" -> "An example message";
      default -> "example";
    };
  }

  private static JsonNode reservedExamples() {
    try (InputStream in =
        new ClassPathResource("webhooks/reserved-examples.json").getInputStream()) {
      return DATA.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
