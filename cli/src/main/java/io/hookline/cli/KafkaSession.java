package io.hookline.cli;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.dlq.DlqKafka;
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
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
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
  public static final Duration OPERATION_TIMEOUT = DlqKafka.OPERATION_TIMEOUT;

  private final KafkaConfig config;
  private final Duration connectTimeout;
  private final DlqKafka clients;

  KafkaSession(KafkaConfig config, Duration connectTimeout) {
    this.config = config;
    this.connectTimeout = connectTimeout;
    this.clients = new DlqKafka(config, "hookline-cli-");
  }

  public KafkaConfig config() {
    return config;
  }

  /** The bounded clients, as the DLQ work in core takes them. */
  public DlqKafka dlq() {
    return clients;
  }

  /** A group-less reader ({@code read_committed}, strings and bytes); the caller assigns. */
  public KafkaConsumer<String, byte[]> reader(String purpose) {
    return clients.reader(purpose);
  }

  /** An idempotent, acks=all producer whose sends fail rather than block past the bound. */
  public KafkaProducer<String, byte[]> producer(String purpose) {
    return clients.producer(purpose);
  }

  /** See {@link DlqKafka#transactionalProducer}. */
  public KafkaProducer<String, byte[]> transactionalProducer(
      String purpose, String transactionalId) {
    return clients.transactionalProducer(purpose, transactionalId);
  }

  /** See {@link DlqKafka#transactionTimeout}. */
  public Duration transactionTimeout() {
    return clients.transactionTimeout();
  }

  /** The partitions of {@code topic}; fails naming the topic and the fix when it does not exist. */
  public List<PartitionInfo> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
    return clients.partitionsOf(consumer, topic);
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
    return CliFailures.of(DlqKafka.failure(doing, e));
  }

  static String rootMessage(Throwable e) {
    return DlqKafka.rootMessage(e);
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
