package io.hookline.bench.harness;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory figures of a Linux process, from {@code /proc/<pid>/status}, and this JVM's CPU time. */
public final class ProcStatus {
  private ProcStatus() {}

  /** The process's peak resident set size ({@code VmHWM}) in KiB; empty where unreadable. */
  public static OptionalLong peakRssKib(long pid) {
    return field(pid, "VmHWM:");
  }

  /** The process's resident set size now ({@code VmRSS}) in KiB; empty where unreadable. */
  public static OptionalLong rssKib(long pid) {
    return field(pid, "VmRSS:");
  }

  /** CPU time this JVM has used so far, in seconds (all its threads: broker, receivers, ...). */
  public static double selfCpuSeconds() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime() / 1e9
        : Double.NaN;
  }

  /**
   * Busy CPU time of the whole machine since boot, in seconds (every process and the kernel: {@code
   * /proc/stat} less idle and iowait); NaN where unreadable. The difference to {@link
   * #selfCpuSeconds} over a window is what other processes took meanwhile.
   */
  public static double machineBusyCpuSeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().strip().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...; in USER_HZ, 100 on Linux.
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return busy / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  public static long selfPid() {
    return ProcessHandle.current().pid();
  }

  private static OptionalLong field(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(name)) {
          String digits = line.substring(name.length()).replace("kB", "").strip();
          return OptionalLong.of(Long.parseLong(digits));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or the process is gone: the figure is simply not available.
    }
    return OptionalLong.empty();
  }
}
