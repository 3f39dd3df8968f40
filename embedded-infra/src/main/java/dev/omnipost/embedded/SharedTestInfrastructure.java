package dev.omnipost.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka broker and one PostgreSQL server per test JVM, started on first use and shared by every
 * test class, so integration tests pay the start-up cost once. Stopped (and their temporary data
 * deleted) when the JVM exits.
 *
 * <pre>{@code
 * @DynamicPropertySource static void infrastructure(DynamicPropertyRegistry registry) {
 *   SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
 * }
 * }</pre>
 */
public final class SharedTestInfrastructure {

  /**
   * A fixed AES-256 key (base64 of 32 bytes) for {@code omnipost.secrets.encryption-key} in tests.
   */
  public static final String TEST_ENCRYPTION_KEY = "b21uaXBvc3QtdGVzdC1lbmNyeXB0aW9uLWtleS0zMmI=";

  private static final Logger log = LoggerFactory.getLogger(SharedTestInfrastructure.class);
  private static volatile SharedTestInfrastructure instance;
  private static RuntimeException startFailure;

  private final EmbeddedKafkaBroker kafka;
  private final EmbeddedPostgresServer postgres;

  private SharedTestInfrastructure(EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres) {
    this.kafka = kafka;
    this.postgres = postgres;
  }

  /** The JVM's shared broker and database, started (in parallel) by the first caller. */
  public static SharedTestInfrastructure get() {
    SharedTestInfrastructure shared = instance;
    if (shared != null) {
      return shared;
    }
    synchronized (SharedTestInfrastructure.class) {
      // Every later test class would fail the same way; tell them why at once instead of retrying.
      if (startFailure != null) {
        throw new IllegalStateException(
            "Shared test infrastructure failed to start earlier", startFailure);
      }
      if (instance == null) {
        try {
          instance = startBoth();
        } catch (RuntimeException e) {
          startFailure = e;
          throw e;
        }
      }
      return instance;
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public EmbeddedKafkaBroker kafka() {
    return kafka;
  }

  public EmbeddedPostgresServer postgres() {
    return postgres;
  }

  /** Everything a Spring Boot service needs to use this broker and database. */
  public Map<String, String> springProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    properties.put("spring.datasource.url", postgres.jdbcUrl());
    properties.put("spring.datasource.username", postgres.username());
    properties.put("spring.datasource.password", postgres.password());
    // The shared database stops with the test JVM, possibly before a Spring context whose
    // background work still wants a connection: fail that fast instead of holding exit for 30 s.
    properties.put("spring.datasource.hikari.connection-timeout", "2000");
    properties.put("spring.r2dbc.url", postgres.r2dbcUrl());
    properties.put("spring.r2dbc.username", postgres.username());
    properties.put("spring.r2dbc.password", postgres.password());
    properties.put("spring.flyway.url", postgres.jdbcUrl());
    properties.put("spring.flyway.user", postgres.username());
    properties.put("spring.flyway.password", postgres.password());
    properties.put("omnipost.secrets.encryption-key", TEST_ENCRYPTION_KEY);
    // One broker: say so explicitly, as a single-broker deployment should.
    properties.put("omnipost.topics.replication-factor", "1");
    properties.put("omnipost.topics.min-insync-replicas", "1");
    return Map.copyOf(properties);
  }

  private static SharedTestInfrastructure startBoth() {
    long began = System.nanoTime();
    Path kafkaDir = temporaryDirectory("omnipost-kafka");
    CompletableFuture<EmbeddedPostgresServer> postgres =
        CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(null, 0));
    EmbeddedKafkaBroker kafka;
    try {
      kafka = EmbeddedKafkaBroker.start(kafkaDir, 0);
    } catch (RuntimeException e) {
      postgres.thenAccept(EmbeddedPostgresServer::close).exceptionally(ignored -> null).join();
      deleteRecursively(kafkaDir);
      throw e;
    }
    EmbeddedPostgresServer database;
    try {
      database = postgres.join();
    } catch (CompletionException e) {
      kafka.close();
      deleteRecursively(kafkaDir);
      throw e;
    }
    SharedTestInfrastructure shared = new SharedTestInfrastructure(kafka, database);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> shared.stop(kafkaDir), "omnipost-test-infrastructure-stop"));
    log.info(
        "Shared test infrastructure (Kafka {}, PostgreSQL {}) ready after {} ms",
        kafka.bootstrapServers(),
        database.jdbcUrl(),
        (System.nanoTime() - began) / 1_000_000);
    return shared;
  }

  private void stop(Path kafkaDir) {
    try {
      kafka.close();
    } finally {
      postgres.close();
      deleteRecursively(kafkaDir);
    }
  }

  private static Path temporaryDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.debug("Could not delete {}", directory, e);
    }
  }
}
