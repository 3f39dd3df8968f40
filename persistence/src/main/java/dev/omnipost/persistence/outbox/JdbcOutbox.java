package dev.omnipost.persistence.outbox;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.Topics;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes messages to the outbox inside the caller's JDBC transaction, so a state change and the
 * events announcing it commit or roll back together. Domain events are also recorded in the
 * workspace's event log. Several messages of one transaction go in one statement.
 */
public class JdbcOutbox {

  private final JdbcClient jdbc;
  private final TraceContexts traces;

  public JdbcOutbox(JdbcClient jdbc) {
    this(jdbc, TraceContexts.none());
  }

  /** Rows carry the traceparent of the span current on the writing thread (ADR 26). */
  public JdbcOutbox(JdbcClient jdbc, TraceContexts traces) {
    this.jdbc = jdbc;
    this.traces = traces;
  }

  /** Queues a domain event for {@link Topics#EVENTS}, keyed by its workspace. */
  public void publishEvent(CloudEvent event) {
    appendAll(List.of(OutboxMessage.event(event)));
  }

  /** Queues any message for {@code topic}; call it inside a transaction. */
  public void append(String topic, String key, CloudEvent event) {
    appendAll(List.of(OutboxMessage.to(topic, key, event)));
  }

  /** Queues all {@code messages} in one statement; call it inside a transaction. */
  public void appendAll(List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    OutboxSql.Columns columns = OutboxSql.Columns.of(messages, traces.current());
    jdbc.sql(OutboxSql.INSERT)
        .param("topics", columns.topics())
        .param("keys", columns.keys())
        .param("payloads", columns.payloads())
        .param("traceparents", columns.traceparents())
        .param("eventIds", columns.eventIds())
        .param("workspaceIds", columns.workspaceIds())
        .param("types", columns.types())
        .param("subjects", columns.subjects())
        .param("times", columns.times())
        .param("data", columns.data())
        .update();
  }
}
