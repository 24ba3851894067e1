package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** At-least-once across a dispatcher process killed mid-load, and a clean drain on SIGTERM. */
@WithKafka
class ProcessRestartIT {
  private static final Logger log = LoggerFactory.getLogger(ProcessRestartIT.class);

  @Test
  void everyDeliveryArrivesAtLeastOnceWhenADispatcherIsKilledMidLoad(KafkaCluster kafka)
      throws Exception {
    String prefix = kafka.prefixed("kill.");
    try (DispatchFixture fx = new DispatchFixture(kafka, prefix);
        TestReceiver receiver = TestReceiver.start()) {
      ReceiverRoute route = receiver.onPath("/load");
      // 10 endpoints × 10 in flight × 100 ms: about 100 per second per endpoint, 10 s of load.
      route.delay(Duration.ofMillis(100));
      int total = 1000;
      produce(fx, route, 10, total);

      Process first = startDispatcherProcess(fx, "killed");
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> route.count() >= total / 2);
      } finally {
        first.destroyForcibly(); // SIGKILL: no drain, no final commit
        first.waitFor(10, TimeUnit.SECONDS);
      }
      int beforeTakeover = route.count();

      try (DispatcherService second = fx.startDispatcher(Map.of())) {
        await().atMost(Duration.ofSeconds(90)).until(() -> distinctEvents(route).size() >= total);
      }
      Map<String, Long> copies = distinctEvents(route);
      long duplicates = route.count() - copies.size();
      log.info(
          "killed after {} requests; {} deliveries, {} received, {} duplicates",
          beforeTakeover,
          total,
          route.count(),
          duplicates);
      assertThat(copies).hasSize(total);
      assertThat(beforeTakeover).isLessThan(total);
    }
  }

  @Test
  void sigtermDrainsWhatIsInFlightCommitsAndExitsZero(KafkaCluster kafka) throws Exception {
    String prefix = kafka.prefixed("term.");
    try (DispatchFixture fx = new DispatchFixture(kafka, prefix);
        TestReceiver receiver = TestReceiver.start()) {
      ReceiverRoute route = receiver.onPath("/term");
      route.delay(Duration.ofMillis(500));
      int total = 60;
      produce(fx, route, 3, total);

      Process dispatcher = startDispatcherProcess(fx, "terminated");
      await().atMost(Duration.ofSeconds(60)).until(() -> route.count() >= 5);
      dispatcher.destroy(); // SIGTERM
      assertThat(dispatcher.waitFor(45, TimeUnit.SECONDS)).isTrue();
      assertThat(dispatcher.exitValue()).isZero();
      int beforeRestart = route.count();

      // A new dispatcher finishes the rest; what the first one finished was committed.
      try (DispatcherService second = fx.startDispatcher(Map.of())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> distinctEvents(route).size() >= total);
      }
      assertThat(route.count())
          .as("requests after %s before restart", beforeRestart)
          .isEqualTo(total);
    }
  }

  private static void produce(DispatchFixture fx, ReceiverRoute route, int endpoints, int total) {
    for (int e = 0; e < endpoints; e++) {
      fx.writeEndpoint("ep_" + e, route.url());
    }
    for (int i = 0; i < total; i++) {
      fx.deliver("ep_" + (i % endpoints), "evt_" + i);
    }
  }

  private static Map<String, Long> distinctEvents(ReceiverRoute route) {
    return route.requests().stream()
        .collect(
            Collectors.groupingBy(
                r -> String.valueOf(r.header("webhook-id")), Collectors.counting()));
  }

  /** A dispatcher in its own JVM, with the same configuration as the in-JVM ones. */
  private static Process startDispatcherProcess(DispatchFixture fx, String name)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path logFile = Files.createDirectories(Path.of("target", "processes")).resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "-Xmx512m",
            DispatcherService.class.getName());
    pb.environment().putAll(fx.env(Map.of()));
    pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
    Process process = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return process;
  }
}
