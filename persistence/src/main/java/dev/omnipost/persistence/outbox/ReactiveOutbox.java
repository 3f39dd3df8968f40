package dev.omnipost.persistence.outbox;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Topics;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The R2DBC twin of {@link JdbcOutbox} for the reactive gateway: writes in the caller's reactive
 * transaction, with the same statements.
 */
public class ReactiveOutbox {

  private final DatabaseClient db;

  public ReactiveOutbox(DatabaseClient db) {
    this.db = db;
  }

  /** Queues a domain event for {@link Topics#EVENTS}, keyed by its workspace. */
  public Mono<Void> publishEvent(CloudEvent event) {
    return append(Topics.EVENTS, event.workspaceId(), event);
  }

  /** Queues any message for {@code topic}; subscribe inside a transaction. */
  public Mono<Void> append(String topic, String key, CloudEvent event) {
    Mono<Long> message =
        db.sql(OutboxSql.INSERT_MESSAGE)
            .bind("topic", topic)
            .bind("key", key)
            .bind("payload", CloudEventCodec.encode(event))
            .fetch()
            .rowsUpdated();
    if (!Topics.EVENTS.equals(topic)) {
      return message.then();
    }
    DatabaseClient.GenericExecuteSpec log =
        db.sql(OutboxSql.INSERT_EVENT_LOG)
            .bind("id", event.id())
            .bind("workspaceId", event.workspaceId())
            .bind("type", event.type())
            .bind("occurredAt", event.time().atOffset(ZoneOffset.UTC))
            .bind("data", event.data().toString());
    log =
        event.subject() == null
            ? log.bindNull("subject", String.class)
            : log.bind("subject", event.subject());
    return message.then(log.fetch().rowsUpdated()).then();
  }
}
