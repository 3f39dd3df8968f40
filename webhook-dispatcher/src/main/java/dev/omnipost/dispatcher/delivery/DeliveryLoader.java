package dev.omnipost.dispatcher.delivery;

import dev.omnipost.dispatcher.WebhookProperties;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads deliveries with their endpoints, many per query, for the attempts in flight. A load that
 * fails because PostgreSQL is unreachable is tried again on a short backoff ({@code
 * omnipost.webhooks.load-retry-*}) while the Kafka record waits, so a delivery that came due during
 * an outage goes out as soon as the database is back, not a retry tier later (ADR 0025).
 */
@Component
class DeliveryLoader implements AutoCloseable {

  private static final String SELECT =
      """
      SELECT d.id, d.workspace_id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.status,
             d.attempts, e.url, e.enabled, e.secret_enc, e.previous_secret_enc,
             e.previous_secret_expires_at, e.rate_limit_per_second
      FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
      WHERE d.id = ANY(:ids)
      """;

  private final JdbcClient jdbc;
  private final MicroBatcher<String, Optional<PendingDelivery>> batcher;

  private final Duration retryDelay;
  private final Duration retryMaxDelay;
  private final Duration retryWindow;

  DeliveryLoader(JdbcClient jdbc, WebhookProperties properties) {
    this.jdbc = jdbc;
    this.batcher = new MicroBatcher<>("webhook-delivery-loader", 500, this::loadAll);
    this.retryDelay = properties.loadRetryDelay();
    this.retryMaxDelay = properties.loadRetryMaxDelay();
    this.retryWindow = properties.loadRetryWindow();
  }

  CompletableFuture<Optional<PendingDelivery>> load(String deliveryId) {
    return load(deliveryId, retryDelay, System.nanoTime() + retryWindow.toNanos());
  }

  private CompletableFuture<Optional<PendingDelivery>> load(
      String deliveryId, Duration delay, long giveUpAt) {
    return batcher
        .submit(deliveryId)
        .handle(
            (found, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(found);
              }
              if (!isDatabaseUnavailable(failure) || System.nanoTime() - giveUpAt > 0) {
                return CompletableFuture.<Optional<PendingDelivery>>failedFuture(failure);
              }
              Duration next =
                  delay.multipliedBy(2).compareTo(retryMaxDelay) > 0
                      ? retryMaxDelay
                      : delay.multipliedBy(2);
              return CompletableFuture.runAsync(
                      () -> {},
                      CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
                  .thenCompose(ignored -> load(deliveryId, next, giveUpAt));
            })
        .thenCompose(Function.identity());
  }

  /** No connection, or one that broke: worth trying again soon (a bad query is not). */
  private static boolean isDatabaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || (t instanceof SQLException sql
              && sql.getSQLState() != null
              && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P01")))) {
        return true;
      }
    }
    return false;
  }

  private List<Optional<PendingDelivery>> loadAll(List<String> ids) {
    Map<String, PendingDelivery> found =
        jdbc
            .sql(SELECT)
            .param("ids", ids.toArray(String[]::new))
            .query(DeliveryLoader::map)
            .list()
            .stream()
            .collect(Collectors.toMap(PendingDelivery::id, Function.identity()));
    return ids.stream().map(id -> Optional.ofNullable(found.get(id))).toList();
  }

  private static PendingDelivery map(ResultSet rs, int row) throws SQLException {
    Timestamp previousExpires = rs.getTimestamp("previous_secret_expires_at");
    return new PendingDelivery(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getString("endpoint_id"),
        rs.getString("event_id"),
        rs.getString("event_type"),
        rs.getString("payload"),
        rs.getString("status"),
        rs.getInt("attempts"),
        rs.getString("url"),
        rs.getBoolean("enabled"),
        rs.getBytes("secret_enc"),
        rs.getBytes("previous_secret_enc"),
        previousExpires == null ? null : previousExpires.toInstant(),
        rs.getObject("rate_limit_per_second", Integer.class));
  }

  @Override
  public void close() {
    batcher.close();
  }
}
