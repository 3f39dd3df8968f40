package dev.omnipost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The stack's CPU time by thread name ({@code /proc/<pid>/task/<tid>/stat}, user + system), with
 * digits dropped so a pool's threads add up ({@code webhook-delivery-3-C-1} → {@code
 * webhook-delivery--C-}). Linux keeps the first 15 characters of a thread's name. Threads that
 * ended during the window are not counted.
 */
final class ThreadCpu {

  private static final long TICKS_PER_SECOND = 100;

  /** One thread-name group's CPU milliseconds in a window. */
  record Group(String name, long millis) {}

  private ThreadCpu() {}

  /** CPU milliseconds so far per thread id and name; empty without a stack pid. */
  static Map<String, Long> snapshot(StackCpu cpu) {
    Map<String, Long> byThread = new HashMap<>();
    if (cpu == null) {
      return byThread;
    }
    Path tasks = Path.of("/proc", Long.toString(cpu.pid()), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      threads.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
              byThread.put(task.getFileName() + "/" + name, ticks * 1000 / TICKS_PER_SECOND);
            } catch (IOException | RuntimeException gone) {
              // the thread ended between the listing and the read
            }
          });
    } catch (IOException e) {
      return byThread;
    }
    return byThread;
  }

  /**
   * CPU milliseconds so far of process {@code pid} and its children (PostgreSQL's postmaster and
   * its backends); -1 without a pid. A backend that exits takes its time with it, so use it over
   * windows where the connection pools stay open.
   */
  static long processTreeMillis(Long pid) {
    if (pid == null) {
      return -1;
    }
    long ticks = 0;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : (Iterable<Path>) processes::iterator) {
        String name = process.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(process.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (name.equals(pid.toString()) || fields[1].equals(pid.toString())) {
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (IOException | RuntimeException gone) {
          // the process ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * 1000 / TICKS_PER_SECOND;
  }

  /** The busiest groups between two snapshots, most CPU first. */
  static List<Group> difference(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> groups = new HashMap<>();
    after.forEach(
        (thread, millis) -> {
          long spent = millis - before.getOrDefault(thread, 0L);
          String name = thread.substring(thread.indexOf('/') + 1).replaceAll("[0-9]+", "");
          groups.merge(name, spent, Long::sum);
        });
    List<Group> sorted = new ArrayList<>();
    groups.forEach((name, millis) -> sorted.add(new Group(name, millis)));
    sorted.sort(Comparator.comparingLong(Group::millis).reversed());
    return sorted;
  }
}
