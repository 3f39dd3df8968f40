package dev.omnipost.persistence.outbox;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.Topics;
import dev.omnipost.persistence.tracing.TraceContexts;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The R2DBC twin of {@link JdbcOutbox} for the reactive gateway: writes in the caller's reactive
 * transaction, with the same statement.
 */
public class ReactiveOutbox {

  private final DatabaseClient db;
  private final TraceContexts traces;

  public ReactiveOutbox(DatabaseClient db) {
    this(db, TraceContexts.none());
  }

  /**
   * Rows carry the traceparent of the chain's observation (the server request's span) or of the
   * subscribing thread's span (ADR 26).
   */
  public ReactiveOutbox(DatabaseClient db, TraceContexts traces) {
    this.db = db;
    this.traces = traces;
  }

  /** Queues a domain event for {@link Topics#EVENTS}, keyed by its workspace. */
  public Mono<Void> publishEvent(CloudEvent event) {
    return appendAll(List.of(OutboxMessage.event(event)));
  }

  /** Queues any message for {@code topic}; subscribe inside a transaction. */
  public Mono<Void> append(String topic, String key, CloudEvent event) {
    return appendAll(List.of(OutboxMessage.to(topic, key, event)));
  }

  /**
   * The outbox's two inserts as common table expressions, to put after {@code WITH} (and a comma)
   * in another data-modifying statement, which then writes the caller's rows and the messages in
   * one round trip; bind them with {@link #bindAll}. Its parameter names are {@code topics, keys,
   * payloads, traceparents, eventIds, workspaceIds, types, subjects, times, data}.
   */
  public static String commonTableExpressions() {
    return OutboxSql.CTES;
  }

  /**
   * Binds {@code messages} to a statement that includes {@link #commonTableExpressions()}; {@code
   * context} is the subscriber's, whose trace the rows carry unless they name their own.
   */
  public DatabaseClient.GenericExecuteSpec bindAll(
      DatabaseClient.GenericExecuteSpec statement,
      List<OutboxMessage> messages,
      ContextView context) {
    return bind(statement, OutboxSql.Columns.of(messages, traces.in(context)));
  }

  /** Queues all {@code messages} in one statement; subscribe inside a transaction. */
  public Mono<Void> appendAll(List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return Mono.empty();
    }
    return Mono.deferContextual(
        context ->
            bind(db.sql(OutboxSql.INSERT), OutboxSql.Columns.of(messages, traces.in(context)))
                .fetch()
                .rowsUpdated()
                .then());
  }

  private static DatabaseClient.GenericExecuteSpec bind(
      DatabaseClient.GenericExecuteSpec statement, OutboxSql.Columns columns) {
    return statement
        .bind("topics", columns.topics())
        .bind("keys", columns.keys())
        .bind("payloads", columns.payloads())
        .bind("traceparents", columns.traceparents())
        .bind("eventIds", columns.eventIds())
        .bind("workspaceIds", columns.workspaceIds())
        .bind("types", columns.types())
        .bind("subjects", columns.subjects())
        .bind("times", columns.times())
        .bind("data", columns.data());
  }
}
