package dev.omnipost.dispatcher.delivery;

import dev.omnipost.dispatcher.WebhookProperties;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The per-endpoint due-queue in PostgreSQL (ADR 0015): deliveries that would otherwise hold a Kafka
 * record (their endpoint is at its in-flight bound or throttle, or their attempt is slow) are
 * parked with the time to pick them up again, and the record is committed. Parking writes go
 * through a micro-batcher, so a burst of them costs a few statements.
 */
@Component
class DeliveryParking implements AutoCloseable {

  private static final String PARK =
      "UPDATE webhook_deliveries SET parked_until = ?, parked_trigger = ?, parked_traceparent = ?"
          + " WHERE id = ?";

  /** Claims due parked deliveries by giving each a lease, so no other sweeper takes them. */
  private static final String CLAIM =
      """
      UPDATE webhook_deliveries d SET parked_until = now() + make_interval(secs => ?)
      FROM (SELECT id FROM webhook_deliveries
            WHERE parked_until IS NOT NULL AND parked_until <= now()
            ORDER BY parked_until LIMIT ? FOR UPDATE SKIP LOCKED) due
      WHERE d.id = due.id
      RETURNING d.id, d.parked_trigger, d.parked_traceparent
      """;

  private static final String CLEAR =
      "UPDATE webhook_deliveries SET parked_until = NULL, parked_trigger = NULL WHERE id = ?";

  /**
   * One parked delivery picked up: its id, whether its attempt was scheduled or manual, and the
   * traceparent of the attempt that parked it (null: none).
   */
  record Claimed(String deliveryId, String trigger, String traceparent) {}

  private record Park(String deliveryId, Instant until, String trigger, String traceparent) {}

  private final JdbcTemplate jdbc;
  private final Duration lease;
  private final MicroBatcher<Park, Void> batcher;

  DeliveryParking(JdbcTemplate jdbc, WebhookProperties properties) {
    this.jdbc = jdbc;
    this.lease = properties.attemptLease();
    this.batcher = new MicroBatcher<>("webhook-delivery-parking", 500, this::parkAll);
  }

  /**
   * Parks a delivery until {@code until}, with the trace its later attempts continue ({@code
   * traceparent}, the parking attempt's; null: none); completes once that is stored.
   */
  CompletableFuture<Void> park(
      String deliveryId, Instant until, String trigger, String traceparent) {
    return batcher.submit(new Park(deliveryId, until, trigger, traceparent));
  }

  /** The lease of an attempt in flight: if it is not stored by then, it is tried again. */
  Instant leaseFrom(Instant now) {
    return now.plus(lease);
  }

  List<Claimed> claimDue(int limit) {
    return jdbc.query(
        CLAIM,
        (rs, n) ->
            new Claimed(
                rs.getString("id"),
                rs.getString("parked_trigger"),
                rs.getString("parked_traceparent")),
        (double) lease.toMillis() / 1000.0,
        limit);
  }

  void clear(String deliveryId) {
    jdbc.update(CLEAR, deliveryId);
  }

  private List<Void> parkAll(List<Park> parks) {
    jdbc.batchUpdate(
        PARK,
        parks,
        parks.size(),
        (ps, p) -> {
          ps.setTimestamp(1, Timestamp.from(p.until()));
          ps.setString(2, p.trigger());
          ps.setString(3, p.traceparent());
          ps.setString(4, p.deliveryId());
        });
    return Collections.nCopies(parks.size(), null);
  }

  @Override
  public void close() {
    batcher.close();
  }
}
