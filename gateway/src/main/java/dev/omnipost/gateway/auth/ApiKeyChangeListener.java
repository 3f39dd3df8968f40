package dev.omnipost.gateway.auth;

import dev.omnipost.persistence.notifications.BackgroundLoop;
import dev.omnipost.persistence.notifications.PostgresChannelListener;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Evicts API keys from this instance's {@link ApiKeyStore} as soon as a change commits anywhere: a
 * trigger on {@code api_keys} sends the key's hash on {@code omnipost_api_keys} (and {@code *} when
 * a workspace's rate limit changes), and this loop listens on one held JDBC connection, on its own
 * scheduler thread. Only while it listens does the store use its cache; each time it (re)connects
 * it clears the cache first, since notifications sent while it was away are lost. Every {@link
 * #PING_EVERY} it checks that the connection still answers (a connection that died without a reset
 * would otherwise look idle). After a failure it closes the connection and retries after {@link
 * #RETRY_BACKOFF}; lookups go to the database meanwhile.
 */
@Component
class ApiKeyChangeListener extends BackgroundLoop {

  static final String CHANNEL = "omnipost_api_keys";
  static final String EVERY_KEY = "*";
  private static final Duration WAIT = Duration.ofSeconds(1);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final Duration PING_EVERY = Duration.ofSeconds(5);
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(ApiKeyChangeListener.class);

  private final ApiKeyStore store;
  private final PostgresChannelListener notifications;
  private long lastPing = System.nanoTime();

  ApiKeyChangeListener(ApiKeyStore store, DataSource dataSource) {
    super("api-key-changes", DEFAULT_PHASE);
    this.store = store;
    this.notifications = new PostgresChannelListener(dataSource, CHANNEL);
  }

  @Override
  protected Duration round() throws SQLException {
    if (!notifications.isListening()) {
      notifications.listen();
      store.trustCache(true); // clears what was cached while changes could be missed
      lastPing = System.nanoTime();
    }
    if (System.nanoTime() - lastPing > PING_EVERY.toNanos()) {
      notifications.ping(PING_TIMEOUT); // a silently dead connection would miss revocations
      lastPing = System.nanoTime();
    }
    for (String hash : notifications.awaitPayloads(WAIT)) {
      if (EVERY_KEY.equals(hash)) {
        store.evictAll();
      } else {
        store.evict(hash);
      }
    }
    return Duration.ZERO;
  }

  @Override
  protected void failed(Exception failure) {
    store.trustCache(false);
    notifications.close();
    log.warn(
        "Not listening for API key changes ({}); looking keys up without the cache until it"
            + " reconnects",
        failure.toString());
  }

  @Override
  protected Duration failureBackoff() {
    return RETRY_BACKOFF;
  }

  @Override
  protected void stopped() {
    store.trustCache(false);
    notifications.close();
  }
}
