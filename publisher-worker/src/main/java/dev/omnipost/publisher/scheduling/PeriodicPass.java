package dev.omnipost.publisher.scheduling;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Background work that runs one pass every interval on a scheduler thread of its own, started and
 * stopped with the context: the passes block (on HTTP, on a long export), so they stay off the
 * worker's shared task scheduler. A failed pass is logged and the next one comes at its time.
 * Subclasses say only what one pass does.
 */
public abstract class PeriodicPass implements SmartLifecycle {

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String threadPrefix;
  private final Duration interval;
  private volatile ThreadPoolTaskScheduler scheduler;

  protected PeriodicPass(String threadPrefix, Duration interval) {
    this.threadPrefix = threadPrefix;
    this.interval = interval;
  }

  /** One pass over the work that is due. */
  protected abstract void pass();

  @Override
  public void start() {
    ThreadPoolTaskScheduler thread = new ThreadPoolTaskScheduler();
    thread.setPoolSize(1);
    thread.setThreadNamePrefix(threadPrefix);
    thread.setDaemon(true);
    thread.initialize();
    thread.scheduleWithFixedDelay(this::safePass, interval);
    scheduler = thread;
  }

  private void safePass() {
    try {
      pass();
    } catch (RuntimeException e) {
      log.warn("{} pass failed, will try again: {}", threadPrefix, e.toString());
    }
  }

  @Override
  public void stop() {
    ThreadPoolTaskScheduler thread = scheduler;
    if (thread != null) {
      thread.shutdown();
      scheduler = null;
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
