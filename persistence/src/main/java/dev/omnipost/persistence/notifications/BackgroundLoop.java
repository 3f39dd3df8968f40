package dev.omnipost.persistence.notifications;

import dev.omnipost.persistence.logging.ServiceLogContext;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * A loop on a scheduler thread of its own, started and stopped with the Spring context: it runs
 * {@link #round()} until stopped, scheduling each next round after the pause the last one asked
 * for, and after a failed round calls {@link #failed} and schedules the next after {@link
 * #failureBackoff()}. No thread sleeps between rounds; only a round itself may block (waiting for a
 * PostgreSQL notification, say), which is why the loop has its thread to itself. {@link
 * NotifiedLoop} and {@link CacheInvalidationListener} are such loops; this class owns their
 * thread's lifecycle so they only say what one round does.
 */
public abstract class BackgroundLoop implements SmartLifecycle, EnvironmentAware {

  private final String threadName;
  private volatile String service;
  private final int phase;

  private volatile boolean running;
  private volatile ScheduledExecutorService scheduler;

  protected BackgroundLoop(String threadName, int phase) {
    this.threadName = threadName;
    this.phase = phase;
  }

  /** The service's name goes in the loop thread's logging MDC ({@code ServiceLogContext}). */
  @Override
  public void setEnvironment(Environment environment) {
    this.service = environment.getProperty("spring.application.name");
  }

  /**
   * One round of the loop; it may block for a while (waiting for a notification, say). Answers how
   * long to pause before the next round ({@link Duration#ZERO}: at once).
   */
  protected abstract Duration round() throws SQLException;

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
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread =
                  new Thread(
                      () -> {
                        if (service != null) {
                          MDC.put(ServiceLogContext.KEY, service);
                        }
                        runnable.run();
                      },
                      threadName);
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    scheduler = executor;
    running = true;
    next(Duration.ZERO);
  }

  @Override
  public void stop() {
    running = false;
    ScheduledExecutorService executor = scheduler;
    if (executor != null) {
      executor.shutdownNow(); // interrupts a round blocked in a wait
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
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

  private void next(Duration pause) {
    if (!running) {
      return;
    }
    try {
      scheduler.schedule(this::runRound, pause.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      // stop() shut the scheduler down between the check and the schedule
    }
  }

  private void runRound() {
    Duration pause;
    try {
      pause = round();
    } catch (RuntimeException | SQLException e) {
      if (!running) {
        return;
      }
      failed(e);
      pause = failureBackoff();
    }
    next(pause);
  }
}
