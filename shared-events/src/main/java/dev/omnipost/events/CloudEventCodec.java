package dev.omnipost.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns messages into CloudEvents and CloudEvents into bytes and back. Message bodies use
 * snake_case field names, the same convention as the REST API, so a webhook payload's {@code data}
 * reads like the API's resources.
 */
public final class CloudEventCodec {

  private static final JsonMapper DATA_MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final String source;
  private final Clock clock;

  public CloudEventCodec(String source) {
    this(source, Clock.systemUTC());
  }

  public CloudEventCodec(String source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  /** The JSON mapper used for message bodies; shared so every service writes the same shapes. */
  public static JsonMapper dataMapper() {
    return DATA_MAPPER;
  }

  /** Wraps a message in a new envelope with a fresh id and the current time. */
  public CloudEvent wrap(Message message, String workspaceId, String subject) {
    return new CloudEvent(
        Ids.newId("evt"),
        source,
        message.type(),
        Instant.now(clock),
        subject,
        workspaceId,
        DATA_MAPPER.valueToTree(message));
  }

  /** Reads a message body back into its record type. */
  public static <T> T dataAs(CloudEvent event, Class<T> type) {
    return DATA_MAPPER.treeToValue(event.data(), type);
  }

  /**
   * The Kafka header every record carrying an {@link #encode encoded} envelope has: the CloudEvents
   * Kafka protocol binding's structured content mode (ADR 0021).
   */
  public static final String CONTENT_TYPE_HEADER = "content-type";

  /** The {@link #CONTENT_TYPE_HEADER} value of a structured-mode record. */
  public static final String STRUCTURED_CONTENT_TYPE =
      "application/cloudevents+json; charset=UTF-8";

  /** Structured-mode JSON bytes of the envelope. */
  public static byte[] encode(CloudEvent event) {
    ObjectNode json = DATA_MAPPER.createObjectNode();
    json.put("specversion", CloudEvent.SPEC_VERSION);
    json.put("id", event.id());
    json.put("source", event.source());
    json.put("type", event.type());
    json.put("time", event.time().toString());
    if (event.subject() != null) {
      json.put("subject", event.subject());
    }
    json.put("workspaceid", event.workspaceId());
    json.put("datacontenttype", "application/json");
    json.set("data", event.data());
    return DATA_MAPPER.writeValueAsBytes(json);
  }

  /**
   * Parses structured-mode JSON bytes; fails with an {@link IllegalArgumentException} if invalid.
   */
  public static CloudEvent decode(byte[] bytes) {
    JsonNode json;
    try {
      json = DATA_MAPPER.readTree(bytes);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a CloudEvent: " + new String(bytes, StandardCharsets.UTF_8), e);
    }
    if (json == null || !json.isObject() || !json.hasNonNull("type") || !json.hasNonNull("id")) {
      throw new IllegalArgumentException("not a CloudEvent: missing id or type");
    }
    return new CloudEvent(
        json.get("id").asString(),
        json.path("source").asString(""),
        json.get("type").asString(),
        Instant.parse(json.path("time").asString()),
        json.hasNonNull("subject") ? json.get("subject").asString() : null,
        json.path("workspaceid").asString(),
        json.path("data"));
  }
}
