package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.Response;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Once the traffic has stopped and everything is delivered, no consumer group of Hookline lags:
 * committed offsets reach the end of every partition they read, even where the last thing on a
 * partition is a transaction marker of an exactly-once writer (fan-out, retry-service). KEDA and
 * lag alerts read any difference as work waiting.
 */
@WithKafka
class IdleLagIT {
  private static KafkaCluster kafka;
  private static TestPipeline pipeline;
  private static TestReceiver receiver;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    kafka = cluster;
    receiver = TestReceiver.start();
    pipeline = TestPipeline.start(cluster, Map.of("HOOKLINE_RETRY_TIERS", "1s"));
  }

  @AfterAll
  static void stop() {
    pipeline.close();
    receiver.close();
  }

  @Test
  void everyGroupCatchesUpToTheEndOfItsTopicsOnceIdle() {
    // Deliveries on every partition, some through the retry tier (and its transactions).
    ReceiverRoute ok = receiver.onPath("/lag-ok");
    ok.respondWith(r -> Response.ok());
    ReceiverRoute flaky = receiver.onPath("/lag-flaky");
    flaky.respondWith(
        r -> "1".equals(r.header("hookline-attempt")) ? Response.status(503) : Response.ok());
    for (int t = 0; t < 6; t++) {
      pipeline.api().createEndpoint("lag" + t, t % 2 == 0 ? ok.url() : flaky.url());
    }
    for (int i = 0; i < 30; i++) {
      pipeline
          .api()
          .post("/v1/events", "{\"tenant\":\"lag" + (i % 6) + "\",\"type\":\"a.b\",\"data\":{}}");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                ok.count() >= 15
                    && flaky.requests().stream()
                            .filter(r -> "2".equals(r.header("hookline-attempt")))
                            .count()
                        >= 15);

    String prefix = kafka.topicPrefix();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put(prefix + "dispatcher", List.of(prefix + "deliveries"));
    groups.put(prefix + "retry", List.of(prefix + "retry-1s"));
    groups.put(prefix + "fanout", List.of(prefix + "events"));
    groups.put(prefix + "status", List.of(prefix + "attempts", prefix + "dlq"));
    groups.put(prefix + "health", List.of(prefix + "attempts"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(lags(groups)).allSatisfy((g, lag) -> assertThat(lag).isZero()));
  }

  /** Per group: end offsets minus committed offsets, summed over the partitions it reads. */
  private static Map<String, Long> lags(Map<String, List<String>> groups) throws Exception {
    Admin admin = kafka.admin();
    Map<String, Long> out = new LinkedHashMap<>();
    for (var g : groups.entrySet()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(g.getKey())
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
      for (String topic : g.getValue()) {
        int partitions =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
        for (int p = 0; p < partitions; p++) {
          latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      long lag = 0;
      for (var e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      out.put(g.getKey(), lag);
    }
    return out;
  }
}
