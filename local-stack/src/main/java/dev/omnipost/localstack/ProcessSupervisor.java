package dev.omnipost.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * The multi-process local stack ({@code ./run-local.sh --processes}, ADR 23): PostgreSQL, the Kafka
 * broker, the platform sandbox and each of the five services as separate OS processes on the same
 * data directory. It prints every process's pid and role, restarts one that dies (with backoff,
 * saying so), keeps {@code processes.json} in the data directory up to date for tests and chaos
 * tools, and stops them all, in reverse order, when closed (Ctrl-C, SIGTERM).
 */
public final class ProcessSupervisor implements AutoCloseable {

  /** How long a process must have run for its next death to restart it at once again. */
  private static final Duration STABLE_AFTER = Duration.ofSeconds(60);

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /**
   * How long a group may take to start. Four JVMs starting at once on a shared 2-core machine took
   * over 5 minutes (the old bound, which then stopped the whole stack); {@code
   * -Domnipost.start-timeout-minutes} changes it.
   */
  private static final Duration START_TIMEOUT =
      Duration.ofMinutes(Long.getLong("omnipost.start-timeout-minutes", 15));

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path dataDir;
  private final Path settingsFile;
  private final Path processesFile;
  private final Map<ProcessRole, Supervised> processes = new EnumMap<>(ProcessRole.class);
  private final ScheduledExecutorService restartTimer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "supervisor-restarts");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean stopping;
  private volatile StackPorts ports;
  private RunningStack view;

  private ProcessSupervisor(Path dataDir) {
    this.dataDir = dataDir;
    this.settingsFile = dataDir.resolve("processes-settings.json");
    this.processesFile = dataDir.resolve("processes.json");
  }

  /** Starts every process in order, each once the ones it needs are ready. */
  public static ProcessSupervisor start(LocalStackOptions options) {
    Path dataDir = options.dataDir();
    StackPorts ports = options.ports();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessSupervisor supervisor = new ProcessSupervisor(dataDir);
    try {
      supervisor.startAll(options, ports);
      return supervisor;
    } catch (RuntimeException e) {
      supervisor.close();
      throw e;
    }
  }

  private void startAll(LocalStackOptions options, StackPorts ports) {
    this.ports = ports;
    LocalStackSecrets secrets = LocalStackSecrets.loadOrCreate(dataDir);
    boolean ownDatabase = options.postgres() == null;
    boolean ownBroker = options.kafkaBootstrap() == null;
    String jdbcUrl =
        ownDatabase
            ? "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/omnipost"
            : options.postgres().jdbcUrl();
    String r2dbcUrl =
        ownDatabase
            ? "r2dbc:postgresql://127.0.0.1:" + ports.postgres() + "/omnipost"
            : options.postgres().r2dbcUrl();
    String bootstrap = ownBroker ? "127.0.0.1:" + ports.kafka() : options.kafkaBootstrap();
    Map<String, Object> common =
        LocalStack.commonSettings(
            dataDir,
            ports,
            jdbcUrl,
            "postgres",
            "postgres",
            bootstrap,
            secrets,
            options.overrides());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(
        ProcessRole.POSTGRES.id(),
        Map.of("data-dir", dataDir.resolve("postgres").toString(), "port", ports.postgres()));
    settings.put(
        ProcessRole.KAFKA.id(),
        Map.of("data-dir", dataDir.resolve("kafka").toString(), "port", ports.kafka()));
    settings.put(ProcessRole.SANDBOX.id(), LocalStack.sandboxSettings(dataDir, ports));
    settings.put(
        ProcessRole.GATEWAY.id(),
        LocalStack.gatewaySettings(common, ports, r2dbcUrl, "postgres", "postgres", secrets));
    settings.put(ProcessRole.PUBLISHER.id(), LocalStack.service(common, ports.publisher()));
    settings.put(ProcessRole.INBOX.id(), LocalStack.service(common, ports.inbox()));
    settings.put(ProcessRole.AI.id(), LocalStack.service(common, ports.ai()));
    settings.put(ProcessRole.DISPATCHER.id(), LocalStack.service(common, ports.dispatcher()));
    // it holds the encryption key and the operator token
    PrivateFiles.write(settingsFile, JSON.writeValueAsString(settings));

    say("Supervisor pid " + ProcessHandle.current().pid() + ", data in " + dataDir);
    List<ProcessRole> infrastructure = new ArrayList<>();
    if (ownDatabase) {
      infrastructure.add(ProcessRole.POSTGRES);
    }
    if (ownBroker) {
      infrastructure.add(ProcessRole.KAFKA);
    }
    startTogether(infrastructure);
    boolean sandboxHadState = Files.isDirectory(dataDir.resolve("sandbox"));
    startTogether(List.of(ProcessRole.SANDBOX));
    String sandboxUrl = "http://localhost:" + ports.sandbox();
    String gatewayUrl = "http://localhost:" + ports.gateway().server();
    if (!sandboxHadState) {
      DemoWorkspace.restoreSandboxAccounts(dataDir, sandboxUrl);
    }
    startTogether(List.of(ProcessRole.GATEWAY));
    startTogether(
        List.of(ProcessRole.PUBLISHER, ProcessRole.INBOX, ProcessRole.AI, ProcessRole.DISPATCHER));
    DemoWorkspace demo =
        DemoWorkspace.loadOrCreate(
            dataDir, gatewayUrl, sandboxUrl, secrets.operatorToken(), !sandboxHadState);
    view =
        new RunningStack(
            ports, gatewayUrl, sandboxUrl, secrets.operatorToken(), demo, List.of(), Map.of());
  }

  private void startTogether(List<ProcessRole> roles) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (ProcessRole role : roles) {
      Supervised process = new Supervised(role);
      synchronized (processes) {
        processes.put(role, process);
      }
      ready.add(process.launch());
    }
    for (CompletableFuture<Void> each : ready) {
      try {
        each.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("a process of " + roles + " did not start", e);
      }
    }
  }

  /** The banner of a started stack (URLs, the demo key), as in one-JVM mode. */
  String banner(double startSeconds) {
    return view.banner(startSeconds);
  }

  public String gatewayUrl() {
    return view.gatewayUrl();
  }

  public String sandboxUrl() {
    return view.sandboxUrl();
  }

  public DemoWorkspace demo() {
    return view.demo();
  }

  /** The file listing every process's role and pid, rewritten whenever one changes. */
  public Path processesFile() {
    return processesFile;
  }

  /** The pid of the process now running {@code role}. */
  public long pid(ProcessRole role) {
    synchronized (processes) {
      Supervised process = processes.get(role);
      if (process == null || process.process == null) {
        throw new IllegalStateException(role.id() + " is not running");
      }
      return process.process.pid();
    }
  }

  /** How many times {@code role}'s process has been restarted. */
  public int restarts(ProcessRole role) {
    synchronized (processes) {
      Supervised process = processes.get(role);
      return process == null ? 0 : process.restarts;
    }
  }

  /** Whether {@code role}'s current process has said it is ready. */
  public boolean ready(ProcessRole role) {
    synchronized (processes) {
      Supervised process = processes.get(role);
      return process != null && process.ready;
    }
  }

  @Override
  public void close() {
    if (stopping) {
      return;
    }
    stopping = true;
    restartTimer.shutdownNow();
    List<Supervised> reversed;
    synchronized (processes) {
      reversed = new ArrayList<>(processes.values());
    }
    java.util.Collections.reverse(reversed);
    // the workers together, then the gateway, the sandbox, Kafka, PostgreSQL
    List<Supervised> workers =
        reversed.stream()
            .filter(
                p ->
                    List.of(
                            ProcessRole.PUBLISHER,
                            ProcessRole.INBOX,
                            ProcessRole.AI,
                            ProcessRole.DISPATCHER)
                        .contains(p.role))
            .toList();
    workers.forEach(Supervised::stop);
    workers.forEach(Supervised::awaitStop);
    for (Supervised process : reversed) {
      if (!workers.contains(process)) {
        process.stop();
        process.awaitStop();
      }
    }
    writeProcessesFile();
    say("All processes stopped");
  }

  private void writeProcessesFile() {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("supervisor_pid", ProcessHandle.current().pid());
    file.put("data_dir", dataDir.toString());
    if (ports != null) {
      // chaos tools reach this stack by these, not by the defaults another stack may hold
      file.put("ports", ports);
    }
    List<Map<String, Object>> list = new ArrayList<>();
    synchronized (processes) {
      for (Supervised process : processes.values()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("role", process.role.id());
        entry.put("pid", process.process == null ? null : process.process.pid());
        entry.put("status", process.status());
        entry.put("restarts", process.restarts);
        entry.put("started_at", process.startedAt == null ? null : process.startedAt.toString());
        list.add(entry);
      }
    }
    file.put("processes", list);
    try {
      Path temporary = processesFile.resolveSibling("processes.json.tmp");
      Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file));
      Files.move(
          temporary,
          processesFile,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      say("cannot write " + processesFile + ": " + e);
    }
  }

  private List<String> command(ProcessRole role) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + role.heap());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Domnipost.data-dir=" + dataDir);
    String classPath = System.getProperty("java.class.path");
    if (isOurExecutableJar(classPath)) {
      // started as java -jar local-stack-exec.jar: the same jar, another role
      command.add("-jar");
      command.add(classPath);
    } else {
      command.add("-cp");
      command.add(classPath);
      command.add(LocalStack.class.getName());
    }
    command.add("--role=" + role.id());
    command.add(settingsFile.toString());
    return command;
  }

  /**
   * Whether the class path is the local stack's executable jar ({@code java -jar
   * local-stack-exec.jar}), whose nested jars only its launcher can read; any other class path (a
   * test's, even a manifest-only jar) runs {@link LocalStack} with {@code -cp}.
   */
  private static boolean isOurExecutableJar(String classPath) {
    if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
      return false;
    }
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classPath)) {
      java.util.jar.Manifest manifest = jar.getManifest();
      return manifest != null
          && LocalStack.class
              .getName()
              .equals(manifest.getMainAttributes().getValue("Start-Class"));
    } catch (IOException e) {
      return false;
    }
  }

  private static void say(String message) {
    System.out.println("[supervisor] " + message);
    System.out.flush();
  }

  /** One role's process, across its restarts. */
  private final class Supervised {

    final ProcessRole role;
    volatile Process process;
    volatile boolean ready;
    volatile Instant startedAt;
    int restarts;
    int failuresInARow;

    Supervised(ProcessRole role) {
      this.role = role;
    }

    String status() {
      if (process == null) {
        return "starting";
      }
      if (!process.isAlive()) {
        return stopping ? "stopped" : "restarting";
      }
      return ready ? "ready" : "starting";
    }

    CompletableFuture<Void> launch() {
      CompletableFuture<Void> readiness = new CompletableFuture<>();
      Process started;
      try {
        started =
            new ProcessBuilder(command(role))
                .redirectErrorStream(true)
                .directory(Path.of("").toAbsolutePath().toFile())
                .start();
      } catch (IOException e) {
        readiness.completeExceptionally(e);
        return readiness;
      }
      synchronized (processes) {
        process = started;
        ready = false;
        startedAt = Instant.now();
      }
      say(role.id() + " started, pid " + started.pid());
      writeProcessesFile();
      Thread output =
          new Thread(() -> forward(started, readiness), role.id() + "-output-" + started.pid());
      output.setDaemon(true);
      output.start();
      started.onExit().thenAccept(this::exited);
      started
          .onExit()
          .thenRun(
              () ->
                  readiness.completeExceptionally(
                      new IllegalStateException(
                          role.id() + " (pid " + started.pid() + ") exited before it was ready")));
      return readiness;
    }

    private void forward(Process started, CompletableFuture<Void> readiness) {
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith(ChildProcess.READY)) {
            synchronized (processes) {
              if (process == started) {
                ready = true;
              }
            }
            say(role.id() + " ready, pid " + started.pid());
            writeProcessesFile();
            readiness.complete(null);
          } else {
            System.out.println("[" + role.id() + "] " + line);
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }

    private void exited(Process gone) {
      if (stopping || process != gone) {
        return;
      }
      boolean wasStable =
          startedAt != null
              && Duration.between(startedAt, Instant.now()).compareTo(STABLE_AFTER) > 0;
      failuresInARow = wasStable ? 0 : failuresInARow + 1;
      Duration backoff =
          failuresInARow == 0
              ? Duration.ZERO
              : Duration.ofMillis(
                  Math.min(
                      MAX_BACKOFF.toMillis(), 500L * (1L << Math.min(10, failuresInARow - 1))));
      say(
          role.id()
              + " (pid "
              + gone.pid()
              + ") exited with code "
              + gone.exitValue()
              + "; restarting it in "
              + backoff.toMillis()
              + " ms");
      writeProcessesFile();
      try {
        restartTimer.schedule(
            () -> {
              if (!stopping) {
                synchronized (processes) {
                  restarts++;
                }
                launch();
              }
            },
            backoff.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // stopping
      }
    }

    void stop() {
      Process current = process;
      if (current != null && current.isAlive()) {
        say("stopping " + role.id() + " (pid " + current.pid() + ")");
        current.destroy();
      }
    }

    void awaitStop() {
      Process current = process;
      if (current == null) {
        return;
      }
      try {
        if (!current.waitFor(30, TimeUnit.SECONDS)) {
          say(role.id() + " (pid " + current.pid() + ") did not stop in 30 s; killing it");
          current.destroyForcibly();
          current.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
