package dev.omnipost.embedded;

import java.util.concurrent.CompletableFuture;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL and a KRaft Kafka broker as Docker containers of the images {@code docker-compose.yml}
 * deploys, for {@link SharedTestInfrastructure} when {@link ContainerSwitch} chooses them. Only
 * loaded then: Testcontainers is an optional dependency, on the class path with {@code
 * -Pcontainers}.
 */
final class ContainerInfrastructure implements AutoCloseable {

  /** The images of docker-compose.yml ({@code ContainerInfrastructureTests} keeps them equal). */
  static final String POSTGRES_IMAGE = "postgres:16";

  static final String KAFKA_IMAGE = "apache/kafka:4.2.0";

  private final PostgreSQLContainer postgres;
  private final KafkaContainer kafka;

  private ContainerInfrastructure(PostgreSQLContainer postgres, KafkaContainer kafka) {
    this.postgres = postgres;
    this.kafka = kafka;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Starts both containers (in parallel) and waits until they accept connections. */
  static ContainerInfrastructure start() {
    PostgreSQLContainer postgres =
        new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
            .withDatabaseName(EmbeddedPostgresServer.DATABASE)
            .withUsername("postgres")
            .withPassword("postgres")
            // as the embedded server: five services with two pools each, per test JVM
            .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
    CompletableFuture<Void> database = CompletableFuture.runAsync(postgres::start);
    try {
      kafka.start();
      database.join();
    } catch (RuntimeException e) {
      kafka.stop();
      postgres.stop();
      throw e;
    }
    return new ContainerInfrastructure(postgres, kafka);
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl();
  }

  String r2dbcUrl() {
    return "r2dbc:postgresql://"
        + postgres.getHost()
        + ":"
        + postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT)
        + "/"
        + postgres.getDatabaseName();
  }

  String username() {
    return postgres.getUsername();
  }

  String password() {
    return postgres.getPassword();
  }

  String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public void close() {
    try {
      kafka.stop();
    } finally {
      postgres.stop();
    }
  }
}
