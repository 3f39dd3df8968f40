package dev.omnipost.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTests {

  @Test
  void keepsRowsAcrossARestartOnTheSameDataDirectory(@TempDir Path workDir) throws Exception {
    Path dataDir = workDir.resolve("data/postgres");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0);
        Connection connection = connect(server);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
      statement.execute("INSERT INTO notes VALUES (1, 'kept')");
    }

    String body;
    try (EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(dataDir, 0);
        Connection connection = connect(restarted);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT body FROM notes WHERE id = 1")) {
      body = rows.next() ? rows.getString(1) : null;
    }

    assertThat(body).isEqualTo("kept");
  }

  @Test
  void flushesAPersistentDataDirectoryToDiskButNotATemporaryOne(@TempDir Path workDir)
      throws Exception {
    Path dataDir = workDir.resolve("postgres");
    String persistentFsync;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0)) {
      persistentFsync = setting(server, "fsync");
    }

    assumeFalse(SharedTestInfrastructure.get().usesContainers(), "the shared one is a container");
    String temporaryFsync = setting(SharedTestInfrastructure.get().postgres(), "fsync");

    assertThat(persistentFsync).isEqualTo("on");
    assertThat(temporaryFsync).isEqualTo("off");
  }

  @Test
  void allowsEnoughConnectionsForFiveServicesWithTwoPoolsEach() throws Exception {
    assumeFalse(SharedTestInfrastructure.get().usesContainers(), "the shared one is a container");
    EmbeddedPostgresServer server = SharedTestInfrastructure.get().postgres();

    int maxConnections = Integer.parseInt(setting(server, "max_connections"));

    assertThat(maxConnections).isGreaterThanOrEqualTo(300);
  }

  private static String setting(EmbeddedPostgresServer server, String name) throws SQLException {
    try (Connection connection = connect(server);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static Connection connect(EmbeddedPostgresServer server) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
  }
}
