package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.schemas.Delivery;
import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hookline} as its own process, the way an operator runs it: the shutdown hook, the exit
 * status and a stderr free of log noise are only real there.
 */
@WithKafka
class HooklineProcessIT {

  @Test
  void aSignalMidReplayStopsItCleanlyWithTheLedgerMatchingWhatWasSent(
      KafkaCluster kafka, @TempDir Path dir) throws Exception {
    KafkaFixture f = KafkaFixture.create(kafka, "signal");
    f.put(KafkaFixture.endpoint("ep_a", true, null));
    f.deadMany(
        IntStream.rangeClosed(1, 30).mapToObj(i -> "evt_" + i).toList(),
        "ep_a",
        Instant.now().minusSeconds(60));

    Process replay = start(f.env, dir, "dlq", "replay", "--rate", "5");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> f.records(f.topics.deliveries()).size() >= 3);
    // SIGTERM runs the same shutdown hook as Ctrl-C (SIGINT), and is never ignored by a
    // background process, as SIGINT can be.
    replay.destroy();

    assertThat(replay.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("out"));
    String err = Files.readString(dir.resolve("err"));
    assertThat(replay.exitValue()).as(out + err).isEqualTo(128 + 15);
    List<Delivery> sent = f.deliveries();
    List<DlqReplay> ledger =
        f.records(f.topics.dlqReplays()).stream()
            .map(r -> Json.read(r.value(), DlqReplay.class))
            .toList();
    assertThat(sent.size()).isBetween(3, 29);
    assertThat(ledger)
        .extracting(DlqReplay::dlq)
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(Delivery::replayOf).toList());
    assertThat(out).contains("replayed " + sent.size() + " of 30");
    assertThat(err).contains("replay stopped (Ctrl-C or SIGTERM) after " + sent.size() + " of 30");
  }

  @Test
  void anUnreachableBrokerEndsTheProcessWithinSecondsWithOneLineOnStderr(@TempDir Path dir)
      throws Exception {
    long started = System.nanoTime();
    Process list =
        start(
            Map.of("HOOKLINE_KAFKA_BOOTSTRAP", "127.0.0.1:9"),
            dir,
            "dlq",
            "list",
            "--timeout",
            "2s");

    assertThat(list.waitFor(20, TimeUnit.SECONDS)).isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    String err = Files.readString(dir.resolve("err"));
    assertThat(list.exitValue()).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.lines())
        .containsExactly(
            "hookline dlq list: cannot reach Kafka at 127.0.0.1:9 within 2 s: check --bootstrap-server"
                + " or HOOKLINE_KAFKA_BOOTSTRAP, and the HOOKLINE_KAFKA_* security settings");
    assertThat(Files.readString(dir.resolve("out"))).isEmpty();
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    System.out.printf(
        "unreachable broker, --timeout 2s: process exited after %d ms%n", took.toMillis());
  }

  /**
   * Starts {@code hookline args} in a JVM of its own, stdout and stderr to files in {@code dir}.
   */
  private static Process start(Map<String, String> env, Path dir, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Hookline.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(new File(dir.toFile(), "out"))
            .redirectError(new File(dir.toFile(), "err"));
    builder.environment().keySet().removeIf(k -> k.startsWith("HOOKLINE_"));
    builder.environment().putAll(env);
    return builder.start();
  }
}
