package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.StepState;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The step columns of a target row: its stored {@link StepState}, the lease of the worker running a
 * step, the attempt marker of a create in flight, and {@code next_check_at} for the scheduler.
 * Every write is guarded by {@code status = 'publishing'}, so a target settled meanwhile is left
 * alone.
 */
class StepStore {

  /** A step this worker may run: the state to start from and any create left in doubt. */
  record Lease(StepState state, AttemptMarker pendingAttempt, int transientFailures) {}

  private final JdbcClient jdbc;
  private final Duration lease;

  /**
   * @param lease how long a run of steps holds a target; renewed before each create and after each
   *     step, so only a single call that outlives it (far longer than an HTTP timeout) could lose
   *     it
   */
  StepStore(JdbcClient jdbc, Duration lease) {
    this.jdbc = jdbc;
    this.lease = lease;
  }

  /**
   * Takes the target for one run of steps, unless another worker holds it or it is waiting for
   * {@code next_check_at}. A lease that expired (its worker died) can be taken over.
   */
  Optional<Lease> lease(String targetId) {
    return jdbc.sql(
            """
            UPDATE post_targets SET lease_until = now() + make_interval(secs => :secs),
              step_state = COALESCE(step_state, '{}'::jsonb), claimed_at = now(), updated_at = now()
            WHERE id = :id AND status = 'publishing' AND next_check_at IS NULL
              AND (lease_until IS NULL OR lease_until < now())
            RETURNING CAST(step_state AS text) AS state, step_attempt, step_attempt_at,
                      transient_failures
            """)
        .param("id", targetId)
        .param("secs", leaseSeconds())
        .query(
            (rs, i) -> {
              String what = rs.getString("step_attempt");
              Timestamp at = rs.getTimestamp("step_attempt_at");
              return new Lease(
                  StepState.parse(rs.getString("state")),
                  what == null ? null : new AttemptMarker(what, at.toInstant()),
                  rs.getInt("transient_failures"));
            })
        .optional();
  }

  /** Stores the marker of a create about to be sent; committed before the call. */
  void markAttempt(String targetId, String what) {
    jdbc.sql(
            """
            UPDATE post_targets SET step_attempt = :what, step_attempt_at = now(),
              lease_until = now() + make_interval(secs => :secs), updated_at = now()
            WHERE id = :id AND status = 'publishing'
            """)
        .param("id", targetId)
        .param("what", what)
        .param("secs", leaseSeconds())
        .update();
  }

  /** The create in doubt did not happen (the platform says so): forget its marker. */
  void clearAttempt(String targetId) {
    jdbc.sql(
            "UPDATE post_targets SET step_attempt = NULL, step_attempt_at = NULL"
                + " WHERE id = :id AND status = 'publishing'")
        .param("id", targetId)
        .update();
  }

  /** A step made progress and the next one runs at once, still under this worker's lease. */
  void progressed(String targetId, StepState state) {
    jdbc.sql(
            """
            UPDATE post_targets SET step_state = CAST(:state AS jsonb), step_attempt = NULL,
              step_attempt_at = NULL, lease_until = now() + make_interval(secs => :secs),
              updated_at = now()
            WHERE id = :id AND status = 'publishing'
            """)
        .param("id", targetId)
        .param("state", state.toJson())
        .param("secs", leaseSeconds())
        .update();
  }

  private double leaseSeconds() {
    return lease.toMillis() / 1000.0;
  }

  /** The next step runs at {@code at}: the lease is given back and the scheduler wakes it. */
  void waitUntil(String targetId, StepState state, Instant at) {
    jdbc.sql(
            """
            UPDATE post_targets SET step_state = CAST(:state AS jsonb), step_attempt = NULL,
              step_attempt_at = NULL, next_check_at = :at, lease_until = NULL, updated_at = now()
            WHERE id = :id AND status = 'publishing'
            """)
        .param("id", targetId)
        .param("state", state.toJson())
        .param("at", Timestamp.from(at))
        .update();
  }

  /**
   * A transient failure: the attempt and its error are stored, the step runs again at {@code at}.
   * {@code keepAttempt} keeps the marker of a create whose answer never arrived, so the next run
   * asks the platform first.
   */
  void retryAt(
      String targetId,
      StepState state,
      String errorCode,
      String errorMessage,
      Instant at,
      boolean keepAttempt) {
    jdbc.sql(
            """
            UPDATE post_targets SET step_state = CAST(:state AS jsonb),
              step_attempt = CASE WHEN :keep THEN step_attempt END,
              step_attempt_at = CASE WHEN :keep THEN step_attempt_at END,
              attempts = attempts + 1, transient_failures = transient_failures + 1,
              error_code = :code, error_message = :message,
              next_check_at = :at, lease_until = NULL, updated_at = now()
            WHERE id = :id AND status = 'publishing'
            """)
        .param("id", targetId)
        .param("state", state.toJson())
        .param("keep", keepAttempt)
        .param("code", errorCode)
        .param("message", errorMessage)
        .param("at", Timestamp.from(at))
        .update();
  }
}
