package dev.omnipost.sandbox.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps the simulators' state in {@code omnipost.sandbox.state-dir} (none: in memory only, as
 * before), so a restarted sandbox still knows its accounts, tokens, posts, media, comments and id
 * counters (ADR 23). At start every store is given its file's state, before the server takes a
 * request. After a request, the stores it may have changed are written again: one writer thread
 * writes the stores marked since its last round (group commit), and a request that changes state
 * ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) is answered only once a round that
 * began after it has reached the disk.
 *
 * <p>With {@code omnipost.sandbox.state-write-behind} set (a duration above zero) no request waits:
 * a round starts that long after the first change since the last one, so the stores are serialized
 * at most once per interval. A benchmark uses it: every round serializes each changed store whole,
 * under its lock, so with tens of thousands of stored posts synchronous rounds cost the simulated
 * platform more time per call than Omnipost spends on it. A crash may then lose the last interval.
 */
@Component
public class SandboxState implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SandboxState.class);

  private final Path directory;
  private final List<PersistentState> stores;
  private final Map<PersistentState, byte[]> written = new HashMap<>();
  private final ScheduledExecutorService writer;
  private final Duration writeBehind;
  private Set<PersistentState> dirty = new LinkedHashSet<>();
  private CompletableFuture<Void> nextRound;

  SandboxState(
      @Value("${omnipost.sandbox.state-dir:}") String stateDir,
      @Value("${omnipost.sandbox.state-write-behind:0ms}") Duration writeBehind,
      List<PersistentState> stores) {
    this.stores = stores;
    this.writeBehind =
        writeBehind == null || writeBehind.isNegative() ? Duration.ZERO : writeBehind;
    Set<String> names = new HashSet<>();
    for (PersistentState store : stores) {
      if (!names.add(store.stateName())) {
        throw new IllegalStateException("two sandbox stores are named " + store.stateName());
      }
    }
    if (stateDir == null || stateDir.isBlank()) {
      this.directory = null;
      this.writer = null;
      return;
    }
    this.directory = Path.of(stateDir).toAbsolutePath();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
    for (PersistentState store : stores) {
      StateFiles.restore(store, file(store));
      written.put(store, StateFiles.snapshot(store));
    }
    log.info(
        "Platform sandbox state kept in {} ({} stores{})",
        directory,
        stores.size(),
        this.writeBehind.isZero() ? "" : ", written behind every " + this.writeBehind);
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sandbox-state-writer");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Whether state is kept on disk at all. */
  public boolean persistent() {
    return directory != null;
  }

  /**
   * Marks the stores a request to {@code path} may have changed; the future completes once they are
   * on disk (at once when nothing is kept on disk).
   */
  public CompletableFuture<Void> changed(String path) {
    if (directory == null) {
      return CompletableFuture.completedFuture(null);
    }
    String segment = firstSegment(path);
    synchronized (this) {
      for (PersistentState store : stores) {
        String own = store.pathSegment();
        if (own == null || segment == null || segment.equals("_sandbox") || own.equals(segment)) {
          dirty.add(store);
        }
      }
      if (nextRound == null) {
        nextRound = new CompletableFuture<>();
        writer.schedule(this::writeRound, writeBehind.toMillis(), TimeUnit.MILLISECONDS);
      }
      return writeBehind.isZero() ? nextRound : CompletableFuture.completedFuture(null);
    }
  }

  /** Writes every store now, changed or not (at shutdown). */
  public void flush() {
    if (directory == null) {
      return;
    }
    synchronized (this) {
      dirty.addAll(stores);
    }
    synchronized (written) {
      written.clear();
    }
    writeRound();
  }

  private void writeRound() {
    CompletableFuture<Void> round;
    Set<PersistentState> toWrite;
    synchronized (this) {
      round = nextRound;
      nextRound = null;
      toWrite = dirty;
      dirty = new LinkedHashSet<>();
    }
    try {
      synchronized (written) {
        for (PersistentState store : toWrite) {
          byte[] snapshot = StateFiles.snapshot(store);
          if (snapshot != null && !StateFiles.same(snapshot, written.get(store))) {
            StateFiles.write(file(store), snapshot);
            written.put(store, snapshot);
          }
        }
      }
      if (round != null) {
        round.complete(null);
      }
    } catch (IOException | RuntimeException e) {
      log.error("The sandbox could not write its state to {}", directory, e);
      if (round != null) {
        round.completeExceptionally(e);
      }
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    if (writer == null) {
      return;
    }
    writer.shutdown();
    writer.awaitTermination(10, TimeUnit.SECONDS);
    flush();
  }

  private Path file(PersistentState store) {
    return directory.resolve(store.stateName() + ".state");
  }

  private static String firstSegment(String path) {
    if (path == null || path.length() < 2) {
      return null;
    }
    int end = path.indexOf('/', 1);
    return end < 0 ? path.substring(1) : path.substring(1, end);
  }
}
