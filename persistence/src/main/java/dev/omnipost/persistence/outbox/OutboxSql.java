package dev.omnipost.persistence.outbox;

import dev.omnipost.events.CloudEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one statement both outbox writers run, so JDBC and R2DBC services write identical rows: any
 * number of messages, and the event-log rows of the domain events among them, in a single round
 * trip (arrays unnested by PostgreSQL). The statement trigger on {@code outbox} then sends one
 * NOTIFY for the whole batch.
 */
final class OutboxSql {

  private static final String QUEUE =
      "INSERT INTO outbox (topic, message_key, payload, traceparent)"
          + " SELECT m.topic, m.message_key, convert_to(m.payload, 'UTF8'), m.traceparent"
          + " FROM unnest(CAST(:topics AS text[]), CAST(:keys AS text[]), CAST(:payloads AS text[]),"
          + " CAST(:traceparents AS text[]))"
          + " WITH ORDINALITY AS m(topic, message_key, payload, traceparent, n) ORDER BY m.n";

  private static final String LOG =
      "INSERT INTO event_log (id, workspace_id, type, subject, occurred_at, data)"
          + " SELECT e.id, e.workspace_id, e.type, e.subject, CAST(e.occurred_at AS timestamptz),"
          + " CAST(e.data AS jsonb)"
          + " FROM unnest(CAST(:eventIds AS text[]), CAST(:workspaceIds AS text[]),"
          + " CAST(:types AS text[]), CAST(:subjects AS text[]), CAST(:times AS text[]),"
          + " CAST(:data AS text[])) AS e(id, workspace_id, type, subject, occurred_at, data)"
          + " ON CONFLICT (id) DO NOTHING";

  static final String INSERT = "WITH queued AS (" + QUEUE + ") " + LOG;

  /**
   * The same two inserts as common table expressions ({@code outbox_queued}, {@code
   * outbox_logged}), for a writer that folds them into its own statement (ADR 35).
   */
  static final String CTES = "outbox_queued AS (" + QUEUE + "), outbox_logged AS (" + LOG + ")";

  /** The statement's parameters, column by column. */
  record Columns(
      String[] topics,
      String[] keys,
      String[] payloads,
      String[] traceparents,
      String[] eventIds,
      String[] workspaceIds,
      String[] types,
      String[] subjects,
      String[] times,
      String[] data) {

    /** {@code current}: the traceparent of a message that names none (null: none). */
    static Columns of(List<OutboxMessage> messages, String current) {
      List<OutboxMessage> events = messages.stream().filter(OutboxMessage::isDomainEvent).toList();
      return new Columns(
          messages.stream().map(OutboxMessage::topic).toArray(String[]::new),
          messages.stream().map(OutboxMessage::key).toArray(String[]::new),
          messages.stream()
              .map(m -> new String(CloudEventCodec.encode(m.event()), StandardCharsets.UTF_8))
              .toArray(String[]::new),
          messages.stream()
              .map(m -> m.traceparent() != null ? m.traceparent() : current)
              .toArray(String[]::new),
          events.stream().map(m -> m.event().id()).toArray(String[]::new),
          events.stream().map(m -> m.event().workspaceId()).toArray(String[]::new),
          events.stream().map(m -> m.event().type()).toArray(String[]::new),
          events.stream().map(m -> m.event().subject()).toArray(String[]::new),
          events.stream().map(m -> m.event().time().toString()).toArray(String[]::new),
          events.stream().map(m -> m.event().data().toString()).toArray(String[]::new));
    }
  }

  private OutboxSql() {}
}
