package io.hookline.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The CPU each process of a run used over one measured window, and per unit of work done in it
 * (milliseconds of CPU per delivery), with their sum: what a webhook costs the whole pipeline. Each
 * process is read from its own CPU counter (a child JVM's {@code /proc} times, this JVM's {@code
 * getProcessCpuTime}); a process whose counter is unreadable is left out and named.
 */
public final class CpuWindow {
  private final Map<String, Supplier<Optional<Double>>> processes;
  private final Map<String, Double> opened = new LinkedHashMap<>();
  private final double machineOpened;
  private final long openedNanos = System.nanoTime();

  private CpuWindow(Map<String, Supplier<Optional<Double>>> processes) {
    this.processes = processes;
    processes.forEach((name, cpu) -> cpu.get().ifPresent(seconds -> opened.put(name, seconds)));
    this.machineOpened = ProcStatus.machineBusyCpuSeconds();
  }

  /** Opens the window now: {@code processes} maps a name to its CPU seconds so far. */
  public static CpuWindow open(Map<String, Supplier<Optional<Double>>> processes) {
    return new CpuWindow(new LinkedHashMap<>(processes));
  }

  /** Closes a window without a unit of work (an idle one): CPU seconds and cores only. */
  public Map<String, Object> close() {
    return close(-1, "");
  }

  /** This JVM's CPU seconds so far, as a process counter. */
  public static Supplier<Optional<Double>> self() {
    return () -> Optional.of(ProcStatus.selfCpuSeconds());
  }

  /** A service's CPU seconds so far; empty in-process (counted in this JVM's). */
  public static Supplier<Optional<Double>> of(ServiceHandle service) {
    return () -> service.cpuTime().map(d -> d.toNanos() / 1e9);
  }

  /**
   * Closes the window: each process's CPU seconds, cores (CPU seconds per second of the window) and
   * milliseconds per {@code unit}, the sums of them, and what the machine's other processes took
   * meanwhile (a disturbed run shows there).
   */
  public Map<String, Object> close(long units, String unit) {
    double wall = (System.nanoTime() - openedNanos) / 1e9;
    Map<String, Object> seconds = new LinkedHashMap<>();
    Map<String, Object> cores = new LinkedHashMap<>();
    Map<String, Object> perUnit = new LinkedHashMap<>();
    double sum = 0;
    for (Map.Entry<String, Supplier<Optional<Double>>> process : processes.entrySet()) {
      Double before = opened.get(process.getKey());
      Optional<Double> after = process.getValue().get();
      if (before == null || after.isEmpty()) {
        seconds.put(process.getKey(), "unreadable");
        continue;
      }
      double used = after.get() - before;
      sum += used;
      seconds.put(process.getKey(), round(used, 100));
      cores.put(process.getKey(), round(used / wall, 1000));
      perUnit.put(process.getKey(), units > 0 ? round(used * 1000 / units, 1000) : 0);
    }
    perUnit.put("sum", units > 0 ? round(sum * 1000 / units, 1000) : 0);
    seconds.put("sum", round(sum, 100));
    cores.put("sum", round(sum / wall, 1000));
    double machine = ProcStatus.machineBusyCpuSeconds() - machineOpened;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("wallSeconds", round(wall, 10));
    out.put("cpuSeconds", seconds);
    out.put("cores", cores);
    if (units >= 0) {
      out.put("cpuMsPer" + unit, perUnit);
    }
    out.put(
        "otherProcessesCpuSeconds",
        Double.isNaN(machine) ? "unreadable" : round(machine - sum, 10));
    return out;
  }

  private static double round(double v, int scale) {
    return Math.round(v * scale) / (double) scale;
  }
}
