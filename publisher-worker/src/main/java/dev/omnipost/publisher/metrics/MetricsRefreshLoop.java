package dev.omnipost.publisher.metrics;

import dev.omnipost.publisher.scheduling.PeriodicPass;

/**
 * Runs the metrics and account-insights refreshers every {@code omnipost.metrics-refresh.interval}
 * on their own thread (reads block on HTTP), a full batch followed at once by the next.
 */
class MetricsRefreshLoop extends PeriodicPass {

  /** A pass never takes more than this many batches, so one busy pass cannot run forever. */
  private static final int MAX_BATCHES = 100;

  private final MetricsRefresher posts;
  private final AccountInsightsRefresher accounts;
  private final int batchSize;

  MetricsRefreshLoop(
      MetricsRefresher posts,
      AccountInsightsRefresher accounts,
      MetricsRefreshProperties properties) {
    super("metrics-refresher-", properties.interval());
    this.posts = posts;
    this.accounts = accounts;
    this.batchSize = properties.batchSize();
  }

  @Override
  protected void pass() {
    for (int i = 0; i < MAX_BATCHES && posts.refreshDue() == batchSize; i++) {
      // a full batch: more may be due
    }
    for (int i = 0; i < MAX_BATCHES && accounts.snapshotDue() == batchSize; i++) {
      // likewise
    }
  }
}
