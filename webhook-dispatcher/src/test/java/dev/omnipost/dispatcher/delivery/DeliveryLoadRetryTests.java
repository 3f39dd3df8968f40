package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.dispatcher.WebhookProperties;
import dev.omnipost.embedded.SharedTestInfrastructure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Loading due deliveries while PostgreSQL is unreachable: the load is tried again on a short
 * backoff and succeeds as soon as the database answers (the Kafka record waits, instead of failing
 * to the next retry tier minutes later); only an outage longer than the window fails it.
 */
class DeliveryLoadRetryTests {

  @BeforeAll
  static void schema() {
    // the tables a dispatcher context would have migrated, when this class runs first
    Map<String, String> db = SharedTestInfrastructure.get().springProperties();
    Flyway.configure()
        .dataSource(
            db.get("spring.datasource.url"),
            db.get("spring.datasource.username"),
            db.get("spring.datasource.password"))
        .load()
        .migrate();
  }

  @Test
  void aLoadThatFailedWhileTheDatabaseWasDownSucceedsOnceItIsBack() {
    SwitchableDataSource database = new SwitchableDataSource();
    database.down.set(true);
    try (DeliveryLoader loader = new DeliveryLoader(JdbcClient.create(database), settings("1m"))) {

      CompletableFuture<Optional<PendingDelivery>> load = loader.load("whd_" + System.nanoTime());
      await().atMost(Duration.ofSeconds(10)).until(() -> database.refused.get() >= 3);
      database.down.set(false);

      await().atMost(Duration.ofSeconds(10)).until(load::isDone);
      assertThat(load).isCompletedWithValue(Optional.empty());
    }
  }

  @Test
  void anOutageLongerThanTheWindowFailsTheLoad() {
    SwitchableDataSource database = new SwitchableDataSource();
    database.down.set(true);
    try (DeliveryLoader loader = new DeliveryLoader(JdbcClient.create(database), settings("0s"))) {

      CompletableFuture<Optional<PendingDelivery>> load = loader.load("whd_" + System.nanoTime());

      await().atMost(Duration.ofSeconds(10)).until(load::isDone);
      assertThat(load)
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .withRootCauseInstanceOf(SQLTransientConnectionException.class);
    }
  }

  private static WebhookProperties settings(String window) {
    return new Binder(
            new MapConfigurationPropertySource(
                Map.of(
                    "omnipost.webhooks.load-retry-delay", "50ms",
                    "omnipost.webhooks.load-retry-max-delay", "200ms",
                    "omnipost.webhooks.load-retry-window", window)))
        .bindOrCreate("omnipost.webhooks", WebhookProperties.class);
  }

  /** The shared test database, or a refusal to connect while {@link #down}. */
  private static final class SwitchableDataSource extends DriverManagerDataSource {

    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger refused = new AtomicInteger();

    SwitchableDataSource() {
      Map<String, String> db = SharedTestInfrastructure.get().springProperties();
      setUrl(db.get("spring.datasource.url"));
      setUsername(db.get("spring.datasource.username"));
      setPassword(db.get("spring.datasource.password"));
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (down.get()) {
        refused.incrementAndGet();
        throw new SQLTransientConnectionException("Connection refused (test)", "08001");
      }
      return super.getConnection();
    }
  }
}
