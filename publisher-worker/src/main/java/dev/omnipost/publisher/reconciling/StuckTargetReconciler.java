package dev.omnipost.publisher.reconciling;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.posts.PostTargetUnconfirmed;
import dev.omnipost.persistence.outbox.JdbcOutbox;
import dev.omnipost.publisher.PublisherProperties;
import dev.omnipost.publisher.publishing.PostOutcomes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
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
 * Deals with targets whose worker died mid-publish: still {@code publishing} with a claim older
 * than {@code omnipost.publisher.stuck-after}. It does not ask the platform yet. A Mastodon target
 * claimed less than {@link #IDEMPOTENCY_WINDOW} ago is re-queued, because Mastodon honours the
 * {@code Idempotency-Key} (the target id) for an hour, so publishing again cannot double-post.
 * Every other one is marked {@code unconfirmed} with {@code post.target.unconfirmed}, so a human
 * decides rather than risking a double post.
 */
public class StuckTargetReconciler implements SmartLifecycle {

  /** Mastodon keeps idempotency keys for 1 h; stay well inside it. */
  static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(50);

  private static final Logger log = LoggerFactory.getLogger(StuckTargetReconciler.class);
  private static final int BATCH = 100;

  private static final String RECONCILE =
      """
      UPDATE post_targets t SET
        status = CASE WHEN t.platform = 'mastodon' AND t.claimed_at > now() - make_interval(secs => :windowSeconds)
                      THEN 'queued' ELSE 'unconfirmed' END,
        claimed_at = NULL,
        error_code = CASE WHEN t.platform = 'mastodon' AND t.claimed_at > now() - make_interval(secs => :windowSeconds)
                          THEN t.error_code ELSE 'publish_unconfirmed' END,
        error_message = CASE WHEN t.platform = 'mastodon' AND t.claimed_at > now() - make_interval(secs => :windowSeconds)
                             THEN t.error_message ELSE :reason END,
        updated_at = now()
      WHERE t.id IN (SELECT id FROM post_targets
                     WHERE status = 'publishing' AND claimed_at < now() - make_interval(secs => :stuckSeconds)
                     ORDER BY claimed_at LIMIT :batch FOR UPDATE SKIP LOCKED)
      RETURNING t.id, t.post_id, t.workspace_id, t.account_id, t.platform, t.status
      """;

  static final String REASON =
      "The worker publishing this target stopped before recording the result; it is unknown"
          + " whether the platform published it.";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final JdbcOutbox outbox;
  private final CloudEventCodec codec;
  private final PostOutcomes postOutcomes;
  private final PublisherProperties properties;
  private final MeterRegistry meterRegistry;
  private volatile ScheduledExecutorService timer;

  public StuckTargetReconciler(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      JdbcOutbox outbox,
      CloudEventCodec codec,
      PostOutcomes postOutcomes,
      PublisherProperties properties,
      MeterRegistry meterRegistry) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.outbox = outbox;
    this.codec = codec;
    this.postOutcomes = postOutcomes;
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

  /** One pass; returns how many lost targets it handled. */
  public int reconcile() {
    Integer handled = transactions.execute(status -> reconcileBatch());
    return handled == null ? 0 : handled;
  }

  private int reconcileBatch() {
    List<Reconciled> targets =
        jdbc.sql(RECONCILE)
            .param("windowSeconds", (double) IDEMPOTENCY_WINDOW.toSeconds())
            .param("stuckSeconds", properties.stuckAfter().toMillis() / 1000.0)
            .param("reason", REASON)
            .param("batch", BATCH)
            .query(
                (rs, i) ->
                    new Reconciled(
                        rs.getString("id"),
                        rs.getString("post_id"),
                        rs.getString("workspace_id"),
                        rs.getString("account_id"),
                        rs.getString("platform"),
                        rs.getString("status")))
            .list();
    for (Reconciled target : targets) {
      meterRegistry
          .counter("omnipost.publisher.targets.reconciled", "outcome", target.status())
          .increment();
      if (target.status().equals("unconfirmed")) {
        outbox.publishEvent(
            codec.wrap(
                new PostTargetUnconfirmed(
                    target.postId(), target.accountId(), target.platform(), REASON),
                target.workspaceId(),
                target.postId()));
        postOutcomes.settle(target.postId(), target.workspaceId());
      }
      log.warn(
          "Target {} on {} was lost mid-publish: {}",
          target.id(),
          target.platform(),
          target.status());
    }
    return targets.size();
  }

  private record Reconciled(
      String id,
      String postId,
      String workspaceId,
      String accountId,
      String platform,
      String status) {}
}
