package io.hookline.cli;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * The Kafka clients of one command. A session starts with a bounded reachability check, so an
 * unreachable broker fails fast with one line; the clients it then builds keep their operations
 * bounded too, so a broker that goes away mid-command fails the command rather than hanging it. The
 * operator's {@code HOOKLINE_KAFKA_*} settings win over these bounds.
 */
public final class KafkaSession {
  /**
   * Bound of each operation once Kafka has answered (creating the transaction log takes a while).
   */
  public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  /** {@code transaction.timeout.ms} of {@link #transactionalProducer} unless the operator's. */
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaConfig config;
  private final Duration connectTimeout;

  KafkaSession(KafkaConfig config, Duration connectTimeout) {
    this.config = config;
    this.connectTimeout = connectTimeout;
  }

  public KafkaConfig config() {
    return config;
  }

  /** A group-less reader ({@code read_committed}, strings and bytes); the caller assigns. */
  public KafkaConsumer<String, byte[]> reader(String purpose) {
    Map<String, Object> props = KafkaClients.readerProps(config, "hookline-cli-" + purpose);
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
      throw new CliFailure(
          "topic "
              + topic
              + " does not exist at "
              + config.bootstrap()
              + ": create Hookline's topics with `hookline topics create` (is the topic prefix '"
              + config.topics().prefix()
              + "' right?)");
    }
    return partitions;
  }

  private Map<String, Object> producerProps(String purpose) {
    Map<String, Object> props = KafkaClients.producerProps(config, "hookline-cli-" + purpose);
    bounded(props, ProducerConfig.MAX_BLOCK_MS_CONFIG, OPERATION_TIMEOUT);
    bounded(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, OPERATION_TIMEOUT);
    bounded(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, OPERATION_TIMEOUT.multipliedBy(2));
    return props;
  }

  /** Fails with one line unless Kafka answers a describe-cluster within the connect timeout. */
  void checkReachable() {
    Map<String, Object> props = new HashMap<>(KafkaClients.common(config, "hookline-cli-check"));
    long ms = connectTimeout.toMillis();
    bounded(props, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, connectTimeout);
    bounded(props, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, connectTimeout);
    bounded(props, CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, connectTimeout);
    bounded(
        props, CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, connectTimeout);
    bounded(props, CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, Duration.ofMillis(500));
    Admin admin;
    try {
      admin = Admin.create(props);
    } catch (KafkaException e) {
      throw unreachable(rootMessage(e));
    }
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) ms))
          .clusterId()
          .get(ms + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
        throw new CliFailure(
            "Kafka at "
                + config.bootstrap()
                + " refused us: "
                + cause.getMessage()
                + " (check the HOOKLINE_KAFKA_* security settings)",
            ExitCodes.FAILURE,
            cause);
      }
      throw unreachable(null);
    } catch (TimeoutException e) {
      throw unreachable(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted", ExitCodes.INTERRUPTED, e);
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  private CliFailure unreachable(String detail) {
    return new CliFailure(
        "cannot reach Kafka at "
            + config.bootstrap()
            + " within "
            + seconds(connectTimeout)
            + (detail == null ? "" : " (" + detail + ")")
            + ": check --bootstrap-server or HOOKLINE_KAFKA_BOOTSTRAP, and the HOOKLINE_KAFKA_*"
            + " security settings");
  }

  /** A Kafka failure as one line naming what we were doing. */
  public static CliFailure failure(String doing, Throwable e) {
    return new CliFailure(doing + ": " + rootMessage(e), ExitCodes.FAILURE, e);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.strip();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** Sets {@code key} unless the operator set it through {@code HOOKLINE_KAFKA_*}. */
  private void bounded(Map<String, Object> props, String key, Object value) {
    if (!config.clientProperties().containsKey(key)) {
      props.put(key, value instanceof Duration d ? (int) d.toMillis() : value);
    }
  }
}
