package io.hookline.bench.harness;

import io.hookline.bench.reference.CpuHog;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --background-load on}: a {@link CpuHog} process spinning on one core for the whole
 * scenario (both its phases), so that its targets are measured on a busy machine too. Closing it
 * stops the hog; its CPU time says how much of a core it took.
 */
public final class BackgroundLoad implements AutoCloseable {
  /** The hog's own bound, far above any scenario's length: it never outlives a stuck bench. */
  private static final Duration MAX = Duration.ofHours(1);

  private final Process hog;
  private final long startedNanos = System.nanoTime();
  private double cpuSeconds;
  private double wallSeconds;

  private BackgroundLoad(Process hog) {
    this.hog = hog;
  }

  /** Starts the hog when {@code mode} is {@code on}; {@code off} starts nothing. */
  public static BackgroundLoad start(String mode) throws IOException {
    switch (mode) {
      case "off" -> {
        return new BackgroundLoad(null);
      }
      case "on" -> {
        List<String> command =
            ChildJvm.command(
                List.of("-Xmx32m", "-XX:+UseSerialGC"),
                CpuHog.class.getName(),
                List.of(String.valueOf(MAX.toSeconds())));
        Process hog =
            ChildProcesses.track(
                new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start());
        Progress.say("background load: a CPU hog (process %d) spins on one core", hog.pid());
        return new BackgroundLoad(hog);
      }
      default ->
          throw new IllegalArgumentException("--background-load must be on or off, was " + mode);
    }
  }

  /** What the hog took, for the JSON output; read after {@link #close}. */
  public Map<String, Object> figures() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("backgroundLoad", hog == null ? "off" : "on");
    if (hog != null) {
      out.put("hogCpuSeconds", Math.round(cpuSeconds * 10) / 10.0);
      out.put("hogCores", wallSeconds > 0 ? Math.round(cpuSeconds / wallSeconds * 100) / 100.0 : 0);
    }
    return out;
  }

  @Override
  public void close() {
    if (hog == null) {
      return;
    }
    wallSeconds = (System.nanoTime() - startedNanos) / 1e9;
    cpuSeconds = hog.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    hog.destroy();
    try {
      if (!hog.waitFor(10, TimeUnit.SECONDS)) {
        hog.destroyForcibly();
      }
    } catch (InterruptedException e) {
      hog.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
