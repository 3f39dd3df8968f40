package dev.omnipost.persistence.notifications;

import dev.omnipost.persistence.logging.ServiceLogContext;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.MDC;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * A loop on its own daemon thread, started and stopped with the Spring context: it runs {@link
 * #round()} until stopped, and after a failed round calls {@link #failed} and pauses for {@link
 * #failureBackoff()} before the next. {@link NotifiedLoop} and the gateway's API key change
 * listener are such loops; this class owns their thread's lifecycle so they only say what one round
 * does.
 */
public abstract class BackgroundLoop implements SmartLifecycle, EnvironmentAware {

  private final String threadName;
  private volatile String service;
  private final int phase;

  private volatile boolean running;
  private volatile Thread worker;

  protected BackgroundLoop(String threadName, int phase) {
    this.threadName = threadName;
    this.phase = phase;
  }

  /** The service's name goes in the loop thread's logging MDC ({@code ServiceLogContext}). */
  @Override
  public void setEnvironment(Environment environment) {
    service = environment.getProperty("spring.application.name");
  }

  /** One round of the loop; it may block for a while (waiting for a notification, say). */
  protected abstract void round() throws SQLException;

  /** A round failed while the loop was running: record it and release what the round held. */
  protected abstract void failed(Exception failure);

  /** How long to pause after a failed round. */
  protected abstract Duration failureBackoff();

  /** Called once the thread has ended on {@link #stop()}: release what the loop holds. */
  protected void stopped() {}

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
    stopped();
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
    if (service != null) {
      MDC.put(ServiceLogContext.KEY, service);
    }
    while (running) {
      try {
        round();
      } catch (RuntimeException | SQLException e) {
        if (!running) {
          return;
        }
        failed(e);
        pause(failureBackoff());
      }
    }
  }

  /** Sleeps for {@code duration}, or less if the loop is being stopped. */
  protected static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
