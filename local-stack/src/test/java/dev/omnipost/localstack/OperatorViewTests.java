package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Topics;
import dev.omnipost.localstack.StackClient.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What an operator sees of a running local stack, after it published, failed, delivered and
 * generated something. Its logs: no secret, token or key appears in anything the stack printed. Its
 * metrics: a real Prometheus (Debian's {@code prometheus} package) scrapes the five services with
 * the shipped alert rules loaded; every Grafana panel query and every alert expression must be
 * valid PromQL and read only series some service exposes, and {@code promtool} accepts the rules
 * file. The Prometheus checks are skipped, saying so, only when the binaries are not installed
 * ({@code .ci/run} installs them).
 */
class OperatorViewTests {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path RULES = ROOT.resolve("deploy/prometheus/alerts.yml");
  private static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");

  /** Series Prometheus makes itself, not a service. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

  private static final String NO_PROMETHEUS =
      "the prometheus binary is not installed (apt-get install prometheus; .ci/run does it):"
          + " dashboard and alert queries are not checked against a real Prometheus";

  private static ConsoleCapture console;
  private static RunningStack stack;
  private static PrometheusServer prometheus;
  private static WebhookReceiver receiver;
  private static Path dataDir;
  private static String webhookSecret;
  private static Set<String> exposed;

  @BeforeAll
  static void runAStackAndScrapeIt() throws IOException {
    console = ConsoleCapture.start();
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    dataDir = Files.createTempDirectory("omnipost-operator");
    receiver = new WebhookReceiver();
    stack =
        LocalStack.start(
            new LocalStackOptions(
                dataDir.resolve("stack"),
                StackPorts.free(),
                infrastructure.bootstrapServers(),
                infrastructure.postgres(),
                Map.of(
                    "omnipost.inbox.sync-interval",
                    "500ms",
                    "omnipost.egress.allowed-networks",
                    "127.0.0.1/32:" + receiver.port())));
    driveEveryFlow();
    Optional<Path> binary = PrometheusServer.binary("prometheus");
    if (binary.isEmpty()) {
      return;
    }
    Files.createDirectories(dataDir.resolve("prometheus"));
    prometheus = PrometheusServer.start(binary.get(), dataDir.resolve("prometheus"), jobs(), RULES);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(prometheus.targetHealth())
                  .hasSize(5)
                  .allSatisfy((job, h) -> assertThat(h).as(job).isEqualTo("up"));
              assertThat(prometheus.metricNames())
                  .contains(
                      "omnipost_publisher_targets_published_total",
                      "omnipost_publisher_targets_failed_total",
                      "omnipost_webhooks_deliveries_total",
                      "omnipost_ai_generations_total");
            });
    exposed = prometheus.metricNames();
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (console != null) {
      console.close();
    }
  }

  @Test
  void nothingTheStackLogsContainsASecretTokenOrKey() throws IOException {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("the demo API key", stack.demo().apiKey());
    secrets.put("the operator token", stack.operatorToken());
    secrets.put("the Mastodon access token", stack.demo().mastodonToken());
    secrets.put("the Instagram access token", stack.demo().instagramToken());
    secrets.put("the webhook secret", webhookSecret);
    secrets.put(
        "the encryption key",
        Files.readString(dataDir.resolve("stack").resolve("encryption.key")).trim());

    String logged = console.captured();

    // the capture saw both the launcher's output and the services' Logback lines
    assertThat(logged).contains("[local-stack] Starting the gateway", "Started application");
    secrets.forEach((what, secret) -> assertThat(logged).as(what).doesNotContain(secret));
  }

  @Test
  void everyTopicCarriesStructuredModeCloudEvents() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestInfrastructure.get().bootstrapServers());
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, "operator-view-" + UUID.randomUUID());
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> topics =
        List.of(
            Topics.EVENTS,
            Topics.PUBLISH_COMMANDS,
            Topics.AI_GENERATION_REQUESTS,
            Topics.WEBHOOK_DELIVERIES);
    Map<String, String> contentTypes = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(topics);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  Header header = record.headers().lastHeader("content-type");
                  contentTypes.merge(
                      record.topic(),
                      header == null
                          ? "(none)"
                          : new String(header.value(), StandardCharsets.UTF_8),
                      (a, b) -> a.equals(b) ? a : a + " | " + b);
                }
                return contentTypes.keySet().containsAll(topics);
              });
    }

    assertThat(contentTypes)
        .allSatisfy(
            (topic, contentType) ->
                assertThat(contentType)
                    .as(topic)
                    .isEqualTo("application/cloudevents+json; charset=UTF-8"));
  }

  @Test
  void everyServiceIsLiveAndReadyWhileItsDatabaseAndBrokerAnswer() {
    jobs()
        .forEach(
            (service, port) -> {
              StackClient management = new StackClient("http://localhost:" + port, null);
              for (String probe : List.of("liveness", "readiness")) {
                Response health = management.get("/actuator/health/" + probe);

                assertThat(health.status()).as(service + " " + probe).isEqualTo(200);
                assertThat(health.body().path("status").asString()).isEqualTo("UP");
              }
            });
  }

  @Test
  void everyDashboardPanelQueriesSeriesTheServicesExpose() throws IOException {
    assumeTrue(prometheus != null, NO_PROMETHEUS);
    Map<String, String> queries = dashboardQueries();

    List<String> problems = new ArrayList<>();
    queries.forEach((panel, expr) -> problems.addAll(problemsOf(panel, expr)));

    assertThat(queries).hasSizeGreaterThan(20);
    assertThat(problems).isEmpty();
  }

  @Test
  void everyAlertRuleLoadsAndReadsSeriesTheServicesExpose() {
    assumeTrue(prometheus != null, NO_PROMETHEUS);
    List<JsonNode> rules = prometheus.rules();

    List<String> problems = new ArrayList<>();
    for (JsonNode rule : rules) {
      String name = rule.path("name").asString();
      if (rule.path("health").asString().equals("err")) {
        problems.add(name + ": " + rule.path("lastError").asString());
      }
      problems.addAll(problemsOf(name, rule.path("query").asString()));
    }

    assertThat(rules).extracting(r -> r.path("name").asString()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(problems).isEmpty();
  }

  @Test
  void promtoolAcceptsTheRulesFile() throws IOException, InterruptedException {
    Optional<Path> promtool = PrometheusServer.binary("promtool");
    assumeTrue(promtool.isPresent(), "promtool is not installed (it comes with prometheus)");

    Process check =
        new ProcessBuilder(promtool.get().toString(), "check", "rules", RULES.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(check.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS");
  }

  private static List<String> problemsOf(String where, String expr) {
    List<String> problems = new ArrayList<>();
    JsonNode answer = prometheus.query(expr);
    if (!answer.path("status").asString().equals("success")) {
      problems.add(where + ": " + answer.path("error").asString() + " in " + expr);
    }
    for (String name : PromQlNames.of(expr)) {
      if (!exposed.contains(name) && !PROMETHEUS_SERIES.contains(name)) {
        problems.add(where + ": no service exposes " + name);
      }
    }
    return problems;
  }

  /** Every panel's queries, by "dashboard / panel", with Grafana's interval variables filled in. */
  private static Map<String, String> dashboardQueries() throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(DASHBOARDS)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode dashboard = StackClient.JSON.readTree(Files.readString(file));
      dashboard
          .path("panels")
          .valueStream()
          .forEach(
              panel ->
                  panel
                      .path("targets")
                      .valueStream()
                      .forEach(
                          target ->
                              queries.put(
                                  file.getFileName()
                                      + " / "
                                      + panel.path("title").asString()
                                      + " / "
                                      + target.path("refId").asString(),
                                  target
                                      .path("expr")
                                      .asString()
                                      .replace("$__rate_interval", "1m")
                                      .replace("$__range", "1h"))));
    }
    return queries;
  }

  private static Map<String, Integer> jobs() {
    StackPorts ports = stack.ports();
    Map<String, Integer> jobs = new LinkedHashMap<>();
    jobs.put("gateway", ports.gateway().management());
    jobs.put("publisher-worker", ports.publisher().management());
    jobs.put("inbox-ingestor", ports.inbox().management());
    jobs.put("ai-worker", ports.ai().management());
    jobs.put("webhook-dispatcher", ports.dispatcher().management());
    return jobs;
  }

  /** Publishes, fails, delivers a webhook and generates, so the meters made on first use exist. */
  private static void driveEveryFlow() {
    StackClient api = new StackClient(stack.gatewayUrl(), stack.demo().apiKey());
    StackClient sandbox = new StackClient(stack.sandboxUrl(), null);
    String mastodon = stack.demo().mastodonAccountId();
    Response webhook = api.post("/v1/webhooks", Map.of("url", receiver.url(), "events", List.of()));
    assertThat(webhook.status()).isEqualTo(201);
    webhookSecret = webhook.body().at("/data/secret").asString();
    sandbox.post(
        "/_sandbox/failures",
        Map.of(
            "platform",
            "mastodon",
            // the publisher's create only: the inbox's Mastodon syncs pass it by
            "method",
            "POST",
            "path",
            "/api/v1/statuses",
            "account_id",
            DemoWorkspace.MASTODON_ACCOUNT,
            "status",
            400,
            "count",
            1,
            "body",
            Map.of("error", "Validation failed")));
    Response rejected =
        api.post(
            "/v1/posts",
            Map.of("text", "Rejected " + UUID.randomUUID(), "account_ids", List.of(mastodon)));
    StackAssertions.awaitPostStatus(api, rejected.body().at("/data/id").asString(), "failed");
    Response published =
        api.post(
            "/v1/posts",
            Map.of("text", "Published " + UUID.randomUUID(), "account_ids", List.of(mastodon)));
    StackAssertions.awaitPostStatus(api, published.body().at("/data/id").asString(), "published");
    Response generated =
        api.post(
            "/v1/ai/generate",
            Map.of("prompt", "A caption for a bakery", "platform", "mastodon", "wait", 30));
    assertThat(generated.status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !receiver
                    .received("post.published", published.body().at("/data/id").asString())
                    .isEmpty());
  }
}
