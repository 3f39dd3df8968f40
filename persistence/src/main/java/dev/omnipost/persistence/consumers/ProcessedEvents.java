package dev.omnipost.persistence.consumers;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Makes at-least-once consumers idempotent: a consumer records each event id it handles in the same
 * transaction as its effects, and skips an id it has seen.
 */
public class ProcessedEvents {

  private final JdbcClient jdbc;

  public ProcessedEvents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records that {@code consumer} handled {@code eventId}; returns false if it already had, in
   * which case the caller must not repeat the effects. Call it inside the effects' transaction.
   */
  public boolean markProcessed(String consumer, String eventId) {
    return jdbc.sql(
                "INSERT INTO processed_events (consumer, event_id) VALUES (:consumer, :eventId)"
                    + " ON CONFLICT DO NOTHING")
            .param("consumer", consumer)
            .param("eventId", eventId)
            .update()
        == 1;
  }
}
