package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.embedded.SharedTestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Two instances of every worker on one broker and one database: the partitions split between the
 * instances of each consumer group, and two rebalances in the middle of a 2,000-post run (one
 * publisher instance's consumers stopped, then a new instance started) lose nothing and publish
 * nothing twice, counted on the platform sandbox's own records.
 */
class ScaleOutTests {

  private static final int ACCOUNTS = 40;
  private static final int POSTS = 2_000;

  /**
   * The workers' consumer groups (a listener's id is its group where it names none); the
   * inbox-ingestor's is its actions' (its syncs run on a schedule, not from a topic).
   */
  private static final List<String> GROUPS =
      List.of(
          "omnipost-publisher-worker",
          "ai-generator",
          "inbox-actions",
          "webhook-fanout",
          "webhook-delivery");

  /**
   * Consumers per instance in every group: half the topics' 6 partitions, so each consumer holds
   * one and two instances' consumers together hold them all; the defaults (6 for publishing and
   * deliveries) would leave a second instance's consumers idle.
   */
  private static final int CONSUMERS = 3;

  private static RunningStack stack;
  private static StackClient api;
  private static StackClient sandbox;
  private static final List<String> accountIds = new ArrayList<>();
  private static final Map<Worker, ConfigurableApplicationContext> second =
      new ConcurrentHashMap<>();

  @BeforeAll
  static void startTwoInstancesOfEachWorker() throws IOException {
    SharedTestInfrastructure infrastructure = SharedTestInfrastructure.get();
    stack =
        LocalStack.start(
            new LocalStackOptions(
                Files.createTempDirectory("omnipost-scale-out"),
                StackPorts.free(),
                infrastructure.bootstrapServers(),
                infrastructure.postgres(),
                Map.of(
                    "spring.kafka.listener.concurrency", CONSUMERS,
                    "omnipost.webhooks.delivery-concurrency", CONSUMERS,
                    "omnipost.webhooks.fanout-concurrency", CONSUMERS)));
    api = new StackClient(stack.gatewayUrl(), stack.demo().apiKey());
    sandbox = new StackClient(stack.sandboxUrl(), null);
    for (Worker worker : Worker.values()) {
      second.put(worker, stack.startInstance(worker));
    }
    StackClient operator = new StackClient(stack.gatewayUrl(), stack.operatorToken());
    for (int i = 0; i < ACCOUNTS; i++) {
      accountIds.add(mastodonAccount(operator, stack.demo().workspaceId()));
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void twoInstancesSplitThePartitionsAndARebalanceMidRunLosesAndRepeatsNothing() throws Exception {
    GROUPS.forEach(group -> awaitInstances(group, 2));
    String run = UUID.randomUUID().toString().substring(0, 8);

    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < POSTS; i++) {
      String text = "scale-out " + run + " #" + i;
      String idempotencyKey = "scale-out-" + run + "-" + i;
      String account = accountIds.get(i % ACCOUNTS);
      answers.add(
          clients.submit(
              () ->
                  api.postIdempotently(
                          "/v1/posts",
                          Map.of("text", text, "account_ids", List.of(account)),
                          idempotencyKey)
                      .status()));
    }
    // once a quarter of the posts is on the platform, one publisher instance goes away mid-run
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> published(run).size() >= POSTS / 4);
    String publishers = "omnipost-publisher-worker";
    // the second instance's consumers leave the group; its context stays open, because closing
    // a WebFlux context in this one JVM disposes Reactor Netty's shared event loops and would
    // take every other service's HTTP server down with it (a real kill needs separate processes)
    second.get(Worker.PUBLISHER).getBean(KafkaListenerEndpointRegistry.class).stop();
    awaitInstances(publishers, 1);
    ConfigurableApplicationContext replacement = stack.startInstance(Worker.PUBLISHER);
    awaitInstances(publishers, 2);
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> answer : answers) {
      statuses.add(answer.get());
    }
    clients.shutdown();

    assertThat(statuses).hasSize(POSTS).containsOnly(201);
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> published(run).size() >= POSTS);
    List<String> texts = published(run);
    Map<String, Long> copies =
        texts.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(copies).hasSize(POSTS);
    assertThat(copies.values()).as("statuses published twice").containsOnly(1L);
    assertThat(replacement.isActive()).isTrue();
  }

  /** The texts of this run the sandbox holds, one entry per status it stored. */
  private static List<String> published(String run) {
    var posts = sandbox.get("/_sandbox/posts?platform=mastodon").body();
    var items = posts.has("data") ? posts.get("data") : posts;
    return items
        .valueStream()
        .map(p -> p.path("text").asString())
        .filter(t -> t.startsWith("scale-out " + run + " #"))
        .toList();
  }

  /**
   * Waits until {@code instances} instances' consumers are the group's members and each holds a
   * partition: with {@link #CONSUMERS} per instance, two instances can only get there by splitting
   * the partitions between them.
   */
  private static void awaitInstances(String group, int instances) {
    awaitMembers(
        group,
        members ->
            assertThat(members)
                .as("partitions held by each member of %s", group)
                .hasSize(instances * CONSUMERS)
                .allSatisfy(partitions -> assertThat(partitions).isPositive()));
  }

  /** Waits until the partition counts of the group's members satisfy the check. */
  private static void awaitMembers(String group, Consumer<List<Integer>> check) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedTestInfrastructure.get().bootstrapServers()))) {
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions() // a group appears once its first member has joined
          .untilAsserted(
              () -> {
                ConsumerGroupDescription description =
                    admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                check.accept(
                    description.members().stream()
                        .map((MemberDescription m) -> m.assignment().topicPartitions().size())
                        .toList());
              });
    }
  }

  /** A Mastodon account on the sandbox, imported into the demo workspace by the operator. */
  private static String mastodonAccount(StackClient operator, String workspaceId) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String token = "scale_token_" + suffix;
    sandbox.post(
        "/_sandbox/accounts",
        Map.of(
            "platform",
            "mastodon",
            "account_id",
            "scale-" + suffix,
            "username",
            "scale_" + suffix,
            "access_token",
            token));
    return operator
        .post(
            "/v1/admin/accounts",
            Map.of(
                "workspace_id",
                workspaceId,
                "platform",
                "mastodon",
                "platform_account_id",
                "scale-" + suffix,
                "handle",
                "@scale_" + suffix,
                "name",
                "Scale-out account",
                "access_token",
                token,
                "settings",
                Map.of("instance_url", stack.sandboxUrl() + "/mastodon")))
        .body()
        .at("/data/id")
        .asString();
  }
}
