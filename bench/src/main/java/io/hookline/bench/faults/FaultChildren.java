package io.hookline.bench.faults;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The processes a fault run started, killed when the bench JVM exits however it exits. */
final class FaultChildren {
  private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("fault-children")
                .unstarted(() -> CHILDREN.forEach(Process::destroyForcibly)));
  }

  private FaultChildren() {}

  static Process track(Process process) {
    CHILDREN.add(process);
    process.onExit().thenRun(() -> CHILDREN.remove(process));
    return process;
  }
}
