package io.hookline.ingest;

import io.hookline.core.config.Env;
import io.hookline.core.dlq.DlqKafka;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.Health;
import io.hookline.core.http.HttpHost;
import io.hookline.core.http.Router;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.KafkaReachability;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.metrics.Metrics;
import io.hookline.core.retry.Retries;
import io.hookline.core.service.ServiceRunner;
import io.hookline.core.service.StartupParts;
import io.hookline.core.service.TempStateDir;
import io.hookline.ingest.dashboard.DashboardAssets;
import io.hookline.ingest.dlq.DlqApi;
import io.hookline.ingest.endpoints.EndpointControl;
import io.hookline.ingest.endpoints.EndpointRoutes;
import io.hookline.ingest.events.EventPublisher;
import io.hookline.ingest.events.EventsApi;
import io.hookline.ingest.fanout.FanOutTopology;
import io.hookline.ingest.health.HealthMonitor;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.KafkaWriter;
import io.hookline.ingest.openapi.OpenApiDescription;
import io.hookline.ingest.status.StatusApi;
import io.hookline.ingest.status.StatusPeerApi;
import io.hookline.ingest.status.StatusView;
import io.hookline.ingest.streams.StreamThreads;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest-service: the HTTP API in front of Kafka, the fan-out of events into deliveries, and
 * the delivery status view over the attempts and the DLQ. {@link #start} returns once the service
 * answers on its port and the fan-out and status view are started (they may still be joining their
 * groups); {@link #close} stops it.
 */
public final class IngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final EndpointDirectory directory;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaStreams streams;
  private final HttpHost http;
  private final HttpHost peerHttp;
  private final KafkaClientMetrics producerMetrics;
  private final KafkaStreamsMetrics streamsMetrics;
  private final HealthMonitor monitor;
  private final StatusView status;
  private final KafkaReachability reachability;
  private final Path fanOutState;
  private final DlqApi dlq;

  private final SortedSet<String> apiRoutes;

  private IngestService(
      EndpointDirectory directory,
      KafkaProducer<String, byte[]> producer,
      KafkaStreams streams,
      HttpHost http,
      HttpHost peerHttp,
      KafkaClientMetrics producerMetrics,
      KafkaStreamsMetrics streamsMetrics,
      HealthMonitor monitor,
      StatusView status,
      KafkaReachability reachability,
      Path fanOutState,
      DlqApi dlq,
      SortedSet<String> apiRoutes) {
    this.dlq = dlq;
    this.reachability = reachability;
    this.apiRoutes = Collections.unmodifiableSortedSet(apiRoutes);
    this.fanOutState = fanOutState;
    this.monitor = monitor;
    this.status = status;
    this.directory = directory;
    this.producer = producer;
    this.streams = streams;
    this.http = http;
    this.peerHttp = peerHttp;
    this.producerMetrics = producerMetrics;
    this.streamsMetrics = streamsMetrics;
  }

  public static void main(String[] args) {
    ServiceRunner.run("ingest-service", () -> start(IngestConfig.fromEnv(Env.fromSystem())));
  }

  public static IngestService start(IngestConfig config) throws IOException, InterruptedException {
    log.info("ingest-service starting with {}", config.describe());
    PrometheusMeterRegistry registry = Metrics.registry("ingest");
    Retries retries = Retries.countedIn(registry);
    new TopicProvisioner(config.kafka(), retries).ensurePipelineTopics();
    StartupParts parts = new StartupParts();
    try {
      return start(config, registry, retries, parts);
    } catch (RuntimeException | IOException | InterruptedException | Error e) {
      // Nothing half-started stays behind: no port bound, no client or thread running.
      parts.closeAfter(e);
      throw e;
    }
  }

  private static IngestService start(
      IngestConfig config, PrometheusMeterRegistry registry, Retries retries, StartupParts parts)
      throws IOException, InterruptedException {
    EndpointDirectory directory =
        parts.add(
            EndpointDirectory.start(
                config.kafka(),
                "hookline-ingest-directory",
                registry,
                EndpointDirectory.Storage.DISK));
    directory.requireCaughtUp();
    KafkaProducer<String, byte[]> producer =
        KafkaClients.producer(config.kafka(), "hookline-ingest");
    parts.add(() -> producer.close(Duration.ofSeconds(10)));
    KafkaClientMetrics producerMetrics = parts.add(new KafkaClientMetrics(producer));
    producerMetrics.bindTo(registry);

    // The directory is complete before the fan-out sees its first event.
    Path fanOutState = TempStateDir.create("hookline-fanout");
    parts.add(() -> TempStateDir.delete(fanOutState));
    KafkaStreams streams =
        new KafkaStreams(
            FanOutTopology.build(
                config.kafka(),
                directory::forTenant,
                config.clock(),
                registry,
                config.idempotencyWindow(),
                producer.partitionsFor(config.kafka().topics().events()).size()),
            FanOutTopology.streamsProperties(
                config.kafka(), fanOutState, config.fanOutCommitInterval()));
    parts.add(() -> streams.close(Duration.ofSeconds(30)));
    KafkaStreamsMetrics streamsMetrics = parts.add(new KafkaStreamsMetrics(streams));
    streamsMetrics.bindTo(registry);
    StreamThreads.replaceFailed(streams, "fan-out", registry);
    streams.start();

    StatusView status =
        parts.add(
            new StatusView(
                config.kafka(), config.status(), config.statusPeerToken(), registry, retries));
    // It can take events while it can write them: the events topic's leaders are reachable.
    KafkaReachability reachability =
        parts.add(
            KafkaReachability.start(
                config.kafka(),
                "hookline-ingest-readiness",
                List.of(config.kafka().topics().events(), config.kafka().topics().endpoints()),
                config.kafka().unreachableAfter()));
    Health health =
        new Health()
            .check("endpoint-directory", directory::isCaughtUp)
            .check("fan-out", () -> streams.state() == KafkaStreams.State.RUNNING)
            .check("kafka", reachability::isReachable)
            .observe("kafka-all-partitions-led", reachability::allPartitionsLed)
            // Shown, not gating: without the status view, status queries answer 503, but the
            // instance still takes events, so it stays in the load balancer.
            .observe("status-view", status::isAlive);
    Router routes = new Router();
    ApiRouter api = new ApiRouter(routes, config.apiToken());
    KafkaWriter writer = new KafkaWriter(producer, config.kafkaAckTimeout());
    EventPublisher publisher =
        new EventPublisher(config.kafka().topics().events(), writer, config.clock());
    new EventsApi(publisher, directory, config.clock(), config.maxPayloadBytes(), config.maxBatch())
        .register(api);
    EndpointControl control =
        EndpointRoutes.register(
            api,
            config.kafka().topics().endpoints(),
            writer,
            publisher,
            directory,
            config.secretBox(),
            config.clock(),
            config.maxPayloadBytes(),
            config.egressPolicy());
    new StatusApi(status, directory, config.clock()).register(api);
    DlqApi dlq =
        parts.add(
            new DlqApi(
                new DlqKafka(config.kafka(), "hookline-ingest-dlq-"),
                directory,
                config.clock(),
                config.maxPayloadBytes()));
    dlq.register(api);
    OpenApiDescription.load().register(api);
    DashboardAssets.load().register(routes);
    HealthMonitor monitor =
        parts.add(new HealthMonitor(config.kafka(), config.health(), control, registry).start());
    // Shown, not gating: without it endpoints are not auto-disabled, but events are still taken.
    health.observe("health-monitor", monitor::isUp);
    // The instances ask each other on a listener of their own, with a token of their own.
    Router peerRoutes = new Router();
    new StatusPeerApi(status).register(new ApiRouter(peerRoutes, config.statusPeerToken()));
    HttpHost peerHttp = parts.add(HttpHost.start(config.statusPeerHttp(), peerRoutes));
    HttpHost http = parts.add(HttpHost.start(config.http(), registry, health, routes));
    // Only now is the peer port known (it may be 0 in the configuration) to advertise.
    status.start(config.status().advertisedUrlOr(config.http().host(), peerHttp.port()));
    log.info(
        "ingest-service listening on {}, status peer listener on {}", http.url(), peerHttp.url());
    return new IngestService(
        directory,
        producer,
        streams,
        http,
        peerHttp,
        producerMetrics,
        streamsMetrics,
        monitor,
        status,
        reachability,
        fanOutState,
        dlq,
        api.routes());
  }

  /** The public API's routes, as {@code METHOD template}: what the OpenAPI description covers. */
  public SortedSet<String> apiRoutes() {
    return apiRoutes;
  }

  /** The port the API listens on (useful when configured with port 0). */
  public int port() {
    return http.port();
  }

  /** The port of the status peer listener, where the instances ask each other. */
  public int peerPort() {
    return peerHttp.port();
  }

  public boolean isFanOutRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /**
   * Stops taking requests, hands the status partitions to the other instances (answering their
   * questions until then), then stops the fan-out (committing what it did), then Kafka clients.
   */
  @Override
  public void close() {
    http.close();
    dlq.close();
    status.close();
    peerHttp.close();
    monitor.close();
    streams.close(Duration.ofSeconds(30));
    streamsMetrics.close();
    producer.close(Duration.ofSeconds(10));
    producerMetrics.close();
    directory.close();
    reachability.close();
    // Exactly-once: the fan-out's stores are rebuilt from their changelogs at the next start.
    TempStateDir.delete(fanOutState);
    log.info("ingest-service stopped");
  }
}
