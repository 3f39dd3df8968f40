package dev.omnipost.persistence.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.embedded.SharedTestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class PostgresChannelListenerTests {

  // the shared database wherever it runs (in-process or a container, ContainerSwitch)
  private final Map<String, String> db = SharedTestInfrastructure.get().springProperties();
  private final DriverManagerDataSource dataSource =
      new DriverManagerDataSource(
          db.get("spring.datasource.url"),
          db.get("spring.datasource.username"),
          db.get("spring.datasource.password"));

  @Test
  void answersThePayloadsOfTheNotificationsThatArrived() throws SQLException {
    try (PostgresChannelListener listener =
        new PostgresChannelListener(dataSource, "listener_test_payloads")) {
      listener.listen();
      notify("listener_test_payloads", "first");
      notify("listener_test_payloads", "second");
      notify("listener_test_other", "not for us");

      List<String> received = new ArrayList<>();
      for (int i = 0; i < 10 && received.size() < 2; i++) {
        received.addAll(listener.awaitPayloads(Duration.ofSeconds(1)));
      }

      assertThat(received).containsExactly("first", "second");
      assertThat(listener.awaitPayloads(Duration.ofMillis(50))).isEmpty();
    }
  }

  @Test
  void tellsWhetherItIsListeningAndNoticesADroppedConnection() throws SQLException {
    try (PostgresChannelListener listener =
        new PostgresChannelListener(dataSource, "listener_test_dropped")) {
      assertThat(listener.isListening()).isFalse();
      listener.listen();
      assertThat(listener.isListening()).isTrue();
      listener.ping(Duration.ofSeconds(2));

      try (Connection admin = connection();
          Statement statement = admin.createStatement()) {
        statement.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE query = 'LISTEN listener_test_dropped'");
      }

      assertThatThrownBy(() -> listener.ping(Duration.ofSeconds(2)))
          .isInstanceOf(SQLException.class);
      listener.close();
      assertThat(listener.isListening()).isFalse();
    }
  }

  private void notify(String channel, String payload) throws SQLException {
    try (Connection connection = connection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_notify('" + channel + "', '" + payload + "')");
    }
  }

  private Connection connection() throws SQLException {
    return DriverManager.getConnection(
        db.get("spring.datasource.url"),
        db.get("spring.datasource.username"),
        db.get("spring.datasource.password"));
  }
}
