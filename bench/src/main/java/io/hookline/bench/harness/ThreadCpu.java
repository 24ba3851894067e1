package io.hookline.bench.harness;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a process's CPU went over a window, by thread: each thread's user and system time from
 * {@code /proc/<pid>/task/<tid>/stat}, grouped by the kernel's name of the thread (the first 15
 * characters of the Java name) with its digits folded, the busiest first: {@code C2
 * CompilerThread0} and {@code C1 CompilerThread1} are one row, so are all producers' {@code
 * kafka-producer-} threads. What a profile would say about a process that should be doing little,
 * without the profiler's own cost. Threads that ended within the window are not counted (their time
 * is gone with them): HotSpot stops compiler threads it no longer needs, so the JIT's share can
 * read low.
 */
public final class ThreadCpu {
  private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux
  // HotSpot's "C1 CompilerThread0", "C2 CompilerThread1": 15 characters kept, digits folded.
  private static final Pattern COMPILER = Pattern.compile("CN CompilerThre.*");
  private final Map<String, Long> opened;
  private final Map<String, Long> pids;
  private final long openedNanos = System.nanoTime();

  private ThreadCpu(Map<String, Long> pids) {
    this.pids = pids;
    this.opened = ticks(pids);
  }

  /** Opens the window now over the processes {@code pids} (name → pid). */
  public static ThreadCpu open(Map<String, Long> pids) {
    return new ThreadCpu(new LinkedHashMap<>(pids));
  }

  /**
   * Where the window's CPU went, in cores (CPU seconds per second of the window): for each process,
   * its busiest thread groups, and its JIT compiler threads' share (a young JVM's cost, gone once
   * its hot paths are compiled, so a steady-state figure leaves it out).
   */
  public record Threads(Map<String, Map<String, Double>> busiest, Map<String, Double> compiler) {}

  /** Closes the window, keeping each process's {@code top} busiest thread groups. */
  public Threads close(int top) {
    double wall = (System.nanoTime() - openedNanos) / 1e9;
    Map<String, Map<String, Double>> byProcess = new LinkedHashMap<>();
    pids.keySet().forEach(process -> byProcess.put(process, new HashMap<>()));
    ticks(pids)
        .forEach(
            (thread, after) -> {
              long used = after - opened.getOrDefault(thread, 0L);
              String[] key = thread.split("/", 3); // process / tid / group
              byProcess.get(key[0]).merge(key[2], used / CLOCK_TICKS / wall, Double::sum);
            });
    Map<String, Map<String, Double>> busiest = new LinkedHashMap<>();
    Map<String, Double> compiler = new LinkedHashMap<>();
    byProcess.forEach(
        (process, groups) -> {
          Map<String, Double> rows = new LinkedHashMap<>();
          groups.entrySet().stream()
              .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
              .limit(top)
              .forEach(e -> rows.put(e.getKey(), round(e.getValue())));
          busiest.put(process, rows);
          compiler.put(
              process,
              round(
                  groups.entrySet().stream()
                      .filter(e -> COMPILER.matcher(e.getKey()).matches())
                      .mapToDouble(Map.Entry::getValue)
                      .sum()));
        });
    return new Threads(busiest, compiler);
  }

  private static double round(double cores) {
    return Math.round(cores * 1000) / 1000.0;
  }

  private static Map<String, Long> ticks(Map<String, Long> pids) {
    Map<String, Long> out = new HashMap<>();
    pids.forEach(
        (process, pid) -> {
          try (DirectoryStream<Path> tasks =
              Files.newDirectoryStream(Path.of("/proc/" + pid, "task"))) {
            for (Path task : tasks) {
              read(task)
                  .ifPresent(
                      t ->
                          out.put(process + "/" + task.getFileName() + "/" + t.group(), t.ticks()));
            }
          } catch (IOException e) {
            // The process is gone: it shows as absent, not as idle.
          }
        });
    return out;
  }

  private record Sample(String group, long ticks) {}

  private static Optional<Sample> read(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so cut at the last ')'.
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String name = stat.substring(open + 1, close);
      String[] f = stat.substring(close + 2).split(" ");
      // After the comm: state is f[0], utime is field 14 of the line (f[11]), stime f[12].
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return Optional.of(new Sample(name.replaceAll("\\d+", "N"), ticks));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the thread ended while being read
    }
  }
}
