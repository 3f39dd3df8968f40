package dev.omnipost.publisher.exports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs pending exports one after another on its own thread every {@code poll-interval} (an export
 * holds a connection and a file for its whole run: one at a time per instance bounds both), and
 * deletes expired files.
 */
class ExportLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ExportLoop.class);

  private final ExportRunner runner;
  private final ExportRunnerProperties properties;
  private volatile ThreadPoolTaskScheduler scheduler;

  ExportLoop(ExportRunner runner, ExportRunnerProperties properties) {
    this.runner = runner;
    this.properties = properties;
  }

  @Override
  public void start() {
    ThreadPoolTaskScheduler thread = new ThreadPoolTaskScheduler();
    thread.setPoolSize(1);
    thread.setThreadNamePrefix("export-runner-");
    thread.setDaemon(true);
    thread.initialize();
    thread.scheduleWithFixedDelay(this::pass, properties.pollInterval());
    scheduler = thread;
  }

  private void pass() {
    try {
      while (runner.runNext()) {
        // another may be waiting
      }
      runner.deleteExpired();
    } catch (RuntimeException e) {
      log.warn("Running exports failed, will try again: {}", e.toString());
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
