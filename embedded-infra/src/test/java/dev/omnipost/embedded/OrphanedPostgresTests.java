package dev.omnipost.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that ran PostgreSQL is killed with {@code kill -9}: its server lives on, orphaned, holding
 * the data directory. The next start must find it, stop it, and serve the same data from a server
 * of its own (not answer "ready" for the orphan).
 */
class OrphanedPostgresTests {

  @Test
  void aServerOrphanedByAKilledJvmIsStoppedAndTheDataServedByANewOne(@TempDir Path workDir)
      throws Exception {
    Path dataDir = workDir.resolve("postgres");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ChildWithPostgres.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    int port;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
        // the child's log
      }
      assertThat(line).as("the child started PostgreSQL").isNotNull();
      port = Integer.parseInt(line.substring("READY ".length()).trim());
      child.destroyForcibly(); // SIGKILL: no shutdown hook stops its server
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    Optional<ProcessHandle> orphan = OrphanedPostmaster.find(dataDir);
    assertThat(orphan).as("the killed JVM's server lives on").isPresent();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, port);
        Connection connection =
            DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT body FROM notes WHERE id = 1")) {
      assertThat(orphan.get().isAlive()).as("the orphan was stopped").isFalse();
      assertThat(OrphanedPostmaster.find(dataDir).map(ProcessHandle::pid))
          .as("the server now running is a new one")
          .isPresent()
          .get()
          .isNotEqualTo(orphan.get().pid());
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("committed before the kill");
    }
  }

  /** Starts PostgreSQL on a directory, writes a row, says READY and waits to be killed. */
  public static final class ChildWithPostgres {
    public static void main(String[] args) throws Exception {
      EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0);
      try (Connection connection =
              DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
        statement.execute("INSERT INTO notes VALUES (1, 'committed before the kill')");
      }
      System.out.println("READY " + server.port());
      System.out.flush();
      new java.util.concurrent.CountDownLatch(1).await();
    }
  }
}
