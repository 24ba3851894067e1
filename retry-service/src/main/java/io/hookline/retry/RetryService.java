package io.hookline.retry;

import io.hookline.core.config.Env;
import io.hookline.core.http.Health;
import io.hookline.core.http.HttpHost;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.metrics.Metrics;
import io.hookline.core.service.ServiceRunner;
import io.hookline.retry.internal.TierForwarder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The retry-service: holds each retry-tier record until due, then forwards it to deliveries. */
public final class RetryService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetryService.class);

  private final TierForwarder forwarder;
  private final Thread thread;
  private final HttpHost http;

  private RetryService(TierForwarder forwarder, Thread thread, HttpHost http) {
    this.forwarder = forwarder;
    this.thread = thread;
    this.http = http;
  }

  public static void main(String[] args) {
    ServiceRunner.run("retry-service", () -> start(RetryConfig.fromEnv(Env.fromSystem())));
  }

  public static RetryService start(RetryConfig config) throws IOException {
    log.info("retry-service starting with {}", config.describe());
    PrometheusMeterRegistry registry = Metrics.registry("retry");
    new TopicProvisioner(config.kafka()).ensurePipelineTopics();
    String instance = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> consumerProps =
        KafkaClients.consumerProps(config.kafka(), "hookline-retry-" + instance, config.groupId());
    Map<String, Object> producerProps =
        KafkaClients.producerProps(config.kafka(), "hookline-retry-" + instance);
    producerProps.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        config.kafka().topics().prefix() + "retry-" + instance);
    TierForwarder forwarder =
        new TierForwarder(
            () -> new KafkaConsumer<>(consumerProps),
            () -> new KafkaProducer<>(producerProps),
            config.kafka().topics(),
            config.clock(),
            registry);
    Gauge.builder("hookline.retry.paused.partitions", forwarder, TierForwarder::pausedPartitions)
        .register(registry);
    Thread thread = Thread.ofPlatform().name("retry-poll").start(forwarder);
    Health health = new Health().check("poll-loop", forwarder::isRunning);
    HttpHost http =
        HttpHost.start(config.httpHost(), config.httpPort(), registry, health, Map.of());
    log.info("retry-service ops endpoints on {}", http.url());
    return new RetryService(forwarder, thread, http);
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    forwarder.stop();
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
    log.info("retry-service stopped");
  }
}
