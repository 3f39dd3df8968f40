package dev.omnipost.persistence.outbox;

/** The statements both outbox writers run, so JDBC and R2DBC services write identical rows. */
final class OutboxSql {

  static final String INSERT_MESSAGE =
      "INSERT INTO outbox (topic, message_key, payload) VALUES (:topic, :key, :payload)";

  static final String INSERT_EVENT_LOG =
      "INSERT INTO event_log (id, workspace_id, type, subject, occurred_at, data)"
          + " VALUES (:id, :workspaceId, :type, :subject, :occurredAt, CAST(:data AS jsonb))"
          + " ON CONFLICT (id) DO NOTHING";

  private OutboxSql() {}
}
