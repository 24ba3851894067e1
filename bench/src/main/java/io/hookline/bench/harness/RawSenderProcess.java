package io.hookline.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The throughput reference's sender ({@code io.hookline.bench.reference.RawSenderMain}) in a JVM of
 * its own: with up to {@code HOOKLINE_DISPATCH_MAX_IN_FLIGHT} connections open on each side, sender
 * and receiver in one JVM would need twice the sockets of any process of the pipeline phase.
 * Started with the phase's {@code HOOKLINE_*} variables, so its sender is configured as the
 * dispatcher's.
 */
public final class RawSenderProcess implements AutoCloseable {
  private static final String MAIN = "io.hookline.bench.reference.RawSenderMain";

  private final Process process;
  private final Path spec;
  private final Path log;

  private RawSenderProcess(Process process, Path spec, Path log) {
    this.process = process;
    this.spec = spec;
    this.log = log;
  }

  /**
   * Starts sending {@code prime} priming requests, then {@code requests} measured ones, to {@code
   * endpoints} in turn, with ids {@code idPrefix + seq}.
   */
  public static RawSenderProcess start(
      Map<String, String> vars,
      List<BenchEndpoint> endpoints,
      String idPrefix,
      int prime,
      int requests,
      int concurrency,
      int payloadBytes,
      Duration timeout)
      throws IOException {
    List<Map<String, String>> targets = new ArrayList<>();
    for (BenchEndpoint e : endpoints) {
      targets.add(Map.of("url", e.url(), "secret", e.secret().reveal()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("targets", targets);
    body.put("idPrefix", idPrefix);
    body.put("prime", prime);
    body.put("requests", requests);
    body.put("concurrency", concurrency);
    body.put("payloadBytes", payloadBytes);
    body.put("timeoutMs", timeout.toMillis());
    // The bench's throwaway secrets, readable by this user only, deleted on close.
    Path spec =
        Files.createTempFile(
            "hookline-raw",
            ".json",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(spec, Json.write(body));
    Files.createDirectories(ChildJvm.logDir());
    Path log = ChildJvm.logDir().resolve("raw-sender.log").toAbsolutePath();
    ProcessBuilder builder =
        new ProcessBuilder(ChildJvm.command(List.of(), MAIN, List.of(spec.toString())))
            .redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_"));
    builder.environment().putAll(vars);
    try {
      return new RawSenderProcess(ChildProcesses.track(builder.start()), spec, log);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(spec);
      throw e;
    }
  }

  /**
   * Waits for the sender to finish; its counts, {@code delivered} and {@code failed}, and the
   * process's {@code cpuSeconds}.
   */
  public Map<String, Number> await(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the raw sender did not finish within " + timeout);
    }
    List<String> lines = Files.readAllLines(log);
    if (process.exitValue() != 0 || lines.isEmpty()) {
      throw new IllegalStateException(
          "the raw sender exited with " + process.exitValue() + "; see " + log);
    }
    JsonNode counts = Json.mapper().readTree(lines.get(lines.size() - 1));
    return Map.of(
        "delivered", counts.get("delivered").asLong(),
        "failed", counts.get("failed").asLong(),
        "cpuSeconds", counts.get("cpuSeconds").asDouble(),
        "measuredCpuSeconds", counts.get("measuredCpuSeconds").asDouble());
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(spec);
  }
}
