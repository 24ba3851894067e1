package io.hookline.ingest.status.internal;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.SkippedRecords;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.JsonSerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.Stores;

/**
 * The status view's Kafka Streams application: {@code webhooks.attempts} and {@code webhooks.dlq},
 * both keyed by endpoint id, into four stores of the same partitioning, with no repartition topic:
 *
 * <ul>
 *   <li>{@link #ENDPOINT_ATTEMPTS} and {@link #ENDPOINT_CURSORS}: the last N attempt records of
 *       each endpoint ({@link EndpointLog});
 *   <li>{@link #DELIVERIES}: one {@link DeliveryStatus} per delivery under {@code eventId NUL
 *       deliveryId}, in a window store whose retention is the TTL;
 *   <li>{@link #STATS}: one {@link TenantStats} per tenant and hour, in a window store too.
 * </ul>
 *
 * <p>An event's deliveries live in the partitions of their endpoints, so a look-up by event id asks
 * every partition (every instance) for that key range. That costs a few store seeks per partition
 * per look-up; re-keying by event id would instead write and read every attempt once more through a
 * repartition topic, forever, for look-ups that are rare next to attempts.
 *
 * <p>It is a Kafka Streams application of its own, separate from the exactly-once fan-out: the
 * stores are a view, rebuilt from topics that are themselves durable, and the processor recognises
 * a record it applied before (at-least-once redelivers after a crash) by the delivery's attempt
 * list, so exactly-once's transactions would buy nothing here. Being separate also means restoring
 * these stores never holds up the fan-out, and the two rebalance independently.
 */
public final class StatusTopology {
  public static final String ENDPOINT_ATTEMPTS = "status-endpoint-attempts";
  public static final String ENDPOINT_CURSORS = "status-endpoint-cursors";
  public static final String DELIVERIES = "status-deliveries";
  public static final String STATS = "status-stats";

  /** Bytes for the RocksDB caches and memtables of every status store of this process. */
  static final String MEMORY_CONFIG = "hookline.status.rocksdb.memory.bytes";

  private StatusTopology() {}

  /**
   * The topology; {@code keep} attempt records per endpoint, everything else for {@code retention}.
   */
  public static Topology build(
      KafkaConfig config, int keep, Duration retention, MeterRegistry registry) {
    Topology topology = new Topology();
    topology.addSource(
        "attempts",
        new StringDeserializer(),
        new ByteArrayDeserializer(),
        config.topics().attempts());
    topology.addSource(
        "dlq", new StringDeserializer(), new ByteArrayDeserializer(), config.topics().dlq());
    // One for all tasks: the log's rate limit holds for the status view, not per partition.
    SkippedRecords skipped = new SkippedRecords(registry, "status-view");
    topology.addProcessor(
        "status",
        () -> new StatusProcessor(config.topics(), keep, retention, registry, skipped),
        "attempts",
        "dlq");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ENDPOINT_ATTEMPTS),
                Serdes.String(),
                JsonSerde.of(Attempt.class))
            .withCachingEnabled(),
        "status");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ENDPOINT_CURSORS),
                Serdes.String(),
                JsonSerde.of(EndpointLog.Cursor.class))
            .withCachingEnabled(),
        "status");
    topology.addStateStore(
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DELIVERIES, retention, Duration.ofMillis(1), false),
                Serdes.String(),
                JsonSerde.of(DeliveryStatus.class))
            .withCachingEnabled(),
        "status");
    topology.addStateStore(
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STATS, retention, StatusProcessor.HOUR, false),
                Serdes.String(),
                JsonSerde.of(TenantStats.class))
            .withCachingEnabled(),
        "status");
    return topology;
  }

  /**
   * At-least-once, {@code read_committed} (the DLQ has transactional writers), {@code
   * application.server} = this instance's HTTP address so peers can find the owner of a key.
   */
  public static Properties streamsProperties(
      KafkaConfig config, HostInfo self, Path stateDir, long memoryBytes) {
    Properties props = new Properties();
    props.putAll(config.clientProperties());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.topics().prefix() + "status");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // A crash re-reads at most this much; the processor recognises what it applied before.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5_000);
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    // A status half a second later is still fresh: the view's reads fetch in batches.
    props.putAll(KafkaClients.batchedFetch(config, StreamsConfig.MAIN_CONSUMER_PREFIX));
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksMemory.class);
    props.put(MEMORY_CONFIG, memoryBytes);
    props.put("processing.exception.handler.global.enabled", true);
    config
        .replicationFactor()
        .ifPresent(rf -> props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) rf));
    return props;
  }

  /** Leave the group on close, so the partitions move to the other instances at once. */
  public static CloseOptions closeOptions(Duration timeout) {
    return CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(timeout);
  }
}
