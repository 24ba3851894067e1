package io.hookline.bench.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVMs the bench started, killed when the bench JVM exits however it exits (Ctrl-C included),
 * so that no dispatcher or sender outlives its run.
 */
final class ChildProcesses {
  private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("bench-children")
                .unstarted(() -> CHILDREN.forEach(Process::destroyForcibly)));
  }

  private ChildProcesses() {}

  static Process track(Process process) {
    CHILDREN.add(process);
    process.onExit().thenRun(() -> CHILDREN.remove(process));
    return process;
  }
}
