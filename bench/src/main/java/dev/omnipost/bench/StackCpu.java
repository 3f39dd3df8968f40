package dev.omnipost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time the local stack's process spends in a measured window, read from {@code
 * /proc/<pid>/stat} (user + system clock ticks of all its threads). Divided by the posts accepted
 * in that window it gives CPU milliseconds per post: unlike throughput, that figure hardly moves
 * when other processes share the cores, so it compares builds on a busy machine. PostgreSQL runs in
 * its own processes and is not included.
 */
final class StackCpu {

  /** Linux's USER_HZ on every architecture we run on. */
  private static final long TICKS_PER_SECOND = 100;

  private final long pid;

  StackCpu(long pid) {
    this.pid = pid;
  }

  /** The stack named by {@code --stack-pid}, or null when the option is not given. */
  static StackCpu of(java.util.Map<String, String> options) {
    String pid = options.get("stack-pid");
    return pid == null ? null : new StackCpu(Long.parseLong(pid));
  }

  /** The stack's process id. */
  long pid() {
    return pid;
  }

  /** The stack's CPU milliseconds so far. */
  long millis() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 1000 / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
    }
  }

  /**
   * Measures the CPU milliseconds spent between {@code from} and {@code from + length} from now
   * while {@code run} executes; empty if the window had not ended when {@code run} returned.
   */
  static <T> Measured<T> during(
      StackCpu cpu, Duration from, Duration length, java.util.function.Supplier<T> run) {
    if (cpu == null) {
      return new Measured<>(run.get(), OptionalDouble.empty());
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    AtomicLong start = new AtomicLong(-1);
    AtomicLong end = new AtomicLong(-1);
    timer.schedule(() -> start.set(cpu.millis()), from.toMillis(), TimeUnit.MILLISECONDS);
    timer.schedule(
        () -> end.set(cpu.millis()), from.plus(length).toMillis(), TimeUnit.MILLISECONDS);
    try {
      T result = run.get();
      timer.shutdown();
      timer.awaitTermination(length.toMillis() + from.toMillis(), TimeUnit.MILLISECONDS);
      return new Measured<>(
          result,
          start.get() < 0 || end.get() < 0
              ? OptionalDouble.empty()
              : OptionalDouble.of(end.get() - start.get()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Measured<>(null, OptionalDouble.empty());
    } finally {
      timer.shutdownNow();
    }
  }

  /** A result and the stack's CPU milliseconds spent while it was measured. */
  record Measured<T>(T result, OptionalDouble cpuMillis) {

    /** CPU milliseconds per unit of work, e.g. per accepted post. */
    OptionalDouble per(long units) {
      return units <= 0 || cpuMillis.isEmpty()
          ? OptionalDouble.empty()
          : OptionalDouble.of(cpuMillis.getAsDouble() / units);
    }
  }
}
