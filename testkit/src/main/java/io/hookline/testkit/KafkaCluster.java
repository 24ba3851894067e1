package io.hookline.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A test's view of the test JVM's one Kafka cluster: where it is, and the topic prefix that keeps
 * this test's records apart from every other test's.
 *
 * <p>The prefix is per test: a test method, its {@code @BeforeEach} and its {@code @AfterEach} see
 * the same one, and no other test does. A {@code @BeforeAll} sees its class's (a {@code @Nested}
 * class is a class of its own), for services a class starts once and shares: tests using those keep
 * apart by their own tenants and endpoint ids.
 *
 * <p>Thread-safe. Blocking methods say so.
 */
public final class KafkaCluster {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final SharedKafka broker;
  private final String topicPrefix;

  KafkaCluster(SharedKafka broker, String topicPrefix) {
    this.broker = broker;
    this.topicPrefix = topicPrefix;
  }

  /** The {@code bootstrap.servers} value for clients. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /**
   * This test's prefix, e.g. {@code t3-dispatcherit-retriesafailure.} (a class's: {@code
   * t3-dispatcherit.}): pass it where Hookline takes {@code HOOKLINE_TOPIC_PREFIX}.
   */
  public String topicPrefix() {
    return topicPrefix;
  }

  /** {@code name} under this prefix; use it for topics, group ids and transactional ids. */
  public String prefixed(String name) {
    return topicPrefix + name;
  }

  /**
   * The JVM's shared admin client, created on first use. Owned by the testkit and closed when the
   * test run ends: do not close it.
   */
  public Admin admin() {
    return broker.admin();
  }

  /** Creates a topic with replication factor 1 and blocks until the broker has it. */
  public void createTopic(String name, int partitions) {
    createTopics(new NewTopic(name, partitions, (short) 1));
  }

  /**
   * Creates the topics and blocks until the broker has them.
   *
   * @throws org.apache.kafka.common.errors.TopicExistsException if one exists already
   */
  public void createTopics(NewTopic... topics) {
    try {
      admin()
          .createTopics(Arrays.asList(topics))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException("Could not create topics " + Arrays.toString(topics), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Topics not created within " + ADMIN_TIMEOUT, e);
    }
  }

  /** Producer settings: byte-array serializers, {@code acks=all}. A fresh mutable map per call. */
  public Map<String, Object> producerProps() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  /**
   * Consumer settings for a group: byte-array deserializers, earliest offsets, {@code
   * read_committed}, no auto-commit. A fresh mutable map per call; the group id is used as given
   * (see {@link #prefixed}).
   */
  public Map<String, Object> consumerProps(String groupId) {
    Map<String, Object> props = readerProps();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  /**
   * Reads {@code topic} from the beginning up to its end as of this call ({@code read_committed}),
   * blocking until done. Waits for the topic to exist.
   *
   * @throws AssertionError if that takes longer than {@code timeout}
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
    try (TopicReader reader = new TopicReader(readerProps(), topic, timeout)) {
      return reader.readToCurrentEnd();
    }
  }

  /**
   * Reads {@code topic} from the beginning ({@code read_committed}) until {@code done} holds for
   * the records read so far, blocking until then; returns those records. Waits for the topic to
   * exist.
   *
   * @throws AssertionError if {@code done} does not hold within {@code timeout}
   */
  public List<ConsumerRecord<byte[], byte[]>> readUntil(
      String topic,
      Predicate<? super List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    try (TopicReader reader = new TopicReader(readerProps(), topic, timeout)) {
      return reader.readUntil(done);
    }
  }

  private Map<String, Object> readerProps() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return props;
  }

  @Override
  public String toString() {
    return "KafkaCluster[" + bootstrapServers() + ", prefix " + topicPrefix + "]";
  }
}
