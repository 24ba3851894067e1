package io.hookline.core.dlq;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;

/**
 * The Kafka clients of DLQ work (reading the DLQ, the ledger, attempts; replaying), each bounded so
 * that a broker that goes away fails the work rather than hanging it. The operator's {@code
 * HOOKLINE_KAFKA_*} settings win over these bounds. Client ids start with {@code clientPrefix}
 * ({@code hookline-cli-}, or the API's).
 */
public final class DlqKafka {
  /**
   * Bound of each operation once Kafka has answered (creating the transaction log takes a while).
   */
  public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  /** {@code transaction.timeout.ms} of {@link #transactionalProducer} unless the operator's. */
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaConfig config;
  private final String clientPrefix;

  public DlqKafka(KafkaConfig config, String clientPrefix) {
    this.config = config;
    this.clientPrefix = clientPrefix;
  }

  public KafkaConfig config() {
    return config;
  }

  /** The client id for a client doing {@code purpose}. */
  public String clientId(String purpose) {
    return clientPrefix + purpose;
  }

  /** A group-less reader ({@code read_committed}, strings and bytes); the caller assigns. */
  public KafkaConsumer<String, byte[]> reader(String purpose) {
    Map<String, Object> props = KafkaClients.readerProps(config, clientId(purpose));
    bounded(props, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, OPERATION_TIMEOUT);
    bounded(props, ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, OPERATION_TIMEOUT);
    bounded(props, ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // A reader stops at the end it took at the start; closing waits for the prefetch of what lies
    // beyond, which an idle broker holds for this long.
    bounded(props, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Duration.ofMillis(100));
    return new KafkaConsumer<>(props);
  }

  /** An idempotent, acks=all producer whose sends fail rather than block past the bound. */
  public KafkaProducer<String, byte[]> producer(String purpose) {
    return new KafkaProducer<>(producerProps(purpose));
  }

  /**
   * A transactional producer with {@code transactionalId}, transactions initialised. Initialising
   * fences any other producer with that id: its open transaction is aborted at once and its next
   * commit fails, so at most one of them writes. A producer that dies leaves its open transaction
   * to the next one, or to the broker after {@code transaction.timeout.ms} (10 s).
   */
  public KafkaProducer<String, byte[]> transactionalProducer(
      String purpose, String transactionalId) {
    Map<String, Object> props = producerProps(purpose);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    bounded(props, ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT);
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props);
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      producer.close(Duration.ZERO);
      throw failure("could not start a Kafka transaction as " + transactionalId, e);
    }
    return producer;
  }

  /**
   * How long a transaction of {@link #transactionalProducer} may stay open before the broker aborts
   * it: {@code HOOKLINE_KAFKA_TRANSACTION_TIMEOUT_MS}, else 10 s.
   */
  public Duration transactionTimeout() {
    String set = config.clientProperties().get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    return set == null ? TRANSACTION_TIMEOUT : Duration.ofMillis(Long.parseLong(set.strip()));
  }

  /** The partitions of {@code topic}; fails naming the topic and the fix when it does not exist. */
  public List<PartitionInfo> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
    List<PartitionInfo> partitions;
    try {
      partitions = consumer.partitionsFor(topic, OPERATION_TIMEOUT);
    } catch (KafkaException e) {
      throw failure("could not look up topic " + topic, e);
    }
    if (partitions == null || partitions.isEmpty()) {
      // Not what was asked for that is missing but the deployment's topics: a failure, not a 404.
      throw new DlqFailure(
          DlqFailure.Kind.FAILED,
          "topic "
              + topic
              + " does not exist at "
              + config.bootstrap()
              + ": create Hookline's topics with `hookline topics create` (is the topic prefix '"
              + config.topics().prefix()
              + "' right?)",
          null);
    }
    return partitions;
  }

  private Map<String, Object> producerProps(String purpose) {
    Map<String, Object> props = KafkaClients.producerProps(config, clientId(purpose));
    bounded(props, ProducerConfig.MAX_BLOCK_MS_CONFIG, OPERATION_TIMEOUT);
    bounded(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, OPERATION_TIMEOUT);
    bounded(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, OPERATION_TIMEOUT.multipliedBy(2));
    return props;
  }

  /** A Kafka failure as one line naming what we were doing. */
  public static DlqFailure failure(String doing, Throwable e) {
    return new DlqFailure(DlqFailure.Kind.FAILED, doing + ": " + rootMessage(e), e);
  }

  /** The innermost cause's message: what Kafka said, without the layers of wrapping. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.strip();
  }

  /** Sets {@code key} unless the operator set it through {@code HOOKLINE_KAFKA_*}. */
  private void bounded(Map<String, Object> props, String key, Object value) {
    if (!config.clientProperties().containsKey(key)) {
      props.put(key, value instanceof Duration d ? (int) d.toMillis() : value);
    }
  }
}
