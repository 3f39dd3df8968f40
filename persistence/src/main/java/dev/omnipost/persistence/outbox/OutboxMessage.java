package dev.omnipost.persistence.outbox;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.Topics;

/**
 * One message to queue in the outbox: where it goes, its partition key and the event itself. Domain
 * events go to {@link Topics#EVENTS} keyed by workspace and are also kept in the event log.
 */
public record OutboxMessage(String topic, String key, CloudEvent event) {

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
