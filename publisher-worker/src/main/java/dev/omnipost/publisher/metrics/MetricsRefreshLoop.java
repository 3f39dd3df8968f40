package dev.omnipost.publisher.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the metrics and account-insights refreshers every {@code omnipost.metrics-refresh.interval}
 * on their own thread (reads block on HTTP), a full batch followed at once by the next.
 */
class MetricsRefreshLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(MetricsRefreshLoop.class);

  /** A pass never takes more than this many batches, so one busy pass cannot run forever. */
  private static final int MAX_BATCHES = 100;

  private final MetricsRefresher posts;
  private final AccountInsightsRefresher accounts;
  private final MetricsRefreshProperties properties;
  private volatile ThreadPoolTaskScheduler scheduler;

  MetricsRefreshLoop(
      MetricsRefresher posts,
      AccountInsightsRefresher accounts,
      MetricsRefreshProperties properties) {
    this.posts = posts;
    this.accounts = accounts;
    this.properties = properties;
  }

  @Override
  public void start() {
    ThreadPoolTaskScheduler thread = new ThreadPoolTaskScheduler();
    thread.setPoolSize(1);
    thread.setThreadNamePrefix("metrics-refresher-");
    thread.setDaemon(true);
    thread.initialize();
    thread.scheduleWithFixedDelay(this::pass, properties.interval());
    scheduler = thread;
  }

  private void pass() {
    try {
      for (int i = 0; i < MAX_BATCHES && posts.refreshDue() == properties.batchSize(); i++) {
        // a full batch: more may be due
      }
      for (int i = 0; i < MAX_BATCHES && accounts.snapshotDue() == properties.batchSize(); i++) {
        // likewise
      }
    } catch (RuntimeException e) {
      log.warn("Refreshing metrics failed, will try again: {}", e.toString());
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
