package dev.omnipost.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The switch between the in-process broker and database and Docker containers of the deployment's
 * images: containers only when asked for and a Docker engine answers, the embedded servers
 * otherwise.
 */
class ContainerSwitchTests {

  @Test
  void withoutARequestTheEmbeddedServersServeAndDockerIsNotAsked() {
    AtomicBoolean asked = new AtomicBoolean();

    ContainerSwitch.Decision decision =
        ContainerSwitch.decide(
            false,
            () -> {
              asked.set(true);
              return true;
            });

    assertThat(decision.choice()).isEqualTo(ContainerSwitch.Choice.EMBEDDED);
    assertThat(asked).isFalse();
  }

  @Test
  void aRequestWithoutADockerEngineIsSkippedForTheEmbeddedServers() {
    ContainerSwitch.Decision decision = ContainerSwitch.decide(true, () -> false);

    assertThat(decision.choice()).isEqualTo(ContainerSwitch.Choice.EMBEDDED);
    assertThat(decision.reason()).contains("no Docker engine");
  }

  @Test
  void aRequestWithADockerEngineChoosesContainers() {
    assertThat(ContainerSwitch.decide(true, () -> true).choice())
        .isEqualTo(ContainerSwitch.Choice.CONTAINERS);
  }

  /** The path taken where no engine runs (as on the build machines), even with -Pcontainers. */
  @Test
  void whereNoDockerEngineRunsTheSharedInfrastructureIsEmbedded() {
    assumeFalse(ContainerSwitch.dockerAvailable(), "a Docker engine answers here");

    assertThat(ContainerSwitch.decide(true, ContainerSwitch::dockerAvailable).choice())
        .isEqualTo(ContainerSwitch.Choice.EMBEDDED);
    assertThat(SharedTestInfrastructure.get().usesContainers()).isFalse();
    assertThat(SharedTestInfrastructure.get().postgres().jdbcUrl())
        .isEqualTo(SharedTestInfrastructure.get().springProperties().get("spring.datasource.url"));
  }

  /** Run with Docker and -Pcontainers: the shared database is the compose file's PostgreSQL. */
  @Test
  void withContainersTheSharedDatabaseIsTheDeploymentsPostgresql() throws Exception {
    assumeTrue(SharedTestInfrastructure.get().usesContainers(), "no containers (no -Pcontainers)");
    Map<String, String> db = SharedTestInfrastructure.get().springProperties();
    try (Connection connection =
            DriverManager.getConnection(
                db.get("spring.datasource.url"),
                db.get("spring.datasource.username"),
                db.get("spring.datasource.password"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW server_version")) {
      rows.next();
      assertThat(rows.getString(1)).startsWith("16.");
    }
  }

  @Test
  void theContainersAreTheImagesDockerComposeDeploys() throws IOException {
    String compose = Files.readString(Path.of("..", "docker-compose.yml"));

    assertThat(compose)
        .contains("image: " + ContainerInfrastructure.POSTGRES_IMAGE)
        .contains("image: " + ContainerInfrastructure.KAFKA_IMAGE);
  }
}
