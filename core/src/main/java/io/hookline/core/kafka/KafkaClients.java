package io.hookline.core.kafka;

import io.hookline.core.config.KafkaConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds Kafka client settings the way every Hookline service wants them: the configured bootstrap
 * and client properties, then Hookline's safety defaults, then the caller's overrides. Keys are
 * strings (endpoint or tenant ids); values are raw bytes so that consumers can dead-letter what
 * they cannot read.
 */
public final class KafkaClients {
  public static final int BATCHED_FETCH_MIN_BYTES = 64 * 1024;

  private KafkaClients() {}

  /** Settings common to every client. */
  public static Map<String, Object> common(KafkaConfig config, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    props.putAll(config.clientProperties());
    return props;
  }

  /** An idempotent, acks=all producer: nothing acknowledged is lost or written twice. */
  public static Map<String, Object> producerProps(KafkaConfig config, String clientId) {
    Map<String, Object> props = common(config, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.putAll(config.clientProperties());
    return props;
  }

  /**
   * A consumer in {@code groupId} that commits by hand and reads only committed transactional data,
   * using the KIP-848 consumer group protocol.
   */
  public static Map<String, Object> consumerProps(
      KafkaConfig config, String clientId, String groupId) {
    Map<String, Object> props = readerProps(config, clientId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    props.putAll(config.clientProperties());
    return props;
  }

  /**
   * {@link #consumerProps}, as a member that a restart with the same {@code instanceId} (a
   * StatefulSet pod name) takes its partitions back at once: static membership ({@code
   * group.instance.id}) on the classic group protocol, cooperative-sticky assignment, the client's
   * own {@code sessionTimeout} and heartbeats at most 3 s apart. Not KIP-848: it refuses a
   * restarted static member with {@code UNRELEASED_INSTANCE_ID} until the old session expires, and
   * its session timeout is the group's (45 s on a default broker). Close such a consumer with
   * {@code LEAVE_GROUP} when stopping cleanly, so that its partitions move at once.
   */
  public static Map<String, Object> staticMemberProps(
      KafkaConfig config,
      String clientId,
      String groupId,
      Optional<String> instanceId,
      Duration sessionTimeout) {
    Map<String, Object> props = consumerProps(config, clientId, groupId);
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
    // Heartbeats are how a member learns of a rebalance: at most 3 s apart (Kafka's default),
    // also with a long session timeout, so that a joining member gets its share promptly.
    props.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.min(3_000, sessionTimeout.toMillis() / 3));
    instanceId.ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    props.putAll(config.clientProperties());
    return props;
  }

  /** A consumer with no group: the caller assigns partitions and tracks its own position. */
  public static Map<String, Object> readerProps(KafkaConfig config, String clientId) {
    Map<String, Object> props = common(config, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.putAll(config.clientProperties());
    return props;
  }

  /**
   * Fetch settings for a consumer whose records may wait up to half a second (a view, not the
   * delivery path): the broker answers its fetch once it holds {@link #BATCHED_FETCH_MIN_BYTES}, or
   * after {@code fetch.max.wait.ms} (Kafka's 500 ms, so an idle consumer fetches no more often than
   * before), instead of once for every few records that trickle in. With the status view's and the
   * health monitor's consumers fetching so (a 100 ms wait), the local stack at 200 events/s went
   * from 1.128 to 0.981 cores in `bench/run idle` (docs/benchmarks.md). A setting the operator gave
   * ({@code HOOKLINE_KAFKA_FETCH_MIN_BYTES}) wins. {@code prefix} is prepended to the key (a Kafka
   * Streams client's {@code main.consumer.}, or empty).
   */
  public static Map<String, Object> batchedFetch(KafkaConfig config, String prefix) {
    Map<String, Object> props = new HashMap<>();
    if (!config.clientProperties().containsKey(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)) {
      props.put(prefix + ConsumerConfig.FETCH_MIN_BYTES_CONFIG, BATCHED_FETCH_MIN_BYTES);
    }
    return props;
  }

  public static KafkaProducer<String, byte[]> producer(KafkaConfig config, String clientId) {
    return new KafkaProducer<>(producerProps(config, clientId));
  }

  public static KafkaConsumer<String, byte[]> consumer(
      KafkaConfig config, String clientId, String groupId) {
    return new KafkaConsumer<>(consumerProps(config, clientId, groupId));
  }
}
