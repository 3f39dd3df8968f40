package dev.omnipost.gateway.posts;

import dev.omnipost.persistence.notifications.BackgroundLoop;
import dev.omnipost.persistence.notifications.PostgresChannelListener;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Evicts accounts from this instance's {@link AccountRefs} as soon as a change commits anywhere (a
 * trigger on {@code accounts} sends the account's id on {@code omnipost_accounts}), listening on
 * one held JDBC connection on its own thread, as {@code ApiKeyChangeListener} does for keys. Only
 * while it listens does {@link AccountRefs} use its cache; each (re)connect clears the cache first,
 * since notifications sent while it was away are lost; a ping every {@link #PING_EVERY} finds a
 * silently dead connection.
 */
@Component
class AccountChangeListener extends BackgroundLoop {

  static final String CHANNEL = "omnipost_accounts";
  private static final Duration WAIT = Duration.ofSeconds(1);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final Duration PING_EVERY = Duration.ofSeconds(5);
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(AccountChangeListener.class);

  private final AccountRefs accounts;
  private final PostgresChannelListener notifications;
  private long lastPing = System.nanoTime();

  AccountChangeListener(AccountRefs accounts, DataSource dataSource) {
    super("account-changes", DEFAULT_PHASE);
    this.accounts = accounts;
    this.notifications = new PostgresChannelListener(dataSource, CHANNEL);
  }

  @Override
  protected Duration round() throws SQLException {
    if (!notifications.isListening()) {
      notifications.listen();
      accounts.trustCache(true); // clears what was cached while changes could be missed
      lastPing = System.nanoTime();
    }
    if (System.nanoTime() - lastPing > PING_EVERY.toNanos()) {
      notifications.ping(PING_TIMEOUT);
      lastPing = System.nanoTime();
    }
    for (String id : notifications.awaitPayloads(WAIT)) {
      accounts.evict(id);
    }
    return Duration.ZERO;
  }

  @Override
  protected void failed(Exception failure) {
    accounts.trustCache(false);
    notifications.close();
    log.warn(
        "Not listening for account changes ({}); looking accounts up without the cache until it"
            + " reconnects",
        failure.toString());
  }

  @Override
  protected Duration failureBackoff() {
    return RETRY_BACKOFF;
  }

  @Override
  protected void stopped() {
    accounts.trustCache(false);
    notifications.close();
  }
}
