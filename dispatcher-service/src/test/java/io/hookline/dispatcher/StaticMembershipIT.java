package io.hookline.dispatcher;

import static org.awaitility.Awaitility.await;

import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Dispatchers with a stable instance id are static members of the group: a crashed one keeps its
 * partitions for its restart to take back. One that stops cleanly (a scale-down, a pod being
 * replaced) leaves the group, so its partitions go to the others at once, not after the session
 * timeout.
 */
@WithKafka
class StaticMembershipIT {
  @Test
  void aStaticDispatcherThatStopsHandsItsPartitionsOverBeforeTheSessionTimeout(KafkaCluster cluster)
      throws Exception {
    DispatchFixture fx = new DispatchFixture(cluster, cluster.topicPrefix());
    String group = cluster.topicPrefix() + "dispatcher";
    try (TestReceiver receiver = TestReceiver.start();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      String[] endpoints = {endpointOn(0), endpointOn(1)};
      ReceiverRoute[] routes = new ReceiverRoute[2];
      for (int p = 0; p < 2; p++) {
        routes[p] = receiver.onPath("/static-" + p);
        routes[p].respondWith(200);
        fx.writeEndpoint(endpoints[p], routes[p].url());
      }
      // A session timeout far longer than the test waits: only leaving can hand partitions over.
      Map<String, String> a = settings("dispatcher-a");
      try (DispatcherService first = fx.startDispatcher(a)) {
        DispatcherService second = fx.startDispatcher(settings("dispatcher-b"));
        try {
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> partitionsOf(admin, group, "dispatcher-b") == 1);
        } finally {
          second.close();
        }
        for (int p = 0; p < 2; p++) {
          fx.deliver(endpoints[p], "evt_static_" + p);
        }
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> routes[0].count() == 1 && routes[1].count() == 1);
      }
    } finally {
      fx.close();
    }
  }

  private static Map<String, String> settings(String instance) {
    return Map.of(
        "HOOKLINE_DISPATCH_INSTANCE_ID",
        instance,
        "HOOKLINE_DISPATCH_SESSION_TIMEOUT_MS",
        "120000");
  }

  private static int partitionsOf(Admin admin, String group, String instance) throws Exception {
    ConsumerGroupDescription d =
        admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    return d.members().stream()
        .filter(m -> m.groupInstanceId().filter(instance::equals).isPresent())
        .map(MemberDescription::assignment)
        .mapToInt(assignment -> assignment.topicPartitions().size())
        .sum();
  }

  /** An endpoint id that the deliveries topic (2 partitions) keeps on {@code partition}. */
  private static String endpointOn(int partition) {
    for (int i = 0; ; i++) {
      String id = "ep_st" + i;
      if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2 == partition) {
        return id;
      }
    }
  }
}
