package dev.omnipost.persistence.notifications;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A background loop that does all the work it finds, then waits until PostgreSQL notifies its
 * channel or a timeout passes. It listens before looking for work, so a notification sent in
 * between is never missed, and after a failure it closes its listen connection and backs off. The
 * outbox relay and the publisher's due-target scheduler are such loops.
 */
public abstract class NotifiedLoop extends BackgroundLoop {

  private final PostgresChannelListener notifications;

  protected NotifiedLoop(String threadName, int phase, DataSource dataSource, String channel) {
    super(threadName, phase);
    this.notifications = new PostgresChannelListener(dataSource, channel);
  }

  /** Does all the work there is now. */
  protected abstract void work() throws SQLException;

  /** How long to sleep when idle, unless notified sooner. */
  protected abstract Duration nextWait();

  /** Records a failed round; the loop then backs off for {@link #failureBackoff()}. */
  protected abstract void onFailure(Exception failure);

  /** How long to let more work gather after a notification; zero reacts at once. */
  protected Duration lingerAfterNotification() {
    return Duration.ZERO;
  }

  @Override
  protected final Duration round() throws SQLException {
    notifications.listen();
    work();
    return notifications.await(nextWait()) ? lingerAfterNotification() : Duration.ZERO;
  }

  @Override
  protected final void failed(Exception failure) {
    onFailure(failure);
    notifications.close();
  }

  @Override
  protected void stopped() {
    notifications.close();
  }
}
