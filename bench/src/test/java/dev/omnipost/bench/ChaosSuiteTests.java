package dev.omnipost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.localstack.LocalStackOptions;
import dev.omnipost.localstack.ProcessSupervisor;
import dev.omnipost.localstack.StackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The short form of chaos scenarios 1, 3 and 4 (PostgreSQL paused, then killed) in CI, through the
 * suite's own code ({@link ChaosScenarios}) against one multi-process stack. Unlike every other
 * test it does not share the test JVM's Kafka and PostgreSQL: the broker is stopped and PostgreSQL
 * paused, so the stack starts its own, as separate processes the test may signal. Counts are on the
 * sandbox's records.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSuiteTests {

  private static ProcessSupervisor stack;
  private static ApiClient api;
  private static String operatorToken;
  private static Path dataDir;

  @BeforeAll
  static void startTheStack() throws IOException {
    dataDir = Files.createTempDirectory("omnipost-chaos");
    stack =
        ProcessSupervisor.start(
            new LocalStackOptions(dataDir, StackPorts.free(), null, null, Map.of()));
    api = new ApiClient(stack.gatewayUrl(), stack.sandboxUrl());
    operatorToken = Files.readString(dataDir.resolve("operator.token")).trim();
  }

  @AfterAll
  static void stopTheStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static ChaosScenarios scenarios(Map<String, String> sizes) {
    return new ChaosScenarios(api, operatorToken, new ChaosStack(dataDir), sizes);
  }

  @Test
  @Order(1)
  void aPublisherWorkerKilledWhilePostsArePublishedLosesNoneAndPublishesNoneTwice() {
    ChaosSuite.Row row =
        scenarios(
                Map.of(
                    "chaos-posts", "40",
                    "chaos-rate", "4",
                    "chaos-accounts", "4",
                    "chaos-kill-every", "3",
                    "chaos-timeout", "120"))
            .publisherKills();
    System.out.println(row.line());
    assertThat(row.notes()).doesNotContain(" 0 kills");
    assertThat(row.accepted()).isEqualTo(40);
    assertThat(row.lost()).isZero();
    assertThat(row.publishedTwice()).isZero();
  }

  @Test
  @Order(2)
  void theBrokerStoppedUnderLoadStillAcceptsEveryPostAndPublishesAllOnceItReturns() {
    ChaosSuite.Row row =
        scenarios(
                Map.of(
                    "chaos-broker-rate", "5",
                    "chaos-broker-stop", "12",
                    "chaos-broker-around", "3",
                    "chaos-accounts", "4",
                    "chaos-timeout", "120"))
            .brokerStopped();
    System.out.println(row.line());
    assertThat(row.accepted()).isEqualTo(90);
    assertThat(row.lost()).isZero();
    assertThat(row.publishedTwice()).isZero();
  }

  @Test
  @Order(3)
  void postgresqlPausedAnswers503EnvelopesAndLosesNoAcceptedPost() {
    ChaosScenarios scenarios =
        scenarios(
            Map.of(
                "chaos-db-rate", "4",
                "chaos-db-pause", "10",
                "chaos-db-around", "3",
                "chaos-timeout", "120"));
    List<ChaosSuite.Row> rows = scenarios.databaseOutage("pause");
    ChaosSuite.Row row = rows.get(0);
    System.out.println(row.line());
    ChaosScenarios.Outage outage = scenarios.outages().get(0);
    assertThat(outage.firstEnvelope503())
        .as("a 503 envelope while PostgreSQL was paused")
        .isNotNull();
    assertThat(outage.healthDown()).as("/v1/health reporting the database down").isNotNull();
    assertThat(outage.recovered()).as("a 201 again after PostgreSQL returned").isNotNull();
    assertThat(outage.restarted()).as("nothing restarted").isEmpty();
    assertThat(row.lost()).isZero();
    assertThat(row.publishedTwice()).isZero();
  }

  @Test
  @Order(4)
  void postgresqlKilledIsRestartedByTheSupervisorAndEveryServiceRecoversByItself() {
    ChaosScenarios scenarios =
        scenarios(
            Map.of(
                "chaos-db-rate", "4",
                "chaos-db-kill-window", "5",
                "chaos-timeout", "120"));
    ChaosSuite.Row row = scenarios.databaseOutage("kill").get(0);
    System.out.println(row.line());
    ChaosScenarios.Outage outage = scenarios.outages().get(0);
    assertThat(outage.firstEnvelope503())
        .as("a 503 envelope while PostgreSQL was down")
        .isNotNull();
    assertThat(outage.healthDown()).as("/v1/health reporting the database down").isNotNull();
    assertThat(outage.recovered()).as("a 201 again after PostgreSQL was restarted").isNotNull();
    assertThat(outage.restarted())
        .as("the supervisor restarted PostgreSQL (maybe on a second try) and nothing else")
        .singleElement()
        .asString()
        .startsWith("postgres ×");
    assertThat(row.lost()).isZero();
    assertThat(row.publishedTwice()).isZero();
  }
}
