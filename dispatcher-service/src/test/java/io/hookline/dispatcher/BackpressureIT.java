package io.hookline.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The in-flight budget pauses the partitions without losing anything or spinning the loop. */
@WithKafka
class BackpressureIT {
  private static final int DELIVERIES = 600;

  @Test
  void aFullBudgetPausesThePartitionsWithoutSpinningThePollThreadAndLosesNothing(KafkaCluster kafka)
      throws Exception {
    try (DispatchFixture fx = new DispatchFixture(kafka, kafka.topicPrefix());
        TestReceiver receiver = TestReceiver.start()) {
      ReceiverRoute slow = receiver.onPath("/slow");
      slow.delay(Duration.ofMillis(500));
      String id = fx.writeEndpoint("ep_busy", slow.url(), true, null, 50);
      // A backlog larger than one poll (500 records): the rest stays in the consumer's fetch
      // buffer while the partitions are paused, the case where Kafka 4.3's poll() returns at once.
      for (int i = 0; i < DELIVERIES; i++) {
        fx.deliver(id, "evt_bp_" + i);
      }
      try (DispatcherService ignored =
          fx.startDispatcher(
              Map.of(
                  "HOOKLINE_DISPATCH_MAX_IN_FLIGHT", "100",
                  "HOOKLINE_DISPATCH_LANE_BACKLOG", "1000"))) {
        // Between these two counts the dispatcher holds far more than its budget of 100, so its
        // partitions stay paused: ~300 requests at 50 concurrent, half a second each.
        await().atMost(Duration.ofSeconds(60)).until(() -> slow.count() >= 50);
        long cpuBefore = pollThreadCpuNanos();
        long wallBefore = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> slow.count() >= 350);
        long cpu = pollThreadCpuNanos() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;

        // Spinning would keep the poll thread on a core for the whole window.
        assertThat((double) cpu / wall).isLessThan(0.3);
        // Paused, not stuck: every delivery arrives once the budget frees up.
        await().atMost(Duration.ofSeconds(60)).until(() -> distinctEvents(slow) == DELIVERIES);
      }
    }
  }

  private static long distinctEvents(ReceiverRoute route) {
    return route.requests().stream()
        .map(r -> r.header("webhook-id"))
        .collect(Collectors.toSet())
        .size();
  }

  private static long pollThreadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Thread poll =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("dispatcher-poll"))
            .findFirst()
            .orElseThrow();
    return threads.getThreadCpuTime(poll.threadId());
  }
}
