package dev.omnipost.publisher.scheduling;

import dev.omnipost.persistence.notifications.NotifiedLoop;
import dev.omnipost.publisher.PublisherProperties;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background loop around {@link DueTargetClaimer}. It never sleeps while there is work: a full
 * batch is followed at once by another claim. When idle it waits on PostgreSQL {@code LISTEN
 * omnipost_targets_queued} (a trigger notifies when a target becomes queued), but no longer than
 * the poll interval or the time until the next scheduled target falls due, whichever comes first.
 */
public class DueTargetScheduler extends NotifiedLoop {

  private static final Logger log = LoggerFactory.getLogger(DueTargetScheduler.class);
  private static final String CHANNEL = "omnipost_targets_queued";
  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

  private final DueTargetClaimer claimer;
  private final PublisherProperties properties;

  public DueTargetScheduler(
      DueTargetClaimer claimer, DataSource dataSource, PublisherProperties properties) {
    // after the outbox relay has started (it carries the commands), before it stops
    super("due-target-scheduler", Integer.MAX_VALUE - 50, dataSource, CHANNEL);
    this.claimer = claimer;
    this.properties = properties;
  }

  @Override
  protected void work() {
    while (isLooping()
        && claimer.claimDueTargets(properties.batchSize()) == properties.batchSize()) {
      // a full batch means more may be due: keep claiming
    }
  }

  /** The poll interval, or less when the next scheduled target falls due sooner. */
  @Override
  protected Duration nextWait() {
    long poll = Math.max(1, properties.pollInterval().toMillis());
    long untilDue = claimer.millisUntilNextDue();
    return Duration.ofMillis(untilDue < 0 ? poll : Math.max(1, Math.min(poll, untilDue)));
  }

  @Override
  protected void onFailure(Exception failure) {
    log.warn("Claiming due targets failed, retrying in {}: {}", ERROR_BACKOFF, failure.toString());
  }

  @Override
  protected Duration failureBackoff() {
    return ERROR_BACKOFF;
  }
}
