package io.hookline.bench.reference;

import java.time.Duration;

/**
 * A busy machine, for {@code --background-load}: one thread that spins, using one core, until the
 * bench JVM that started it is gone or {@code args[0]} seconds have passed (a bounded loop). A
 * process of its own, so that the OS schedules it against the pipeline as any other tenant of the
 * machine would be.
 */
public final class CpuHog {
  private CpuHog() {}

  public static void main(String[] args) {
    long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[0])).toNanos();
    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
    long sink = 0;
    long nextCheck = 0;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 1_000_000; i++) {
        sink += i * 31L ^ sink >>> 3;
      }
      if (System.nanoTime() > nextCheck) {
        if (parent != null && !parent.isAlive()) {
          break;
        }
        nextCheck = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      }
    }
    // Printed so the loop's work is not optimised away.
    System.out.println(sink == 42 ? "?" : "done");
  }
}
