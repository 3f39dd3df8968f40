package dev.omnipost.publisher.scheduling;

import dev.omnipost.persistence.notifications.PostgresChannelListener;
import dev.omnipost.publisher.PublisherProperties;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The background loop around {@link DueTargetClaimer}. It never sleeps while there is work: a full
 * batch is followed at once by another claim. When idle it waits on PostgreSQL {@code LISTEN
 * omnipost_targets_queued} (a trigger notifies when a target becomes queued), but no longer than
 * the poll interval or the time until the next scheduled target falls due, whichever comes first.
 */
public class DueTargetScheduler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DueTargetScheduler.class);
  private static final String CHANNEL = "omnipost_targets_queued";
  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

  private final DueTargetClaimer claimer;
  private final PublisherProperties properties;

  private volatile boolean running;
  private volatile Thread worker;
  private final PostgresChannelListener notifications;

  public DueTargetScheduler(
      DueTargetClaimer claimer, DataSource dataSource, PublisherProperties properties) {
    this.claimer = claimer;
    this.properties = properties;
    this.notifications = new PostgresChannelListener(dataSource, CHANNEL);
  }

  @Override
  public void start() {
    running = true;
    worker = new Thread(this::run, "due-target-scheduler");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread thread = worker;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    notifications.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** After the outbox relay has started (it carries the commands), before it stops. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 50;
  }

  private void run() {
    while (running) {
      try {
        // listen before claiming, so a target queued between the claim and the wait still wakes us
        notifications.listen();
        while (running
            && claimer.claimDueTargets(properties.batchSize()) == properties.batchSize()) {
          // a full batch means more may be due: keep claiming
        }
        notifications.await(Duration.ofMillis(nextWait()));
      } catch (RuntimeException | SQLException e) {
        if (!running) {
          return;
        }
        log.warn("Claiming due targets failed, retrying in {}: {}", ERROR_BACKOFF, e.toString());
        notifications.close();
        pause();
      }
    }
  }

  private long nextWait() {
    long poll = Math.max(1, properties.pollInterval().toMillis());
    long untilDue = claimer.millisUntilNextDue();
    return untilDue < 0 ? poll : Math.max(1, Math.min(poll, untilDue));
  }

  private static void pause() {
    try {
      Thread.sleep(ERROR_BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
