package io.hookline.dispatcher;

import io.hookline.core.config.Env;
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
import io.hookline.core.service.SupervisedLoop;
import io.hookline.dispatcher.http.HttpSender;
import io.hookline.dispatcher.internal.Attempter;
import io.hookline.dispatcher.internal.EndpointLanes;
import io.hookline.dispatcher.internal.OutcomeRouter;
import io.hookline.dispatcher.internal.Outcomes;
import io.hookline.dispatcher.internal.PollLoop;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher-service: consumes {@code webhooks.deliveries}, sends each delivery as a signed
 * HTTP POST, and routes the outcome (attempt record, retry tier or DLQ). Scale out by running more
 * instances in the same consumer group, up to the partition count.
 */
public final class DispatcherService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DispatcherService.class);

  private final DispatcherConfig config;
  private final EndpointDirectory directory;
  private final HttpSender sender;
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService executor;
  private final ScheduledExecutorService timer;
  private final PollLoop loop;
  private final SupervisedLoop loopThread;
  private final KafkaReachability reachability;
  private final HttpHost http;

  private DispatcherService(
      DispatcherConfig config,
      EndpointDirectory directory,
      HttpSender sender,
      KafkaProducer<String, byte[]> producer,
      ExecutorService executor,
      ScheduledExecutorService timer,
      PollLoop loop,
      SupervisedLoop loopThread,
      KafkaReachability reachability,
      HttpHost http) {
    this.reachability = reachability;
    this.config = config;
    this.directory = directory;
    this.sender = sender;
    this.producer = producer;
    this.executor = executor;
    this.timer = timer;
    this.loop = loop;
    this.loopThread = loopThread;
    this.http = http;
  }

  public static void main(String[] args) {
    ServiceRunner.run(
        "dispatcher-service", () -> start(DispatcherConfig.fromEnv(Env.fromSystem())));
  }

  public static DispatcherService start(DispatcherConfig config)
      throws IOException, InterruptedException {
    log.info("dispatcher-service starting with {}", config.describe());
    PrometheusMeterRegistry registry = Metrics.registry("dispatcher");
    if (config.maxConnections() < config.maxInFlight()) {
      log.warn(
          "HOOKLINE_HTTP_MAX_CONNECTIONS ({}) is below HOOKLINE_DISPATCH_MAX_IN_FLIGHT ({}):"
              + " requests to healthy endpoints may wait for connections held by slow ones",
          config.maxConnections(),
          config.maxInFlight());
    }
    Retries retries = Retries.countedIn(registry);
    new TopicProvisioner(config.kafka(), retries).ensurePipelineTopics();

    // The directory holds the endpoints of the partitions the poll loop owns (the endpoints topic
    // is co-partitioned with deliveries) and reads them as they are assigned: the loop keeps new
    // partitions paused until their endpoints are read.
    EndpointDirectory directory =
        EndpointDirectory.startFollowing(
            config.kafka(),
            "hookline-dispatcher-directory",
            registry,
            EndpointDirectory.Storage.DISK);
    HttpSender sender = new HttpSender(config.httpSender(), config.egressPolicy());
    KafkaProducer<String, byte[]> producer =
        KafkaClients.producer(config.kafka(), "hookline-dispatcher");
    new KafkaClientMetrics(producer).bindTo(registry);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Outcomes outcomes = new Outcomes(config.kafka().topics(), config.clock());
    Attempter attempter =
        new Attempter(
            directory,
            config.secretBox(),
            sender,
            outcomes,
            config.requestTimeout(),
            config.clock(),
            registry);
    OutcomeRouter router = new OutcomeRouter(producer, config.kafka().topics(), registry);
    String instance = config.instanceId().orElse(UUID.randomUUID().toString().substring(0, 8));
    Map<String, Object> consumerProps =
        KafkaClients.staticMemberProps(
            config.kafka(),
            "hookline-dispatcher-" + instance,
            config.groupId(),
            config.instanceId(),
            config.sessionTimeout());
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    var consumerMetrics = new AtomicReference<KafkaClientMetrics>();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lane-timer").daemon().factory());
    EndpointLanes lanes =
        new EndpointLanes(
            executor,
            timer,
            config.endpointMaxInFlight(),
            config.laneBacklog(),
            config.laneIdleExpiry().toNanos(),
            System::nanoTime);
    PollLoop loop =
        new PollLoop(
            () -> {
              KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps);
              // One set of consumer meters: those of a replaced consumer are removed first.
              KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
              KafkaClientMetrics previous = consumerMetrics.getAndSet(metrics);
              if (previous != null) {
                previous.close();
              }
              metrics.bindTo(registry);
              return consumer;
            },
            config.kafka().topics().deliveries(),
            attempter,
            outcomes,
            router,
            lanes,
            directory,
            new PollLoop.Limits(
                config.maxInFlight(),
                config.laneBacklog(),
                config.drainTimeout(),
                config.commitInterval()),
            System::nanoTime);
    FunctionCounter.builder("hookline.dispatch.skipped.finished", loop, PollLoop::skippedAsFinished)
        .description(
            "records skipped because the partition's previous owner had finished them (named in"
                + " its commit)")
        .register(registry);
    Gauge.builder("hookline.dispatch.waiting", loop, PollLoop::waiting)
        .description(
            "records polled and not yet handed out: the in-flight budget is spent (the dispatcher"
                + " is saturated)")
        .register(registry);
    Gauge.builder("hookline.dispatch.held", loop, PollLoop::inFlight)
        .description("deliveries taken from Kafka whose outcome is not yet written")
        .register(registry);
    Gauge.builder("hookline.dispatch.in.flight", lanes, EndpointLanes::inFlight)
        .description("HTTP requests in progress")
        .register(registry);
    Gauge.builder("hookline.dispatch.lanes.active", lanes, EndpointLanes::activeLanes)
        .description("endpoint lanes held: endpoints with deliveries in flight or recently seen")
        .register(registry);
    Gauge.builder("hookline.dispatch.lanes.backlog", lanes, EndpointLanes::backlog)
        .description("deliveries waiting in lanes for a slot or a rate permission")
        .register(registry);
    SupervisedLoop loopThread =
        SupervisedLoop.start("dispatcher-poll", registry, loop::session, loop::stop);
    try {
      directory.requireCaughtUp();
    } catch (RuntimeException | InterruptedException e) {
      loopThread.close(Duration.ofSeconds(10));
      executor.shutdownNow();
      producer.close(Duration.ofSeconds(5));
      sender.close();
      directory.close();
      throw e;
    }

    List<String> used = new ArrayList<>(config.kafka().topics().retryTopics());
    used.add(config.kafka().topics().deliveries());
    used.add(config.kafka().topics().attempts());
    used.add(config.kafka().topics().dlq());
    KafkaReachability reachability =
        KafkaReachability.start(
            config.kafka(),
            "hookline-dispatcher-" + instance + "-readiness",
            used,
            config.kafka().unreachableAfter());
    Health health =
        new Health()
            .check("endpoint-directory", directory::isCaughtUp)
            .check("poll-loop", () -> loopThread.isUp() && loop.isRunning())
            .check("kafka", reachability::isReachable)
            .observe("kafka-all-partitions-led", reachability::allPartitionsLed);
    HttpHost http = HttpHost.start(config.http(), registry, health, new Router());
    log.info("dispatcher-service ops endpoints on {}", http.url());
    return new DispatcherService(
        config, directory, sender, producer, executor, timer, loop, loopThread, reachability, http);
  }

  public int port() {
    return http.port();
  }

  /**
   * Stops taking deliveries, waits up to the drain timeout for those in flight, commits what is
   * finished, then closes. Blocks until done.
   */
  @Override
  public void close() {
    if (!loopThread.close(config.drainTimeout().plusSeconds(15))) {
      log.warn("the poll loop did not stop within the drain timeout and 15 s");
    }
    timer.shutdownNow();
    executor.shutdownNow();
    producer.close(Duration.ofSeconds(10));
    sender.close();
    directory.close();
    reachability.close();
    http.close();
    log.info("dispatcher-service stopped");
  }
}
