package dev.omnipost.localstack;

import dev.omnipost.embedded.EmbeddedKafkaBroker;
import dev.omnipost.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * One process of the multi-process local stack: {@code LocalStack --role=<role> <settings file>}.
 * It starts its part, prints {@link #READY} for the supervisor, and stops when asked (SIGTERM) or
 * when the supervisor that started it is gone.
 */
final class ChildProcess {

  /** The line a child prints once it serves. */
  static final String READY = "[omnipost-process-ready]";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Set once this process is stopping, so its own PostgreSQL's end is not taken for a crash. */
  private static volatile boolean shuttingDown;

  private ChildProcess() {}

  static void run(ProcessRole role, Path settingsFile) throws InterruptedException {
    // a supervisor killed with kill -9 cannot stop its children: they stop themselves
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().exit(0)));
    Map<String, Object> settings = settings(settingsFile, role);
    AutoCloseable running =
        switch (role) {
          case POSTGRES -> {
            Path dataDir = Path.of((String) settings.get("data-dir"));
            EmbeddedPostgresServer server =
                EmbeddedPostgresServer.start(dataDir, ((Number) settings.get("port")).intValue());
            exitWhenThePostmasterDies(dataDir);
            yield server;
          }
          case KAFKA ->
              EmbeddedKafkaBroker.start(
                  Path.of((String) settings.get("data-dir")),
                  ((Number) settings.get("port")).intValue());
          default -> {
            ConfigurableApplicationContext context = LocalStack.run(role.application(), settings);
            yield context::close;
          }
        };
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shuttingDown = true;
                  try {
                    running.close();
                  } catch (Exception e) {
                    System.err.println("[" + role.id() + "] error while stopping: " + e);
                  }
                },
                role.id() + "-shutdown"));
    System.out.println(READY + " " + role.id() + " pid " + ProcessHandle.current().pid());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /**
   * The database is the postmaster, not this JVM: when it dies (a {@code kill -9}, an OOM kill)
   * this process exits too, so the supervisor restarts PostgreSQL as it restarts any process it
   * started; otherwise the stack answered 503 until restarted by hand.
   */
  static void exitWhenThePostmasterDies(Path dataDir) {
    long pid;
    try {
      pid =
          Long.parseLong(
              java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("[postgres] cannot read the postmaster's pid, not watching it: " + e);
      return;
    }
    ProcessHandle.of(pid)
        .ifPresent(
            postmaster ->
                postmaster
                    .onExit()
                    .thenRun(
                        () -> {
                          if (shuttingDown) {
                            return; // stopped with us, as asked
                          }
                          System.out.println(
                              "[postgres] the postmaster (pid "
                                  + pid
                                  + ") died; exiting so the"
                                  + " supervisor restarts PostgreSQL");
                          System.out.flush();
                          Runtime.getRuntime().halt(3);
                        }));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> settings(Path file, ProcessRole role) {
    Map<String, Object> all = JSON.readValue(PrivateFiles.read(file), Map.class);
    Object own = all.get(role.id());
    if (!(own instanceof Map)) {
      throw new IllegalStateException(file + " has no settings for " + role.id());
    }
    return new LinkedHashMap<>((Map<String, Object>) own);
  }
}
