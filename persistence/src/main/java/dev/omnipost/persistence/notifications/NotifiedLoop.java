package dev.omnipost.persistence.notifications;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;

/**
 * A background loop that does all the work it finds, then sleeps until PostgreSQL notifies its
 * channel or a timeout passes, on its own daemon thread started and stopped with the Spring
 * context. It listens before looking for work, so a notification sent in between is never missed,
 * and after a failure it closes its listen connection and backs off. The outbox relay and the
 * publisher's due-target scheduler are such loops.
 */
public abstract class NotifiedLoop implements SmartLifecycle {

  private final String threadName;
  private final int phase;
  private final PostgresChannelListener notifications;

  private volatile boolean running;
  private volatile Thread worker;

  protected NotifiedLoop(String threadName, int phase, DataSource dataSource, String channel) {
    this.threadName = threadName;
    this.phase = phase;
    this.notifications = new PostgresChannelListener(dataSource, channel);
  }

  /** Does all the work there is now. */
  protected abstract void work() throws SQLException;

  /** How long to sleep when idle, unless notified sooner. */
  protected abstract Duration nextWait();

  /** Records a failed round; the loop then backs off for {@link #failureBackoff()}. */
  protected abstract void onFailure(Exception failure);

  protected abstract Duration failureBackoff();

  /** How long to let more work gather after a notification; zero reacts at once. */
  protected Duration lingerAfterNotification() {
    return Duration.ZERO;
  }

  /** False once stopping: long work should check it between steps. */
  protected final boolean isLooping() {
    return running;
  }

  @Override
  public void start() {
    running = true;
    worker = new Thread(this::loop, threadName);
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

  @Override
  public int getPhase() {
    return phase;
  }

  private void loop() {
    while (running) {
      try {
        notifications.listen();
        work();
        Duration linger = lingerAfterNotification();
        if (notifications.await(nextWait()) && !linger.isZero()) {
          pause(linger);
        }
      } catch (RuntimeException | SQLException e) {
        if (!running) {
          return;
        }
        onFailure(e);
        notifications.close();
        pause(failureBackoff());
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
