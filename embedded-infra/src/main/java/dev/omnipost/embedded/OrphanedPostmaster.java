package dev.omnipost.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server left running on a data directory by a JVM that died without stopping it
 * ({@code kill -9} of the local stack): its {@code postmaster.pid} names a live {@code postgres}
 * process serving this directory. PostgreSQL would refuse to start a second server there, and the
 * old one would go on answering on its port, so it is stopped first (fast shutdown: committed data
 * is kept), saying so.
 */
final class OrphanedPostmaster {

  private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private OrphanedPostmaster() {}

  /** Stops the live server of {@code dataDir} left by an earlier process, if there is one. */
  static void stopIfPresent(Path dataDir) {
    Path lockFile = dataDir.resolve("postmaster.pid");
    Optional<ProcessHandle> orphan = find(dataDir);
    if (orphan.isEmpty()) {
      return;
    }
    ProcessHandle process = orphan.get();
    log.warn(
        "An orphaned PostgreSQL (pid {}) still serves {}: left by an earlier run that was killed."
            + " Stopping it (fast shutdown) before starting our own.",
        process.pid(),
        dataDir);
    signal(process.pid(), "INT");
    try {
      process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "The orphaned PostgreSQL (pid "
              + process.pid()
              + ") on "
              + dataDir
              + " did not stop within "
              + STOP_TIMEOUT.toSeconds()
              + " s; stop it (kill "
              + process.pid()
              + ") and start again",
          e);
    }
    log.warn("The orphaned PostgreSQL (pid {}) stopped", process.pid());
    if (Files.exists(lockFile)) {
      log.warn("{} is still there after the orphan stopped; PostgreSQL will check it", lockFile);
    }
  }

  /** The live {@code postgres} process that {@code dataDir}'s {@code postmaster.pid} names. */
  static Optional<ProcessHandle> find(Path dataDir) {
    Path lockFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(lockFile)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(lockFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + lockFile, e);
    }
    if (lines.size() < 2) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (pid == ProcessHandle.current().pid()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(process -> isPostgres(process))
        .filter(process -> sameDirectory(Path.of(lines.get(1).trim()), dataDir));
  }

  private static boolean isPostgres(ProcessHandle process) {
    Optional<String> command = process.info().command();
    if (command.isPresent()) {
      return Path.of(command.get()).getFileName().toString().equals("postgres");
    }
    // no command visible (another user's process): trust the lock file's pid only if /proc agrees
    try {
      String comm = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "comm"));
      return comm.trim().equals("postgres");
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean sameDirectory(Path recorded, Path dataDir) {
    try {
      return Files.isSameFile(recorded, dataDir);
    } catch (IOException e) {
      return recorded.toAbsolutePath().normalize().equals(dataDir.toAbsolutePath().normalize());
    }
  }

  private static void signal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot signal " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
