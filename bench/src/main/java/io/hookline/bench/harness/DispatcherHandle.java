package io.hookline.bench.harness;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A running dispatcher-service, in this JVM or in a process of its own. */
public interface DispatcherHandle extends AutoCloseable {
  /** {@code process} or {@code in-process}. */
  String mode();

  /**
   * The peak resident set size of the process the dispatcher runs in, in KiB. In-process it is this
   * whole JVM's (broker, ingest, receiver and all): an upper bound only.
   */
  OptionalLong peakRssKib();

  /** CPU time the dispatcher's process has used; empty in-process (it cannot be told apart). */
  Optional<Duration> cpuTime();

  /** The port of its {@code /metrics}, {@code /healthz} and {@code /readyz}. */
  int opsPort();

  @Override
  void close();

  /** The memory and CPU figures, for the JSON output. Read them before {@link #close}. */
  default Map<String, Object> figures() {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("mode", mode());
    peakRssKib().ifPresent(kib -> out.put("peakRssMiB", Math.round(kib / 1024.0)));
    out.put(
        "peakRssNote",
        mode().equals("process")
            ? "VmHWM of the dispatcher's own JVM process"
            : "VmHWM of the whole bench JVM (broker, ingest, receiver too): an upper bound");
    cpuTime().ifPresent(cpu -> out.put("cpuSeconds", Math.round(cpu.toMillis() / 100.0) / 10.0));
    out.put("metrics", OpsMetrics.scrape(opsPort()));
    return out;
  }
}
