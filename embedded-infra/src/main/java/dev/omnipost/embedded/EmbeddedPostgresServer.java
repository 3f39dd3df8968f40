package dev.omnipost.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's embedded binaries) run as a child process of this JVM, holding
 * the {@value #DATABASE} database, so the local stack and the integration tests need no installed
 * database. A persistent data directory keeps its data across restarts; a temporary one is tuned
 * for speed and deleted on close.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /** The database every service uses; created on first start. */
  public static final String DATABASE = "omnipost";

  /**
   * Minimum connection slots: five services, each with a JDBC and an R2DBC pool, share one server.
   */
  static final int MAX_CONNECTIONS = 400;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final String SUPERUSER = "postgres";
  // The server trusts local connections, so any password works; a non-empty one keeps clients that
  // insist on a password (some R2DBC setups) happy.
  private static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private boolean closed;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, boolean deleteOnClose) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /**
   * Starts PostgreSQL and creates the {@value #DATABASE} database if it does not exist yet.
   *
   * @param dataDir where the cluster lives, reused if it already holds one; {@code null} for a
   *     temporary directory with durability switched off (tests), deleted on {@link #close()}
   * @param port port on the loopback interface, or 0 for any free port
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    long began = System.nanoTime();
    boolean temporary = dataDir == null;
    Path directory = null;
    try {
      directory = temporary ? temporaryCluster() : persistentCluster(dataDir);
      if (!temporary) {
        OrphanedPostmaster.stopIfPresent(directory);
      }
      long startedAt = System.currentTimeMillis();
      EmbeddedPostgresServer server =
          new EmbeddedPostgresServer(
              builder(directory, port, temporary).start(), directory, temporary);
      server.verifyItIsOurs(startedAt);
      server.createDatabaseIfMissing();
      log.info(
          "PostgreSQL ready on port {} (data in {}) after {} ms",
          server.port(),
          directory,
          (System.nanoTime() - began) / 1_000_000);
      return server;
    } catch (IOException | RuntimeException e) {
      if (temporary && directory != null) {
        ClusterTemplate.deleteRecursively(directory);
      }
      throw e instanceof IOException io
          ? new UncheckedIOException("PostgreSQL did not start in " + directory, io)
          : (RuntimeException) e;
    }
  }

  private static Path temporaryCluster() throws IOException {
    Path directory = Files.createTempDirectory("omnipost-pg");
    seedFromTemplate(directory);
    return directory;
  }

  private static Path persistentCluster(Path dataDir) throws IOException {
    Path directory = Files.createDirectories(dataDir);
    try (Stream<Path> entries = Files.list(directory)) {
      if (entries.findAny().isEmpty()) {
        seedFromTemplate(directory);
      }
    }
    return directory;
  }

  /**
   * Fills an empty directory with a copy of the template cluster, or leaves it empty (initdb will
   * run).
   */
  private static void seedFromTemplate(Path directory) throws IOException {
    Optional<ClusterTemplate> template = ClusterTemplate.forBundledBinaries();
    if (template.isEmpty()) {
      return;
    }
    try {
      template.get().copyTo(directory, EmbeddedPostgresServer::initialiseTemplate);
    } catch (IOException | RuntimeException e) {
      log.warn("Could not use the PostgreSQL cluster template; running initdb instead", e);
      ClusterTemplate.deleteRecursively(directory);
      Files.createDirectories(directory);
    }
  }

  private static void initialiseTemplate(Path directory) {
    try (EmbeddedPostgresServer server =
        new EmbeddedPostgresServer(builder(directory, 0, true).start(), directory, false)) {
      server.createDatabaseIfMissing();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedPostgres.Builder builder(Path directory, int port, boolean temporary) {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            // Never let zonky delete the directory: it would also run initdb on every start.
            // close() deletes
            // a temporary directory itself.
            .setCleanDataDirectory(false)
            .setPort(FreePorts.orFree(port))
            // The C locale exists everywhere; initdb fails on a machine whose LANG names a missing
            // locale.
            .setLocaleConfig("locale", "C")
            .setServerConfig("max_connections", String.valueOf(MAX_CONNECTIONS))
            .setServerConfig("timezone", "UTC");
    if (temporary) {
      // Test data may be lost on a crash; nothing needs to reach the disk.
      return builder
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off");
    }
    // zonky starts postgres with -F (fsync off); data kept across restarts must survive a crash.
    return builder
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on");
  }

  /**
   * Checks that the server answering on our port is the one just started on our directory, not an
   * older one still holding the port or the directory (which zonky's start would not notice).
   */
  private void verifyItIsOurs(long startedAtMillis) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT current_setting('data_directory'),"
                    + " extract(epoch FROM pg_postmaster_start_time()) * 1000")) {
      rows.next();
      Path served = Path.of(rows.getString(1));
      long serverStarted = (long) rows.getDouble(2);
      boolean sameDirectory;
      try {
        sameDirectory = Files.isSameFile(served, dataDir);
      } catch (IOException e) {
        sameDirectory = served.equals(dataDir);
      }
      // a second of slack for clock granularity; an older server started well before
      if (!sameDirectory || serverStarted < startedAtMillis - 1_000) {
        throw new IllegalStateException(
            "The PostgreSQL answering on port "
                + port()
                + " is not the one just started on "
                + dataDir
                + " (it serves "
                + served
                + ", started at "
                + java.time.Instant.ofEpochMilli(serverStarted)
                + "); stop it and start again");
      }
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("PostgreSQL on " + dataDir + " does not answer", e);
    } catch (IllegalStateException e) {
      close();
      throw e;
    }
  }

  private void createDatabaseIfMissing() {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rows = exists.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("Cannot create database " + DATABASE, e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/omnipost}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  /** {@code r2dbc:postgresql://127.0.0.1:<port>/omnipost}. */
  public String r2dbcUrl() {
    return "r2dbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  public String username() {
    return SUPERUSER;
  }

  public String password() {
    return PASSWORD;
  }

  /** The directory holding the cluster (a temporary one is deleted on close). */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server (fast shutdown: open sessions are ended, committed data is kept). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
    } finally {
      if (deleteOnClose) {
        ClusterTemplate.deleteRecursively(dataDir);
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgresServer[" + jdbcUrl() + ", " + dataDir + "]";
  }
}
