package dev.omnipost.persistence.outbox;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes messages to the outbox inside the caller's JDBC transaction, so a state change and the
 * event announcing it commit or roll back together. Domain events are also recorded in the
 * workspace's event log.
 */
public class JdbcOutbox {

  private final JdbcClient jdbc;

  public JdbcOutbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Queues a domain event for {@link Topics#EVENTS}, keyed by its workspace. */
  public void publishEvent(CloudEvent event) {
    append(Topics.EVENTS, event.workspaceId(), event);
  }

  /** Queues any message for {@code topic}; call it inside a transaction. */
  public void append(String topic, String key, CloudEvent event) {
    jdbc.sql(OutboxSql.INSERT_MESSAGE)
        .param("topic", topic)
        .param("key", key)
        .param("payload", CloudEventCodec.encode(event))
        .update();
    if (Topics.EVENTS.equals(topic)) {
      jdbc.sql(OutboxSql.INSERT_EVENT_LOG)
          .param("id", event.id())
          .param("workspaceId", event.workspaceId())
          .param("type", event.type())
          .param("subject", event.subject())
          .param("occurredAt", Timestamp.from(event.time()))
          .param("data", event.data().toString())
          .update();
    }
  }
}
