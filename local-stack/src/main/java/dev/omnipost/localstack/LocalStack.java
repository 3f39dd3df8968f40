package dev.omnipost.localstack;

import dev.omnipost.aiworker.AiWorkerApplication;
import dev.omnipost.dispatcher.WebhookDispatcherApplication;
import dev.omnipost.embedded.EmbeddedKafkaBroker;
import dev.omnipost.embedded.EmbeddedPostgresServer;
import dev.omnipost.gateway.GatewayApplication;
import dev.omnipost.inbox.InboxIngestorApplication;
import dev.omnipost.persistence.logging.ServiceLogContext;
import dev.omnipost.publisher.PublisherWorkerApplication;
import dev.omnipost.sandbox.PlatformSandboxApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.MDC;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole system in one process: a real Kafka broker (KRaft) and a real PostgreSQL, the
 * platform sandbox, and the five services, each on its own ports, with all data under one
 * directory. Used by {@code ./run-local.sh} and by the end-to-end tests.
 */
public final class LocalStack {

  /**
   * The one loopback port webhooks may reach: the receiver of the README walkthrough. Not all of
   * loopback, where the sandbox control API and the actuator ports live.
   */
  public static final int WEBHOOK_RECEIVER_PORT = 9999;

  /**
   * {@code -Domnipost.port-offset=N} moves every fixed port of a standalone stack (and the webhook
   * receiver port it allows) up by N, so two stacks can run on one machine (benchmarks of parallel
   * sessions); 0 by default.
   */
  static int portOffset() {
    return Integer.getInteger("omnipost.port-offset", 0);
  }

  /**
   * What every console line of the stack shows before the logger's name: the service that wrote it
   * (MDC {@code service}), then the trace and span ids (empty outside a span).
   */
  static final String CORRELATION_PATTERN = "[%X{service:-}] [%X{traceId:-},%X{spanId:-}] ";

