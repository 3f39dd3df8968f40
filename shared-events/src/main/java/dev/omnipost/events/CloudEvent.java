package dev.omnipost.events;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The CloudEvents 1.0 envelope (structured JSON mode) every Kafka message travels in. The body is
 * the business fact; the envelope carries its identity, time, workspace and subject.
 *
 * @param id unique per event; consumers de-duplicate on it and webhooks reuse it as webhook-id
 * @param source the service that produced it, e.g. {@code /omnipost/gateway}
 * @param type the message type, e.g. {@code post.published}
 * @param time when the fact happened
 * @param subject the id of the resource the event is about, e.g. a post id
 * @param workspaceId the tenant (CloudEvents extension attribute {@code workspaceid})
 * @param data the message body as JSON
 */
public record CloudEvent(
    String id,
    String source,
    String type,
    Instant time,
    String subject,
    String workspaceId,
    JsonNode data) {

  public static final String SPEC_VERSION = "1.0";

  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(data, "data");
  }
}
