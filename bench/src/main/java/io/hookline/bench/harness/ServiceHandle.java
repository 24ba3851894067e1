package io.hookline.bench.harness;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A running Hookline service (ingest, dispatcher, retry), in this JVM or in a process of its own.
 */
public interface ServiceHandle extends AutoCloseable {
  /** {@code process} or {@code in-process}. */
  String mode();

  /**
   * The peak resident set size of the process the service runs in, in KiB. In-process it is this
   * whole JVM's (broker, receivers and every in-process service): an upper bound only.
   */
  OptionalLong peakRssKib();

  /** The resident set size when the service had just become ready; empty in-process. */
  default OptionalLong readyRssKib() {
    return OptionalLong.empty();
  }

  /** The OS process the service runs in when it has one of its own; empty in-process. */
  default OptionalLong pid() {
    return OptionalLong.empty();
  }

  /** CPU time the service's process has used; empty in-process (it cannot be told apart). */
  Optional<Duration> cpuTime();

  /** The port of its {@code /metrics}, {@code /healthz} and {@code /readyz}. */
  int opsPort();

  @Override
  void close();

  /** The memory and CPU figures, for the JSON output. Read them before {@link #close}. */
  default Map<String, Object> figures() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", mode());
    readyRssKib().ifPresent(kib -> out.put("readyRssMiB", Math.round(kib / 1024.0)));
    peakRssKib().ifPresent(kib -> out.put("peakRssMiB", Math.round(kib / 1024.0)));
    out.put(
        "peakRssNote",
        mode().equals("process")
            ? "VmHWM of the service's own JVM process"
            : "VmHWM of the whole bench JVM (broker, receivers, in-process services): an upper bound");
    cpuTime().ifPresent(cpu -> out.put("cpuSeconds", Math.round(cpu.toMillis() / 100.0) / 10.0));
    out.put("metrics", OpsMetrics.scrape(opsPort()));
    return out;
  }
}
