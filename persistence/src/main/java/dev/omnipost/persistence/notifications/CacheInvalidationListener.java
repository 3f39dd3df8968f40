package dev.omnipost.persistence.notifications;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an instance's cache true to the database: a trigger sends the id of each changed row on a
 * PostgreSQL channel, and this loop listens on one held JDBC connection, on its own scheduler
 * thread, and evicts what each notification names. The cache is trusted only while it listens: each
 * (re)connect clears it first, since notifications sent while it was away are lost; every {@link
 * #PING_EVERY} it checks that the connection still answers (one that died without a reset would
 * look idle and miss changes); after a failure it closes the connection and retries after {@link
 * #RETRY_BACKOFF}, and lookups go to the database meanwhile.
 */
public class CacheInvalidationListener extends BackgroundLoop {

  /** What the listener keeps true. */
  public interface Cache {

    /** Trust the cache from now on ({@code true}, after clearing it) or stop trusting it. */
    void trustCache(boolean trusted);

    /** A change committed for what {@code payload} names. */
    void evict(String payload);
  }

  private static final Duration WAIT = Duration.ofSeconds(1);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final Duration PING_EVERY = Duration.ofSeconds(5);
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(CacheInvalidationListener.class);

  private final Cache cache;
  private final String what;
  private final PostgresChannelListener notifications;
  private long lastPing = System.nanoTime();

  /**
   * @param threadName the loop's thread
   * @param what what the cache holds, for the log ("API keys")
   */
  protected CacheInvalidationListener(
      String threadName, DataSource dataSource, String channel, String what, Cache cache) {
    super(threadName, DEFAULT_PHASE);
    this.cache = cache;
    this.what = what;
    this.notifications = new PostgresChannelListener(dataSource, channel);
  }

  @Override
  protected Duration round() throws SQLException {
    if (!notifications.isListening()) {
      notifications.listen();
      cache.trustCache(true); // clears what was cached while changes could be missed
      lastPing = System.nanoTime();
    }
    if (System.nanoTime() - lastPing > PING_EVERY.toNanos()) {
      notifications.ping(PING_TIMEOUT);
      lastPing = System.nanoTime();
    }
    for (String payload : notifications.awaitPayloads(WAIT)) {
      cache.evict(payload);
    }
    return Duration.ZERO;
  }

  @Override
  protected void failed(Exception failure) {
    cache.trustCache(false);
    notifications.close();
    log.warn(
        "Not listening for changes of {} ({}); looking them up without the cache until it"
            + " reconnects",
        what,
        failure.toString());
  }

  @Override
  protected Duration failureBackoff() {
    return RETRY_BACKOFF;
  }

  @Override
  protected void stopped() {
    cache.trustCache(false);
    notifications.close();
  }
}
