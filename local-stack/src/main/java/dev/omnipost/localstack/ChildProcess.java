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

  private ChildProcess() {}

  static void run(ProcessRole role, Path settingsFile) throws InterruptedException {
    // a supervisor killed with kill -9 cannot stop its children: they stop themselves
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().exit(0)));
    Map<String, Object> settings = settings(settingsFile, role);
    AutoCloseable running =
        switch (role) {
          case POSTGRES ->
              EmbeddedPostgresServer.start(
                  Path.of((String) settings.get("data-dir")),
                  ((Number) settings.get("port")).intValue());
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
