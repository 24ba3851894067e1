package io.hookline.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@WithKafka
class KafkaClusterExtensionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static KafkaCluster outerCluster;
  private static final Set<String> PREFIXES_SEEN = ConcurrentHashMap.newKeySet();

  private KafkaCluster clusterBeforeEach;

  @BeforeAll
  static void rememberTheClusterOfTheOuterClass(KafkaCluster cluster) {
    outerCluster = cluster;
  }

  @BeforeEach
  void rememberTheClusterOfThisTest(KafkaCluster cluster) {
    clusterBeforeEach = cluster;
  }

  @Test
  void producesAndReadsBackARecordThroughTheInjectedCluster(KafkaCluster cluster) throws Exception {
    String topic = cluster.prefixed("greetings");
    cluster.createTopic(topic, 3);

    try (var producer = new KafkaProducer<byte[], byte[]>(cluster.producerProps())) {
      producer.send(new ProducerRecord<>(topic, bytes("ep_1"), bytes("hello"))).get();
    }

    assertThat(cluster.readAll(topic, TIMEOUT))
        .singleElement()
        .satisfies(
            record -> {
              assertThat(new String(record.key(), UTF_8)).isEqualTo("ep_1");
              assertThat(new String(record.value(), UTF_8)).isEqualTo("hello");
            });
  }

  @Test
  void consumesWithTheKip848ConsumerGroupProtocol(KafkaCluster cluster) throws Exception {
    String topic = cluster.prefixed("kip848");
    cluster.createTopic(topic, 2);
    try (var producer = new KafkaProducer<byte[], byte[]>(cluster.producerProps())) {
      producer.send(new ProducerRecord<>(topic, bytes("ep_1"), bytes("one"))).get();
    }

    Map<String, Object> props = cluster.consumerProps(cluster.prefixed("kip848-group"));
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    List<ConsumerRecord<byte[], byte[]>> consumed = new ArrayList<>();
    try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(consumed::add);
                return !consumed.isEmpty();
              });
    }

    assertThat(consumed).extracting(record -> new String(record.value(), UTF_8)).contains("one");
  }

  @Test
  void commitsATransactionToACompactedTopicOnTheSingleBroker(KafkaCluster cluster) {
    String topic = cluster.prefixed("endpoints");
    cluster.createTopics(
        new NewTopic(topic, 1, (short) 1)
            .configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));

    Map<String, Object> props = cluster.producerProps();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, cluster.prefixed("writer"));
    try (var producer = new KafkaProducer<byte[], byte[]>(props)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, bytes("ep_1"), bytes("v1")));
      producer.send(new ProducerRecord<>(topic, bytes("ep_1"), bytes("v2")));
      producer.commitTransaction();
    }

    assertThat(cluster.readUntil(topic, records -> records.size() == 2, TIMEOUT))
        .extracting(record -> new String(record.value(), UTF_8))
        .containsExactly("v1", "v2");
  }

  @Test
  void readAllWaitsForATopicThatDoesNotExistYetAndFailsWithAClearMessage(KafkaCluster cluster) {
    String topic = cluster.prefixed("never-created");

    assertThatExceptionOfType(AssertionError.class)
        .isThrownBy(() -> cluster.readAll(topic, Duration.ofMillis(500)))
        .withMessageContaining(topic)
        .withMessageContaining("did not find the topic");
  }

  @Test
  void givesATestAPrefixOfItsOwnSharedWithItsBeforeEach(KafkaCluster cluster) {
    assertThat(cluster.topicPrefix())
        .isEqualTo(clusterBeforeEach.topicPrefix())
        .isNotEqualTo(outerCluster.topicPrefix())
        .matches("t\\d+-kafkaclusterextensiontest-givesatestaprefixofitsownsharedwithitsbe\\.");
    assertThat(outerCluster.topicPrefix()).matches("t\\d+-kafkaclusterextensiontest\\.");
  }

  @RepeatedTest(2)
  void eachRunOfATestGetsAFreshPrefix(KafkaCluster cluster) {
    assertThat(PREFIXES_SEEN.add(cluster.topicPrefix())).as(cluster.topicPrefix()).isTrue();
  }

  @Nested
  class FirstNestedClass {

    @Test
    void getsItsOwnPrefixOnTheSameBroker(KafkaCluster cluster) {
      assertThat(cluster.topicPrefix())
          .matches("t\\d+-firstnestedclass-getsitsownprefixonthesamebroker\\.")
          .isNotEqualTo(outerCluster.topicPrefix());
      assertThat(cluster.bootstrapServers()).isEqualTo(outerCluster.bootstrapServers());
      assertThat(cluster.admin()).isSameAs(outerCluster.admin());
    }
  }

  @Nested
  class SecondNestedClass {

    @Test
    void doesNotSeeRecordsOfAnotherClass(KafkaCluster cluster) throws Exception {
      String mine = cluster.prefixed("shared-name");
      String theirs = outerCluster.prefixed("shared-name");
      cluster.createTopic(mine, 1);
      cluster.createTopic(theirs, 1);
      try (var producer = new KafkaProducer<byte[], byte[]>(cluster.producerProps())) {
        producer.send(new ProducerRecord<>(theirs, bytes("ep_1"), bytes("not for you"))).get();
      }

      assertThat(mine).isNotEqualTo(theirs);
      assertThat(cluster.readAll(mine, TIMEOUT)).isEmpty();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
