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
 * deleted) when the JVM exits. In-process by default; as Docker containers of the deployment's
 * images when asked for ({@code -Pcontainers}) and a Docker engine answers ({@link
 * ContainerSwitch}).
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
  private final ContainerInfrastructure containers;

  private SharedTestInfrastructure(EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres) {
    this.kafka = kafka;
    this.postgres = postgres;
    this.containers = null;
  }

  private SharedTestInfrastructure(ContainerInfrastructure containers) {
    this.kafka = null;
    this.postgres = null;
    this.containers = containers;
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
          instance = start(ContainerSwitch.current());
        } catch (RuntimeException e) {
          startFailure = e;
          throw e;
        }
      }
      return instance;
    }
  }

  public String bootstrapServers() {
    return containers != null ? containers.bootstrapServers() : kafka.bootstrapServers();
  }

  /** True when the broker and database are Docker containers ({@link ContainerSwitch}). */
  public boolean usesContainers() {
    return containers != null;
  }

  /** The in-process broker; tests that need it skip themselves when {@link #usesContainers()}. */
  public EmbeddedKafkaBroker kafka() {
    if (kafka == null) {
      throw new IllegalStateException("The shared Kafka broker is a container (-Pcontainers)");
    }
    return kafka;
  }

  /** The in-process database; tests that need it skip themselves when {@link #usesContainers()}. */
  public EmbeddedPostgresServer postgres() {
    if (postgres == null) {
      throw new IllegalStateException("The shared PostgreSQL is a container (-Pcontainers)");
    }
    return postgres;
  }

  /** Everything a Spring Boot service needs to use this broker and database. */
  public Map<String, String> springProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    String jdbcUrl = containers != null ? containers.jdbcUrl() : postgres.jdbcUrl();
    String r2dbcUrl = containers != null ? containers.r2dbcUrl() : postgres.r2dbcUrl();
    String username = containers != null ? containers.username() : postgres.username();
    String password = containers != null ? containers.password() : postgres.password();
    properties.put("spring.kafka.bootstrap-servers", bootstrapServers());
    properties.put("spring.datasource.url", jdbcUrl);
    properties.put("spring.datasource.username", username);
    properties.put("spring.datasource.password", password);
    // The shared database stops with the test JVM, possibly before a Spring context whose
    // background work still wants a connection: fail that fast instead of holding exit for 30 s.
    properties.put("spring.datasource.hikari.connection-timeout", "2000");
    properties.put("spring.r2dbc.url", r2dbcUrl);
    properties.put("spring.r2dbc.username", username);
    properties.put("spring.r2dbc.password", password);
    properties.put("spring.flyway.url", jdbcUrl);
    properties.put("spring.flyway.user", username);
    properties.put("spring.flyway.password", password);
    properties.put("omnipost.secrets.encryption-key", TEST_ENCRYPTION_KEY);
    // One broker: say so explicitly, as a single-broker deployment should.
    properties.put("omnipost.topics.replication-factor", "1");
    properties.put("omnipost.topics.min-insync-replicas", "1");
    return Map.copyOf(properties);
  }

  private static SharedTestInfrastructure start(ContainerSwitch.Decision decision) {
    log.info("Shared test infrastructure: {} ({})", decision.choice(), decision.reason());
    if (decision.choice() == ContainerSwitch.Choice.CONTAINERS) {
      long began = System.nanoTime();
      ContainerInfrastructure containers = ContainerInfrastructure.start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(containers::close, "omnipost-test-containers-stop"));
      log.info(
          "Shared test containers ({}, {}) ready after {} ms",
          ContainerInfrastructure.POSTGRES_IMAGE,
          ContainerInfrastructure.KAFKA_IMAGE,
          (System.nanoTime() - began) / 1_000_000);
      return new SharedTestInfrastructure(containers);
    }
    return startBoth();
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
