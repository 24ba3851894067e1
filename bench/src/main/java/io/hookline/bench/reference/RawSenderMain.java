package io.hookline.bench.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.bench.harness.ProcStatus;
import io.hookline.core.config.Env;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.dispatcher.http.HttpSender;
import io.hookline.schemas.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The raw sender loop in a JVM of its own, so that its sockets and CPU are its own, as the
 * dispatcher's are in the pipeline phase. Reads a spec file (targets, ranges, concurrency), builds
 * the sender from the {@code HOOKLINE_*} environment exactly as the dispatcher-service does, sends
 * the priming range, then the measured range, and prints one JSON line with its counts.
 */
public final class RawSenderMain {
  private RawSenderMain() {}

  public static void main(String[] args) throws Exception {
    JsonNode spec = Json.mapper().readTree(Files.readAllBytes(Path.of(args[0])));
    List<RawSenderLoop.Target> targets = new ArrayList<>();
    for (JsonNode t : spec.get("targets")) {
      targets.add(
          new RawSenderLoop.Target(
              URI.create(t.get("url").asText()), WebhookSecret.parse(t.get("secret").asText())));
    }
    int prime = spec.get("prime").asInt();
    int requests = spec.get("requests").asInt();
    int concurrency = spec.get("concurrency").asInt();
    Duration timeout = Duration.ofMillis(spec.get("timeoutMs").asLong());
    DispatcherConfig config = DispatcherConfig.fromEnv(Env.fromSystem());
    try (HttpSender sender = Senders.likeTheDispatcher(config)) {
      RawSenderLoop loop =
          new RawSenderLoop(
              sender, targets, spec.get("idPrefix").asText(), spec.get("payloadBytes").asInt());
      // As in the pipeline: one request per endpoint first, so that connections are open.
      loop.run(0, prime, concurrency, timeout);
      double primed = ProcStatus.selfCpuSeconds();
      loop.run(prime, prime + requests, concurrency, timeout);
      double done = ProcStatus.selfCpuSeconds();
      System.out.println(
          Json.writeString(
              Map.of(
                  "delivered",
                  loop.delivered(),
                  "failed",
                  loop.failed(),
                  "cpuSeconds",
                  Math.round(done * 10) / 10.0,
                  // The measured range only, as the pipeline's window opens after its priming.
                  "measuredCpuSeconds",
                  Math.round((done - primed) * 1000) / 1000.0)));
    }
  }
}
