package dev.omnipost.publisher.tokens;

import dev.omnipost.connectors.oauth.OAuthSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the {@link TokenRefresher} every {@code omnipost.oauth.refresh-interval} on its own thread.
 */
class TokenRefreshLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TokenRefreshLoop.class);
  private static final int BATCH = 50;

  private final TokenRefresher refresher;
  private final OAuthSettings settings;
  // its own thread, not a bean: refreshes block on HTTP, and the worker's TaskScheduler injection
  // points expect one scheduler in the context
  private volatile ThreadPoolTaskScheduler scheduler;

  TokenRefreshLoop(TokenRefresher refresher, OAuthSettings settings) {
    this.refresher = refresher;
    this.settings = settings;
  }

  @Override
  public void start() {
    ThreadPoolTaskScheduler thread = new ThreadPoolTaskScheduler();
    thread.setPoolSize(1);
    thread.setThreadNamePrefix("token-refresher-");
    thread.setDaemon(true);
    thread.initialize();
    thread.scheduleWithFixedDelay(this::pass, settings.refreshInterval());
    scheduler = thread;
  }

  private void pass() {
    try {
      while (refresher.refreshDue(BATCH) == BATCH) {
        // a full batch: more may be due
      }
      refresher.warnExpiring(BATCH);
    } catch (RuntimeException e) {
      log.warn("Refreshing account tokens failed, will try again: {}", e.toString());
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
