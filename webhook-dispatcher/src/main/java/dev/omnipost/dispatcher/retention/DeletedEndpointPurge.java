package dev.omnipost.dispatcher.retention;

import dev.omnipost.dispatcher.WebhookProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes deleted endpoints once their history has been readable for {@code deleted-retention}:
 * their attempts, deliveries and the endpoint rows.
 */
@Component
class DeletedEndpointPurge {

  private static final Logger log = LoggerFactory.getLogger(DeletedEndpointPurge.class);

  private static final String EXPIRED =
      "SELECT id FROM webhook_endpoints"
          + " WHERE deleted_at IS NOT NULL AND deleted_at < now() - make_interval(secs => :seconds)";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final double retentionSeconds;

  DeletedEndpointPurge(
      JdbcClient jdbc, TransactionTemplate transactions, WebhookProperties properties) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.retentionSeconds = properties.deletedRetention().toMillis() / 1000.0;
  }

  @Scheduled(fixedDelayString = "${omnipost.webhooks.purge-interval:1h}", initialDelay = 60_000)
  void purge() {
    try {
      Integer purged = transactions.execute(tx -> purgeBatch());
      if (purged != null && purged > 0) {
        log.info("Purged {} deleted webhook endpoints and their delivery history", purged);
      }
    } catch (RuntimeException e) {
      log.warn("Could not purge deleted webhook endpoints: {}", e.toString());
    }
  }

  /** Purges in the caller's transaction; answers how many endpoints went. */
  int purgeBatch() {
    jdbc.sql(
            "DELETE FROM webhook_delivery_attempts WHERE delivery_id IN"
                + " (SELECT id FROM webhook_deliveries WHERE endpoint_id IN ("
                + EXPIRED
                + "))")
        .param("seconds", retentionSeconds)
        .update();
    jdbc.sql("DELETE FROM webhook_deliveries WHERE endpoint_id IN (" + EXPIRED + ")")
        .param("seconds", retentionSeconds)
        .update();
    return jdbc.sql("DELETE FROM webhook_endpoints WHERE id IN (" + EXPIRED + ")")
        .param("seconds", retentionSeconds)
        .update();
  }
}
