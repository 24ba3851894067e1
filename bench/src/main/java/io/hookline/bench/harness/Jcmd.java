package io.hookline.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code jcmd} (of this JVM's JDK) against a process: diagnostics without JVM options. */
public final class Jcmd {
  private Jcmd() {}

  /** Runs {@code command} in process {@code pid}; returns its output, or fails with it. */
  public static String run(long pid, String... command) throws IOException, InterruptedException {
    Path jcmd =
        Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
    List<String> args = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }
}
