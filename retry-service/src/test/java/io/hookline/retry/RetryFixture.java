package io.hookline.retry;

import io.hookline.core.config.Env;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Retry-services on the testkit's broker, under a topic prefix of the test's choosing, and what
 * they publish: metrics, group membership, committed offsets. Blocking; test threads only.
 */
final class RetryFixture {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final KafkaCluster kafka;
  final String prefix;
  final Map<String, String> env;
  private final List<RetryService> started = new ArrayList<>();

  RetryFixture(KafkaCluster kafka, String prefix, String tiers) {
    this.kafka = kafka;
    this.prefix = prefix;
    this.env =
        Map.of(
            "HOOKLINE_KAFKA_BOOTSTRAP",
            kafka.bootstrapServers(),
            "HOOKLINE_TOPIC_PREFIX",
            prefix,
            "HOOKLINE_TOPIC_PARTITIONS",
            "3",
            "HOOKLINE_RETRY_TIERS",
            tiers,
            "HOOKLINE_HTTP_HOST",
            "127.0.0.1",
            "HOOKLINE_HTTP_PORT",
            "0");
  }

  /**
   * Starts an instance named {@code instanceId}; {@link #closeAll()} stops it if the test does not.
   */
  RetryService start(String instanceId) throws Exception {
    RetryService service =
        RetryService.start(
            RetryConfig.fromEnv(Env.of(env).with(Map.of(RetryConfig.INSTANCE_ID, instanceId))));
    started.add(service);
    return service;
  }

  void closeAll() {
    started.forEach(RetryService::close);
  }

  String topic(String name) {
    return prefix + name;
  }

  String groupId() {
    return prefix + "retry";
  }

  /**
   * The group's tier partitions per instance id, as the coordinator sees them; none before it
   * exists.
   */
  Map<String, Set<TopicPartition>> owners() throws Exception {
    ConsumerGroupDescription group;
    try {
      group =
          kafka
              .admin()
              .describeConsumerGroups(List.of(groupId()))
              .describedGroups()
              .get(groupId())
              .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
    Map<String, Set<TopicPartition>> out = new HashMap<>();
    for (MemberDescription m : group.members()) {
      out.put(
          m.clientId().replace("hookline-retry-", ""),
          Set.copyOf(m.assignment().topicPartitions()));
    }
    return out;
  }

  /** How many tier partitions {@code instanceId} holds. */
  int held(String instanceId) throws Exception {
    return owners().getOrDefault(instanceId, Set.of()).size();
  }

  /** How many partitions of {@code topicName} (under the prefix) {@code instanceId} holds. */
  long owned(String instanceId, String topicName) throws Exception {
    return owners().getOrDefault(instanceId, Set.of()).stream()
        .filter(tp -> tp.topic().equals(topic(topicName)))
        .count();
  }

  /** True when the group has committed every record of {@code topicName} up to its end. */
  boolean committedToEnd(String topicName) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < 3; p++) {
      latest.put(new TopicPartition(topic(topicName), p), OffsetSpec.latest());
    }
    var ends =
        kafka
            .admin()
            .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        kafka
            .admin()
            .listConsumerGroupOffsets(groupId())
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    return ends.entrySet().stream()
        .allMatch(
            e -> {
              OffsetAndMetadata c = committed.get(e.getKey());
              return e.getValue().offset() == (c == null ? 0 : c.offset());
            });
  }

  /** The instance's {@code /metrics} page. */
  static String scrape(RetryService service) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * The value of the first series named {@code name} whose labels include every one of {@code
   * labels} (such as {@code tier="1s"}), or NaN when there is none.
   */
  static double metric(String page, String name, String... labels) {
    return page.lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> List.of(labels).stream().allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  static double metric(RetryService service, String name, String... labels) throws Exception {
    return metric(scrape(service), name, labels);
  }

  /** A delivery that failed once with a 503, created at {@code createdAt}. */
  static Delivery delivery(String id, Instant createdAt) {
    return Delivery.fresh(id, "evt_" + id, "ep_x", "acme", "a.b", "{}", createdAt, createdAt)
        .afterFailedAttempt(createdAt, 503, "HTTP 503");
  }

  /** Forwarded records grouped by delivery id. */
  static Map<String, List<ConsumerRecord<byte[], byte[]>>> byDeliveryId(
      List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream()
        .collect(Collectors.groupingBy(r -> Json.read(r.value(), Delivery.class).id()));
  }
}