  private LocalStack() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length == 2 && args[0].startsWith("--role=")) {
      // one process of the multi-process stack, started by its supervisor
      ChildProcess.run(ProcessRole.of(args[0].substring("--role=".length())), Path.of(args[1]));
      return;
    }
    Path dataDir = Path.of(System.getProperty("omnipost.data-dir", ".omnipost")).toAbsolutePath();
    long started = System.nanoTime();
    if (java.util.Arrays.asList(args).contains("--processes")) {
      ProcessSupervisor supervisor = ProcessSupervisor.start(options(dataDir));
      Runtime.getRuntime().addShutdownHook(new Thread(supervisor::close, "supervisor-shutdown"));
      System.out.println(supervisor.banner((System.nanoTime() - started) / 1_000_000_000.0));
      // the supervisor's threads are daemons: this one keeps the JVM until Ctrl-C or SIGTERM
      new java.util.concurrent.CountDownLatch(1).await();
      return;
    }
    RunningStack stack = start(options(dataDir));
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
    System.out.println(stack.banner((System.nanoTime() - started) / 1_000_000_000.0));
  }

  /**
   * The stack's options in both modes: {@code ./run-local.sh}'s defaults, except that {@code
   * -Domnipost.port-offset=N} moves every port (and the webhook receiver port the egress allow-list
   * names) up by N, so a second stack (a benchmark or chaos run next to someone's stack) can run on
   * one machine, and {@code -Domnipost.overrides=<file>} adds the settings of a properties file to
   * every service (the chaos suite compresses retry schedules with it).
   */
  static LocalStackOptions options(Path dataDir) {
    int offset = portOffset();
    StackPorts ports = StackPorts.defaults().shifted(offset);
    Map<String, Object> overrides = new HashMap<>();
    if (offset != 0) {
      overrides.put(
          "omnipost.egress.allowed-networks", "127.0.0.1/32:" + (WEBHOOK_RECEIVER_PORT + offset));
    }
    String file = System.getProperty("omnipost.overrides");
    if (file != null) {
      java.util.Properties properties = new java.util.Properties();
      try (var in = Files.newBufferedReader(Path.of(file))) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      properties.forEach((key, value) -> overrides.put((String) key, value));
    }
    return new LocalStackOptions(dataDir, ports, null, null, overrides);
  }

  /** Starts everything; on failure stops whatever had started and rethrows. */
  public static RunningStack start(LocalStackOptions options) {
    Path dataDir = options.dataDir();
    StackPorts ports = options.ports();
    String kafkaBootstrap = options.kafkaBootstrap();
    EmbeddedPostgresServer postgres = options.postgres();
    createDirectories(dataDir);
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      LocalStackSecrets secrets = LocalStackSecrets.loadOrCreate(dataDir);
      progress("Starting PostgreSQL and Kafka under " + dataDir);
      CompletableFuture<EmbeddedPostgresServer> database =
          postgres != null
              ? CompletableFuture.completedFuture(postgres)
              : CompletableFuture.supplyAsync(
                  () ->
                      EmbeddedPostgresServer.start(dataDir.resolve("postgres"), ports.postgres()));
      CompletableFuture<EmbeddedKafkaBroker> broker =
          kafkaBootstrap != null
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.supplyAsync(
                  () -> EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), ports.kafka()));
      EmbeddedPostgresServer db = database.join();
      if (postgres == null) {
        resources.add(db);
      }
      EmbeddedKafkaBroker kafka = broker.join();
      if (kafka != null) {
        resources.add(kafka);
      }
      String bootstrap = kafka != null ? kafka.bootstrapServers() : kafkaBootstrap;

      String sandboxUrl = "http://localhost:" + ports.sandbox();
      String gatewayUrl = "http://localhost:" + ports.gateway().server();
      Map<String, Object> common =
          commonSettings(
              dataDir,
              ports,
              db.jdbcUrl(),
              db.username(),
              db.password(),
              bootstrap,
              secrets,
              options.overrides());

      // the sandbox keeps its state (accounts, tokens, posts, comments, ids) under the data
      // directory; a data directory from before that has none, and gets the demo accounts again
      Path sandboxState = dataDir.resolve("sandbox");
      boolean sandboxHadState = Files.isDirectory(sandboxState);
      progress(
          "Starting the platform sandbox on " + sandboxUrl + " (state in " + sandboxState + ")");
      resources.add(run(PlatformSandboxApplication.builder(), sandboxSettings(dataDir, ports)));
      if (!sandboxHadState) {
        DemoWorkspace.restoreSandboxAccounts(dataDir, sandboxUrl);
      }

      progress("Starting the gateway on " + gatewayUrl + " (applies database migrations)");
      Map<String, Object> gateway =
          gatewaySettings(common, ports, db.r2dbcUrl(), db.username(), db.password(), secrets);
      resources.add(run(GatewayApplication.builder(), gateway));

      progress("Starting publisher-worker, inbox-ingestor, ai-worker and webhook-dispatcher");
      List<CompletableFuture<ConfigurableApplicationContext>> workers =
          List.of(
              startAsync(
                  () ->
                      run(
                          PublisherWorkerApplication.builder(),
                          service(common, ports.publisher()))),
              startAsync(
                  () -> run(InboxIngestorApplication.builder(), service(common, ports.inbox()))),
              startAsync(() -> run(AiWorkerApplication.builder(), service(common, ports.ai()))),
              startAsync(
                  () ->
                      run(
                          WebhookDispatcherApplication.builder(),
                          service(common, ports.dispatcher()))));
      for (CompletableFuture<ConfigurableApplicationContext> worker : workers) {
        resources.add(worker.join());
      }

      progress("Preparing the demo workspace");
      DemoWorkspace demo =
          DemoWorkspace.loadOrCreate(
              dataDir, gatewayUrl, sandboxUrl, secrets.operatorToken(), !sandboxHadState);
      return new RunningStack(
          ports, gatewayUrl, sandboxUrl, secrets.operatorToken(), demo, resources, common);
    } catch (RuntimeException e) {
      new RunningStack(ports, null, null, null, null, resources, Map.of()).close();
      throw e;
    }
  }

  /** The settings every service of a stack gets (tests add {@code overrides}). */
  static Map<String, Object> commonSettings(
      Path dataDir,
      StackPorts ports,
      String jdbcUrl,
      String username,
      String password,
      String bootstrap,
      LocalStackSecrets secrets,
      Map<String, Object> overrides) {
    String sandboxUrl = "http://localhost:" + ports.sandbox();
    String gatewayUrl = "http://localhost:" + ports.gateway().server();
    Map<String, Object> common = new HashMap<>();
    common.put("spring.datasource.url", jdbcUrl);
    common.put("spring.datasource.username", username);
    common.put("spring.datasource.password", password);
    common.put("spring.flyway.url", jdbcUrl);
    common.put("spring.flyway.user", username);
    common.put("spring.flyway.password", password);
    common.put("spring.kafka.bootstrap-servers", bootstrap);
    common.put("omnipost.secrets.encryption-key", secrets.encryptionKey());
    common.put("omnipost.platforms.base-urls.instagram", sandboxUrl + "/instagram/v21.0");
    common.put("omnipost.platforms.base-urls.twitter", sandboxUrl + "/x");
    common.put("omnipost.platforms.base-urls.linkedin", sandboxUrl + "/linkedin");
    common.put("omnipost.platforms.base-urls.pinterest", sandboxUrl + "/pinterest/v5");
    common.put("omnipost.platforms.base-urls.bluesky", sandboxUrl + "/bluesky");
    common.put("omnipost.platforms.base-urls.threads", sandboxUrl + "/threads/v1.0");
    common.put("omnipost.platforms.base-urls.facebook", sandboxUrl + "/facebook/v21.0");
    common.put("omnipost.platforms.base-urls.tiktok", sandboxUrl + "/tiktok");
    common.put("omnipost.platforms.base-urls.youtube", sandboxUrl + "/youtube");
    common.put("omnipost.platforms.base-urls[google_business]", sandboxUrl + "/google-business");
    common.put("omnipost.media.public-base-url", gatewayUrl);
    common.put("omnipost.media.storage-dir", dataDir.resolve("media").toString());
    // the publisher-worker writes export files, the gateway serves them: one directory for both
    common.put("omnipost.exports.dir", dataDir.resolve("exports").toString());
    common.put(
        "omnipost.egress.allowed-networks",
        "127.0.0.1/32:" + (WEBHOOK_RECEIVER_PORT + portOffset()));
    // the sandbox's Mastodon instance the demo connects to (for instances only, not webhooks)
    // (and on ::1, where localhost also resolves to it: the guard wants every address allowed);
    // every service binds it, since every call to an instance goes through the SSRF guard
    common.put(
        "omnipost.oauth.instance-networks",
        "127.0.0.1/32:" + ports.sandbox() + ",::1/128:" + ports.sandbox());
    // the platforms' sign-ins, also in the sandbox (one prefix stands for all of a platform's
    // hosts)
    for (String platform :
        java.util.List.of(
            "instagram",
            "facebook",
            "twitter",
            "linkedin",
            "pinterest",
            "tiktok",
            "youtube",
            "google_business",
            "threads",
            "bluesky")) {
      String prefix = platform.equals("twitter") ? "/x" : "/" + platform;
      common.put("omnipost.oauth.hosts." + platform, sandboxUrl + prefix);
    }
    // one Logback for the whole JVM: it would label every line with the first service's name;
    // the MDC's service (ServiceLogContext) names the right one, then the trace and span ids
    common.put("logging.include-application-name", "false");
    common.put("logging.pattern.correlation", CORRELATION_PATTERN);
    // the broker and clients log every rebalance and partition assignment at INFO
    common.put("logging.level.org.apache.kafka", "WARN");
    common.put("logging.level.kafka", "WARN");
    common.put("logging.level.org.springframework.kafka", "WARN");
    common.putAll(overrides);
    return common;
  }

  /** The sandbox's settings: its port and its state directory under the data directory. */
  static Map<String, Object> sandboxSettings(Path dataDir, StackPorts ports) {
    return Map.of(
        "server.port",
        ports.sandbox(),
        "omnipost.sandbox.state-dir",
        dataDir.resolve("sandbox").toString(),
        "logging.level.org.apache.kafka",
        "WARN",
        "logging.include-application-name",
        "false",
        // the first context configures the JVM's one Logback: the stack's pattern
        "logging.pattern.correlation",
        CORRELATION_PATTERN);
  }

  /** The gateway's settings: the common ones, its ports, R2DBC and the operator token. */
  static Map<String, Object> gatewaySettings(
      Map<String, Object> common,
      StackPorts ports,
      String r2dbcUrl,
      String username,
      String password,
      LocalStackSecrets secrets) {
    Map<String, Object> gateway = service(common, ports.gateway());
    gateway.put("spring.r2dbc.url", r2dbcUrl);
    gateway.put("spring.r2dbc.username", username);
    gateway.put("spring.r2dbc.password", password);
    gateway.put("omnipost.gateway.operator-token", secrets.operatorToken());
    // responses report their admission time (auth + rate limit), which the bench reads
    gateway.put("omnipost.gateway.server-timing", "true");
    return gateway;
  }

  static Map<String, Object> service(Map<String, Object> common, StackPorts.ServicePorts ports) {
    Map<String, Object> properties = new HashMap<>(common);
    properties.put("server.port", ports.server());
    properties.put("management.server.port", ports.management());
    return properties;
  }

  /**
   * Runs one service. Settings go in as command-line arguments: they must win over the service's
   * own settings file (builder default properties would lose to it).
   */
  static ConfigurableApplicationContext run(
      SpringApplicationBuilder builder, Map<String, Object> properties) {
    String[] args =
        properties.entrySet().stream()
            .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
            .toArray(String[]::new);
    // the start's own lines (on this thread) name the service being started
    builder.initializers(
        context -> {
          String service = context.getEnvironment().getProperty("spring.application.name");
          if (service != null) {
            MDC.put(ServiceLogContext.KEY, service);
          }
        });
    try {
      return builder.run(args);
    } finally {
      MDC.remove(ServiceLogContext.KEY);
    }
  }

  private static CompletableFuture<ConfigurableApplicationContext> startAsync(
      Supplier<ConfigurableApplicationContext> start) {
    return CompletableFuture.supplyAsync(start);
  }

  private static void progress(String message) {
    System.out.println("[local-stack] " + message);
  }

  private static void createDirectories(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
  }
}
