package dev.omnipost.persistence.outbox;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.Topics;

/**
 * One message to queue in the outbox: where it goes, its partition key and the event itself. Domain
 * events go to {@link Topics#EVENTS} keyed by workspace and are also kept in the event log. {@code
 * traceparent} is the W3C trace context the record will carry; null lets the writer take the
 * current span's (ADR 26).
 */
public record OutboxMessage(String topic, String key, CloudEvent event, String traceparent) {

  public OutboxMessage(String topic, String key, CloudEvent event) {
    this(topic, key, event, null);
  }

  /** This message in the trace {@code traceparent} names (e.g. the one stored with its post). */
  public OutboxMessage withTraceparent(String traceparent) {
    return new OutboxMessage(topic, key, event, traceparent);
  }

  /** A domain event for {@link Topics#EVENTS}, keyed by its workspace. */
  public static OutboxMessage event(CloudEvent event) {
    return new OutboxMessage(Topics.EVENTS, event.workspaceId(), event);
  }

  /** A command (or any message) for {@code topic}, keyed by {@code key}. */
  public static OutboxMessage to(String topic, String key, CloudEvent event) {
    return new OutboxMessage(topic, key, event);
  }

  boolean isDomainEvent() {
    return Topics.EVENTS.equals(topic);
  }
}
