package io.hookline.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JFR recordings of running processes over one measured window, started and stopped with {@code
 * jcmd} (so that the processes need no JVM option and start as they always do): {@code
 * <dir>/<window>-<process>.jfr}, with the {@code profile} settings. Read them with {@code jfr view
 * thread-cpu-load} or {@code jfr view hot-methods}.
 */
public final class JfrRecordings {
  private final Path dir;
  private final String window;
  private final Map<String, Long> pids;
  private final List<Path> files = new ArrayList<>();

  private JfrRecordings(Path dir, String window, Map<String, Long> pids) {
    this.dir = dir;
    this.window = window;
    this.pids = new LinkedHashMap<>(pids);
  }

  /**
   * Starts a recording named {@code window} in each of {@code pids} (name → pid) when {@code dir}
   * is given; without it, nothing is recorded and {@link #stop} returns no file.
   */
  public static JfrRecordings start(Optional<Path> dir, String window, Map<String, Long> pids)
      throws IOException, InterruptedException {
    if (dir.isEmpty()) {
      return new JfrRecordings(Path.of("."), window, Map.of());
    }
    Files.createDirectories(dir.get());
    JfrRecordings recordings = new JfrRecordings(dir.get(), window, pids);
    for (Map.Entry<String, Long> p : recordings.pids.entrySet()) {
      Path file = recordings.dir.resolve(window + "-" + p.getKey() + ".jfr").toAbsolutePath();
      Jcmd.run(p.getValue(), "JFR.start", "name=" + window, "settings=profile", "filename=" + file);
      recordings.files.add(file);
    }
    return recordings;
  }

  /** Stops the recordings (each writes its file); returns the files' paths. */
  public List<String> stop() throws IOException, InterruptedException {
    if (pids.isEmpty()) {
      return List.of();
    }
    for (long pid : pids.values()) {
      Jcmd.run(pid, "JFR.stop", "name=" + window);
    }
    Progress.say("%s: JFR recordings in %s", window, dir);
    return files.stream().map(Path::toString).toList();
  }
}
