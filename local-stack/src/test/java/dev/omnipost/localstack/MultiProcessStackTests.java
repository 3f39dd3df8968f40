package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.localstack.StackClient.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The multi-process stack ({@code ./run-local.sh --processes}): the sandbox and the five services
 * as separate OS processes (here on the test JVM's shared Kafka and PostgreSQL), a publisher-worker
 * killed with {@code kill -9} restarted by the supervisor, and publishing going on after it.
 */
class MultiProcessStackTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aPublisherWorkerKilledWithSigkillIsRestartedAndTheNextPostIsPublished() throws IOException {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    Path dataDir = Files.createTempDirectory("omnipost-processes");
    LocalStackOptions options =
        new LocalStackOptions(
            dataDir,
            StackPorts.free(),
            infrastructure.bootstrapServers(),
            infrastructure.postgres(),
            Map.of());
    List<Long> children = new ArrayList<>();
    try (ProcessSupervisor stack = ProcessSupervisor.start(options)) {
      JsonNode listed = JSON.readTree(Files.readString(stack.processesFile()));
      assertThat(listed.at("/supervisor_pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(listed.at("/processes").valueStream().map(p -> p.path("role").asString()))
          .containsExactly(
              "platform-sandbox",
              "gateway",
              "publisher-worker",
              "inbox-ingestor",
              "ai-worker",
              "webhook-dispatcher");
      listed
          .at("/processes")
          .valueStream()
          .forEach(
              process -> {
                long pid = process.path("pid").asLong();
                children.add(pid);
                assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
                assertThat(ProcessHandle.of(pid)).isPresent();
                assertThat(process.path("status").asString()).isEqualTo("ready");
              });

      StackClient api = new StackClient(stack.gatewayUrl(), stack.demo().apiKey());
      String mastodon = stack.demo().mastodonAccountId();
      publish(api, mastodon, "Before the kill");

      long killed = stack.pid(ProcessRole.PUBLISHER);
      ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // SIGKILL
      await()
          // a JVM's start: seconds on an idle machine, minutes on a loaded one
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                assertThat(stack.restarts(ProcessRole.PUBLISHER)).isEqualTo(1);
                assertThat(stack.ready(ProcessRole.PUBLISHER)).isTrue();
                assertThat(stack.pid(ProcessRole.PUBLISHER)).isNotEqualTo(killed);
              });
      long restarted = stack.pid(ProcessRole.PUBLISHER);
      children.add(restarted);
      JsonNode after = JSON.readTree(Files.readString(stack.processesFile()));
      JsonNode publisher =
          after
              .at("/processes")
              .valueStream()
              .filter(p -> p.path("role").asString().equals("publisher-worker"))
              .findFirst()
              .orElseThrow();
      assertThat(publisher.path("pid").asLong()).isEqualTo(restarted);
      assertThat(publisher.path("restarts").asInt()).isEqualTo(1);

      publish(api, mastodon, "After the kill");
    }
    // closing the supervisor stops every process it started
    assertThat(children)
        .allSatisfy(
            pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .isNotEqualTo(java.util.Optional.of(true)));
  }

  private static void publish(StackClient api, String accountId, String text) {
    Response created =
        api.post(
            "/v1/posts",
            Map.of("text", text + " " + UUID.randomUUID(), "account_ids", List.of(accountId)));
    assertThat(created.status()).isEqualTo(201);
    StackAssertions.awaitPostStatus(api, created.body().at("/data/id").asString(), "published");
  }
}
