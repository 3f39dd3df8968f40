package dev.omnipost.embedded;

import java.util.function.BooleanSupplier;

/**
 * Whether the shared test infrastructure runs PostgreSQL and Kafka as Docker containers (the images
 * the deployment's {@code docker-compose.yml} uses) instead of in-process. Asked for with the Maven
 * profile {@code containers} ({@code ./mvnw -B verify -Pcontainers}), which sets the system
 * property {@value #PROPERTY}, or with the environment variable {@code
 * OMNIPOST_TEST_CONTAINERS=true}; honoured only where a Docker engine answers. Without one the
 * request is skipped with a log line and the embedded broker and database serve as without it.
 */
public final class ContainerSwitch {

  public static final String PROPERTY = "omnipost.test.containers";
  public static final String ENVIRONMENT = "OMNIPOST_TEST_CONTAINERS";

  /** Where the shared broker and database run. */
  public enum Choice {
    EMBEDDED,
    CONTAINERS
  }

  /** The choice and why it was made, for the log line. */
  public record Decision(Choice choice, String reason) {}

  private ContainerSwitch() {}

  /** The decision for this JVM: its system property or environment, and whether Docker answers. */
  public static Decision current() {
    String requested = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
    return decide(Boolean.parseBoolean(requested), ContainerSwitch::dockerAvailable);
  }

  /** Containers only when asked for and a Docker engine answers; Docker is not asked otherwise. */
  static Decision decide(boolean requested, BooleanSupplier dockerAvailable) {
    if (!requested) {
      return new Decision(Choice.EMBEDDED, "containers not requested (-Pcontainers)");
    }
    if (!dockerAvailable.getAsBoolean()) {
      return new Decision(
          Choice.EMBEDDED,
          "containers requested but no Docker engine answers (or Testcontainers is not on the"
              + " class path): skipped, the embedded broker and database serve instead");
    }
    return new Decision(Choice.CONTAINERS, "containers requested and a Docker engine answers");
  }

  /** True when Testcontainers is on the class path and finds a Docker engine. */
  public static boolean dockerAvailable() {
    try {
      Class.forName(
          "org.testcontainers.DockerClientFactory", false, ContainerSwitch.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
    return ContainerInfrastructure.dockerAvailable();
  }
}
