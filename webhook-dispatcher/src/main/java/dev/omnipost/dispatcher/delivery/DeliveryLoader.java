package dev.omnipost.dispatcher.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Loads deliveries with their endpoints, many per query, for the attempts in flight. */
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

  DeliveryLoader(JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.batcher = new MicroBatcher<>("webhook-delivery-loader", 500, this::loadAll);
  }

  CompletableFuture<Optional<PendingDelivery>> load(String deliveryId) {
    return batcher.submit(deliveryId);
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
