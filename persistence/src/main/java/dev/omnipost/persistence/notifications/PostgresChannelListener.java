package dev.omnipost.persistence.notifications;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Waits for PostgreSQL {@code NOTIFY} on one channel, so a background loop (the outbox relay, the
 * due-target scheduler) wakes the moment there is work instead of only on its next poll. It holds
 * one pooled connection for the {@code LISTEN}; after an error, {@link #close()} it and the next
 * call listens again on a fresh connection. Not thread-safe: one loop owns one listener.
 */
public final class PostgresChannelListener implements AutoCloseable {

  private final DataSource dataSource;
  private final String channel;
  private Connection connection;

  public PostgresChannelListener(DataSource dataSource, String channel) {
    if (!channel.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain channel name: " + channel);
    }
    this.dataSource = dataSource;
    this.channel = channel;
  }

  /**
   * Starts listening if not already. Call it before looking for work, so a notification sent
   * between the look and the wait is not missed.
   */
  public void listen() throws SQLException {
    if (connection == null) {
      Connection fresh = dataSource.getConnection();
      try (Statement statement = fresh.createStatement()) {
        fresh.setAutoCommit(true);
        statement.execute("LISTEN " + channel);
      } catch (SQLException e) {
        fresh.close();
        throw e;
      }
      connection = fresh;
    }
  }

  /**
   * Returns when a notification arrives (true) or after {@code timeout} (false), whichever is
   * first.
   */
  public boolean await(Duration timeout) throws SQLException {
    listen();
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(millis);
    return received != null && received.length > 0;
  }

  /**
   * Like {@link #await}, but answers the payloads of the notifications that arrived (empty after
   * {@code timeout}), for listeners that need to know what changed, not only that something did.
   */
  public List<String> awaitPayloads(Duration timeout) throws SQLException {
    listen();
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(millis);
    List<String> payloads = new ArrayList<>();
    if (received != null) {
      for (PGNotification notification : received) {
        payloads.add(notification.getParameter());
      }
    }
    return payloads;
  }

  /**
   * Checks that the listening connection still answers within {@code timeout}, so a connection that
   * died silently (no reset ever arrives, as after a network partition) is noticed: throws if it
   * does not answer, and the caller then {@link #close()}s it. Notifications that arrive meanwhile
   * are kept for the next {@link #awaitPayloads}. (It repeats the {@code LISTEN}, so the session's
   * last statement in {@code pg_stat_activity} keeps naming the channel.)
   */
  public void ping(Duration timeout) throws SQLException {
    listen();
    int previous = connection.getNetworkTimeout();
    connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, timeout.toMillis()));
    try (Statement statement = connection.createStatement()) {
      statement.execute("LISTEN " + channel); // a no-op round trip when already listening
    } finally {
      connection.setNetworkTimeout(Runnable::run, previous);
    }
  }

  /**
   * True while a connection is listening. After {@link #close()} (or before the first {@link
   * #listen()}) it is false: notifications sent meanwhile were not received.
   */
  public boolean isListening() {
    return connection != null;
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the connection is being discarded anyway
      }
      connection = null;
    }
  }
}
