package dev.omnipost.publisher.reconciling;

import dev.omnipost.publisher.PublisherProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds targets whose worker stopped mid-publish and hands them back to the scheduler, to resume
 * from their stored step state. Lost are: a {@code publishing} target whose step lease ran out (the
 * worker died while running a step), or whose claim is older than {@code stuck-after} with no lease
 * and no scheduled check (its command was lost or never consumed).
 *
 * <p>It never publishes blindly: a target whose row carries an attempt marker (a create whose
 * answer never arrived) keeps it, and the worker that runs it next first asks the platform through
 * the connector's {@code findPublished}: found → {@code published}; not created → the step runs
 * again; unknown → {@code unconfirmed} with {@code post.target.unconfirmed}.
 */
public class StuckTargetReconciler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StuckTargetReconciler.class);
  private static final int BATCH = 100;

  private static final String RESUME =
      """
      UPDATE post_targets t SET next_check_at = now(), lease_until = NULL, updated_at = now()
      WHERE t.id IN (SELECT id FROM post_targets
                     WHERE status = 'publishing' AND next_check_at IS NULL
                       AND (lease_until < now()
                            OR (lease_until IS NULL
                                AND claimed_at < now() - make_interval(secs => :stuckSeconds)))
                     ORDER BY claimed_at LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING t.id, t.platform, t.step_attempt
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PublisherProperties properties;
  private final MeterRegistry meterRegistry;
  private volatile ScheduledExecutorService timer;

  public StuckTargetReconciler(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      PublisherProperties properties,
      MeterRegistry meterRegistry) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.properties = properties;
    this.meterRegistry = meterRegistry;
  }

  /** Runs {@link #reconcile()} every {@code omnipost.publisher.reconcile-interval}. */
  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "stuck-target-reconciler");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(1, properties.reconcileInterval().toMillis());
    timer.scheduleWithFixedDelay(this::reconcileSafely, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    ScheduledExecutorService running = timer;
    if (running != null) {
      running.shutdownNow();
      timer = null;
    }
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }

  private void reconcileSafely() {
    try {
      while (reconcile() == BATCH) {
        // more may be waiting
      }
    } catch (RuntimeException e) {
      log.warn("Reconciling lost targets failed, will try again: {}", e.toString());
    }
  }

  /** One pass; returns how many lost targets it handed back to the scheduler. */
  public int reconcile() {
    Integer handled = transactions.execute(status -> reconcileBatch());
    return handled == null ? 0 : handled;
  }

  private int reconcileBatch() {
    List<Lost> targets =
        jdbc.sql(RESUME)
            .param("stuckSeconds", properties.stuckAfter().toMillis() / 1000.0)
            .param("batch", BATCH)
            .query(
                (rs, i) ->
                    new Lost(
                        rs.getString("id"), rs.getString("platform"), rs.getString("step_attempt")))
            .list();
    for (Lost target : targets) {
      String outcome = target.attempt() == null ? "resumed" : "lookup";
      meterRegistry
          .counter("omnipost.publisher.targets.reconciled", "outcome", outcome)
          .increment();
      log.warn(
          "Target {} on {} was lost mid-publish; resuming it{}",
          target.id(),
          target.platform(),
          target.attempt() == null ? "" : " after asking the platform about " + target.attempt());
    }
    return targets.size();
  }

  private record Lost(String id, String platform, String attempt) {}
}
