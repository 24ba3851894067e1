package io.hookline.core.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.kafka.TopicSpec;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Json;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@WithKafka
class EndpointDirectoryIT {

  @ParameterizedTest
  @EnumSource(EndpointDirectory.Storage.class)
  void readsWhatWasOnTheTopicBeforeItStartedThenFollowsUpdatesAndDeletes(
      EndpointDirectory.Storage storage, KafkaCluster kafka) throws Exception {
    KafkaConfig config = config(kafka, kafka.prefixed("a-" + storage + "."));
    new TopicProvisioner(config).ensurePipelineTopics();
    try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config, "test")) {
      write(producer, config, endpoint("ep_1", "acme", "https://a.example/1"));
      write(producer, config, endpoint("ep_2", "acme", "https://a.example/2"));
      write(producer, config, endpoint("ep_3", "other", "https://b.example/3"));

      try (EndpointDirectory directory =
          EndpointDirectory.start(config, "test-directory", new SimpleMeterRegistry(), storage)) {
        assertThat(directory.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(directory.forTenant("acme"))
            .extracting(Endpoint::id)
            .containsExactlyInAnyOrder("ep_1", "ep_2");

        RecordMetadata updated =
            write(producer, config, endpoint("ep_1", "acme", "https://new.example/1"));
        assertThat(
                directory.awaitApplied(
                    updated.partition(), updated.offset(), Duration.ofSeconds(10)))
            .isTrue();
        assertThat(directory.get("ep_1").orElseThrow().url()).isEqualTo("https://new.example/1");

        RecordMetadata deleted =
            producer.send(new ProducerRecord<>(config.topics().endpoints(), "ep_2", null)).get();
        assertThat(
                directory.awaitApplied(
                    deleted.partition(), deleted.offset(), Duration.ofSeconds(10)))
            .isTrue();
        assertThat(directory.get("ep_2")).isEmpty();
        assertThat(directory.forTenant("acme")).extracting(Endpoint::id).containsExactly("ep_1");
      }
    }
  }

  @Test
  void anUnreadableRecordIsSkippedAndCountedWithoutStoppingTheDirectory(KafkaCluster kafka)
      throws Exception {
    KafkaConfig config = config(kafka, kafka.prefixed("b."));
    new TopicProvisioner(config).ensurePipelineTopics();
    try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config, "test");
        EndpointDirectory directory = EndpointDirectory.start(config, "test-directory")) {
      assertThat(directory.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

      producer.send(
          new ProducerRecord<>(
              config.topics().endpoints(), "ep_bad", "{not json".getBytes(StandardCharsets.UTF_8)));
      write(producer, config, endpoint("ep_ok", "acme", "https://a.example/ok"));

      await().atMost(Duration.ofSeconds(10)).until(() -> directory.get("ep_ok").isPresent());
      assertThat(directory.unreadableRecords()).isEqualTo(1);
      assertThat(directory.get("ep_bad")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(EndpointDirectory.Storage.class)
  void aFollowingDirectoryHoldsOnlyTheEndpointsOfTheDeliveriesPartitionsItIsTold(
      EndpointDirectory.Storage storage, KafkaCluster kafka) throws Exception {
    KafkaConfig config = config(kafka, kafka.prefixed("c-" + storage + "."));
    new TopicProvisioner(config).ensurePipelineTopics();
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config, "test")) {
      for (int i = 0; i < 12; i++) {
        write(producer, config, endpoint("ep_f" + i, "acme", "https://a.example/" + i));
        ids.add("ep_f" + i);
      }
      try (EndpointDirectory directory =
          EndpointDirectory.startFollowing(
              config, "test-directory", new SimpleMeterRegistry(), storage)) {
        assertThat(directory.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(directory.size()).as("held before any partition is followed").isZero();

        directory.follow(Set.of(1));
        await().atMost(Duration.ofSeconds(30)).until(directory::isFollowing);
        assertThat(held(directory, ids)).containsExactlyInAnyOrderElementsOf(on(ids, Set.of(1)));
        String elsewhere = on(ids, Set.of(0)).getFirst();
        assertThat(directory.holds(elsewhere)).isFalse();
        assertThatThrownBy(() -> directory.getSynced(elsewhere, Duration.ofSeconds(5)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("partition 0");

        directory.follow(Set.of(0, 2));
        await().atMost(Duration.ofSeconds(30)).until(directory::isFollowing);
        assertThat(held(directory, ids)).containsExactlyInAnyOrderElementsOf(on(ids, Set.of(0, 2)));
        assertThat(directory.forTenant("acme")).hasSize(on(ids, Set.of(0, 2)).size());

        String added = "ep_f" + ids.size();
        RecordMetadata written =
            write(producer, config, endpoint(added, "acme", "https://a.example/new"));
        if (Set.of(0, 2).contains(written.partition())) {
          assertThat(
                  directory.awaitApplied(
                      written.partition(), written.offset(), Duration.ofSeconds(10)))
              .isTrue();
          assertThat(directory.get(added)).isPresent();
        } else {
          assertThat(directory.holds(added)).isFalse();
        }
      }
    }
  }

  @Test
  void aFollowingDirectoryHoldsEveryEndpointWhenTheTopicsAreNotCoPartitioned(KafkaCluster kafka)
      throws Exception {
    KafkaConfig config = config(kafka, kafka.prefixed("d."));
    new TopicProvisioner(config)
        .ensure(
            List.of(
                new TopicSpec(config.topics().endpoints(), 3, Map.of()),
                new TopicSpec(config.topics().deliveries(), 2, Map.of())));
    try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config, "test")) {
      for (int i = 0; i < 6; i++) {
        write(producer, config, endpoint("ep_n" + i, "acme", "https://a.example/" + i));
      }
      try (EndpointDirectory directory =
          EndpointDirectory.startFollowing(
              config,
              "test-directory",
              new SimpleMeterRegistry(),
              EndpointDirectory.Storage.DISK)) {
        directory.follow(Set.of(0));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> directory.isFollowing() && directory.size() == 6);
        assertThat(directory.holds("ep_n0")).isTrue();
      }
    }
  }

  private static List<String> held(EndpointDirectory directory, List<String> ids) {
    return ids.stream().filter(id -> directory.get(id).isPresent()).toList();
  }

  /** The ids whose records the deliveries topic (3 partitions) keeps on one of {@code parts}. */
  private static List<String> on(List<String> ids, Set<Integer> parts) {
    return ids.stream().filter(id -> parts.contains(EndpointDirectory.partitionOf(id, 3))).toList();
  }

  private static RecordMetadata write(
      KafkaProducer<String, byte[]> producer, KafkaConfig config, Endpoint e) throws Exception {
    return producer
        .send(new ProducerRecord<>(config.topics().endpoints(), e.id(), Json.write(e)))
        .get();
  }

  static Endpoint endpoint(String id, String tenant, String url) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return new Endpoint(
        id, tenant, url, "", List.of(), List.of(), null, null, null, Map.of(), true, null, now,
        now);
  }

  static KafkaConfig config(KafkaCluster kafka, String prefix) {
    return KafkaConfig.fromEnv(
        Env.of(
            Map.of(
                "HOOKLINE_KAFKA_BOOTSTRAP",
                kafka.bootstrapServers(),
                "HOOKLINE_TOPIC_PREFIX",
                prefix,
                "HOOKLINE_TOPIC_PARTITIONS",
                "3")));
  }
}
