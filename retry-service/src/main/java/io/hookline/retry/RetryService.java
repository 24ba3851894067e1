package io.hookline.retry;

import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.http.Health;
import io.hookline.core.http.HttpHost;
import io.hookline.core.http.Router;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.KafkaReachability;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.metrics.Metrics;
import io.hookline.core.retry.Retries;
import io.hookline.core.service.ServiceRunner;
import io.hookline.core.service.SupervisedLoop;
import io.hookline.retry.internal.HopRouter;
import io.hookline.retry.internal.RetryMetrics;
import io.hookline.retry.internal.TierForwarder;
import io.hookline.retry.internal.WaitingRecords;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry-service: holds each retry-tier record until due, then forwards it to deliveries, or to
 * the DLQ when it is unreadable or too old. Several instances share the work as one consumer group.
 * Serves {@code /metrics}, {@code /healthz} and {@code /readyz}.
 */
public final class RetryService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetryService.class);
  private static final Duration WAITING_SAMPLE_INTERVAL = Duration.ofSeconds(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final TierForwarder forwarder;
  private final SupervisedLoop thread;
  private final WaitingRecords waiting;
  private final KafkaReachability reachability;
  private final HttpHost http;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RetryService(
      TierForwarder forwarder,
      SupervisedLoop thread,
      WaitingRecords waiting,
      KafkaReachability reachability,
      HttpHost http) {
    this.reachability = reachability;
    this.forwarder = forwarder;
    this.thread = thread;
    this.waiting = waiting;
    this.http = http;
  }

  public static void main(String[] args) {
    ServiceRunner.run("retry-service", () -> start(RetryConfig.fromEnv(Env.fromSystem())));
  }

  /**
   * Creates missing topics, then starts the poll loop on a thread of its own and the ops HTTP
   * server. Blocks until the topics exist and the server listens; forwarding starts in the
   * background.
   */
  public static RetryService start(RetryConfig config) throws IOException {
    log.info("retry-service starting with {}", config.describe());
    KafkaConfig kafka = config.kafka();
    PrometheusMeterRegistry registry = Metrics.registry("retry");
    Retries retries = Retries.countedIn(registry);
    new TopicProvisioner(kafka, retries).ensurePipelineTopics();
    String clientId = "hookline-retry-" + config.instanceId();
    // As the dispatcher's: a restarted instance takes its tier partitions back at once, and a
    // stopping one leaves the group (TierForwarder).
    Map<String, Object> consumerProps =
        KafkaClients.staticMemberProps(
            kafka,
            clientId,
            config.groupId(),
            Optional.of(config.instanceId()),
            config.sessionTimeout());
    Map<String, Object> producerProps = KafkaClients.producerProps(kafka, clientId);
    producerProps.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        kafka.topics().prefix() + "retry-" + config.instanceId());
    producerProps.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
    RetryMetrics metrics = new RetryMetrics(registry, kafka.topics().tiers());
    TierForwarder forwarder =
        new TierForwarder(
            () -> new KafkaConsumer<>(consumerProps),
            () -> new KafkaProducer<>(producerProps),
            kafka.topics(),
            new HopRouter(kafka.topics(), config.maxDeliveryAge()),
            metrics,
            config.clock());
    WaitingRecords waiting =
        new WaitingRecords(
            Admin.create(KafkaClients.common(kafka, clientId + "-admin")),
            config.groupId(),
            kafka.topics(),
            metrics,
            forwarder::assignedPartitions);
    SupervisedLoop thread =
        SupervisedLoop.start("retry-poll", registry, forwarder::session, forwarder::stop);
    waiting.start(WAITING_SAMPLE_INTERVAL);
    List<String> used = new ArrayList<>(kafka.topics().retryTopics());
    used.add(kafka.topics().deliveries());
    used.add(kafka.topics().dlq());
    KafkaReachability reachability =
        KafkaReachability.start(kafka, clientId + "-readiness", used, kafka.unreachableAfter());
    HttpHost http;
    try {
      Health health =
          new Health()
              .check("poll-loop", () -> thread.isUp() && forwarder.isRunning())
              .check("kafka", reachability::isReachable)
              .observe("kafka-all-partitions-led", reachability::allPartitionsLed);
      http = HttpHost.start(config.http(), registry, health, new Router());
    } catch (IOException | RuntimeException e) {
      new RetryService(forwarder, thread, waiting, reachability, null).close();
      throw e;
    }
    log.info("retry-service {} ops endpoints on {}", config.instanceId(), http.url());
    return new RetryService(forwarder, thread, waiting, reachability, http);
  }

  /** The ops HTTP port ({@code /metrics}, {@code /healthz}, {@code /readyz}). */
  public int port() {
    return http.port();
  }

  /**
   * Stops forwarding and leaves the group, with no transaction left open, then stops the HTTP
   * server. Blocks until done, normally well under a second (at most about 15 s when Kafka does not
   * answer). Idempotent; any thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (!thread.close(STOP_TIMEOUT)) {
      log.warn("retry poll loop did not stop within {}", STOP_TIMEOUT);
    }
    waiting.close();
    reachability.close();
    if (http != null) {
      http.close();
    }
    log.info("retry-service stopped");
  }
}
