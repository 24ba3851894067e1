package io.hookline.ingest.status;

import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.retry.Retries;
import io.hookline.core.service.TempStateDir;
import io.hookline.ingest.status.internal.DeliveryStatus;
import io.hookline.ingest.status.internal.DlqSize;
import io.hookline.ingest.status.internal.LocalStatus;
import io.hookline.ingest.status.internal.Partials;
import io.hookline.ingest.status.internal.Peers;
import io.hookline.ingest.status.internal.StatusTopology;
import io.hookline.ingest.status.internal.TenantStats;
import io.hookline.ingest.streams.StreamThreads;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.AttemptOutcome;
import io.hookline.schemas.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery status view: runs the status stores ({@link StatusTopology}) and answers queries for
 * the whole cluster of ingest-service instances, whichever one is asked.
 *
 * <ul>
 *   <li>An endpoint's attempts live in one partition: {@link KafkaStreams#queryMetadataForKey}
 *       names the instance that owns it, and the query is answered locally or forwarded there.
 *   <li>An event's deliveries and the stats are spread over all partitions: every instance is asked
 *       for the partitions it owns, and the answer is given only if every partition answered
 *       exactly once; otherwise (a rebalance is moving them) {@link StatusUnavailableException}.
 * </ul>
 *
 * <p>Created before the HTTP servers start (their routes need it), started once the peer listener's
 * port is bound (the stores' {@code application.server} is that address, and {@code peerToken} what
 * the others are sent). Query methods block for at most the query timeout and are thread-safe.
 */
public final class StatusView implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusView.class);
  private static final String INTERNAL = "/v1/internal/status";

  private final KafkaConfig kafka;
  private final StatusConfig config;
  private final String peerToken;
  private final MeterRegistry registry;
  private final Retries retries;
  private volatile Running running;
  private volatile int partitionCount;

  private record Running(
      KafkaStreams streams,
      KafkaStreamsMetrics metrics,
      LocalStatus local,
      HostInfo self,
      String selfUrl,
      Peers peers,
      Admin admin,
      DlqSize dlq,
      Path stateDir) {}

  /** One endpoint's recent attempt records, and the instance whose store they came from. */
  public record EndpointAnswer(List<Attempt> attempts, String servedBy) {}

  /**
   * The stats of every partition merged, the DLQ's size if the broker told it, and each hour's
   * stats by its start when they were asked for (empty otherwise).
   */
  public record StatsAnswer(
      TenantStats stats, OptionalLong dlqRecords, SortedMap<Instant, TenantStats> hours) {}

  public StatusView(
      KafkaConfig kafka,
      StatusConfig config,
      String peerToken,
      MeterRegistry registry,
      Retries retries) {
    this.kafka = kafka;
    this.config = config;
    this.peerToken = peerToken;
    this.registry = registry;
    this.retries = retries;
  }

  public StatusConfig config() {
    return config;
  }

  /**
   * Starts the status stores, advertising {@code self} (this instance's peer listener) to the other
   * instances. Returns at once.
   */
  public synchronized void start(URI self) {
    if (running != null) {
      throw new IllegalStateException("already started");
    }
    HostInfo host = new HostInfo(self.getHost(), self.getPort());
    Path stateDir = TempStateDir.create("hookline-status");
    KafkaStreams streams = null;
    KafkaStreamsMetrics metrics = null;
    Admin admin = null;
    Peers peers = null;
    try {
      streams =
          new KafkaStreams(
              StatusTopology.build(
                  kafka, config.attemptsPerEndpoint(), config.retention(), registry),
              StatusTopology.streamsProperties(
                  kafka, host, stateDir, (long) config.memoryMb() << 20));
      StreamThreads.replaceFailed(streams, "status-view", registry);
      metrics = new KafkaStreamsMetrics(streams);
      metrics.bindTo(registry);
      admin = Admin.create(KafkaClients.common(kafka, "hookline-ingest-status"));
      peers = new Peers(self.getScheme(), peerToken, config.queryTimeout(), retries);
      streams.start();
    } catch (RuntimeException e) {
      // Nothing of a failed start may outlive it: threads, clients, the state directory.
      if (streams != null) {
        streams.close(Duration.ofSeconds(10));
      }
      if (metrics != null) {
        metrics.close();
      }
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
      if (peers != null) {
        peers.close();
      }
      TempStateDir.delete(stateDir);
      throw e;
    }
    String selfUrl = self.getScheme() + "://" + host.host() + ":" + host.port();
    running =
        new Running(
            streams,
            metrics,
            new LocalStatus(streams, config.attemptsPerEndpoint()),
            host,
            selfUrl,
            peers,
            admin,
            new DlqSize(admin, kafka.topics().dlq(), config.queryTimeout()),
            stateDir);
    log.info("status view started; advertised to other instances as {}", selfUrl);
  }

  /** Started and neither failed nor stopping (it may be rebalancing). Cheap, never blocks. */
  public boolean isAlive() {
    Running r = running;
    return r != null && r.streams().state().isRunningOrRebalancing();
  }

  /** Every delivery of the event, merged from all partitions; empty when none is known. */
  public List<DeliveryStatus> event(String eventId) {
    Running r = require();
    Map<Integer, List<DeliveryStatus>> parts =
        gather(
            r,
            () -> r.local().deliveriesOf(eventId).byPartition(),
            INTERNAL + "/events/" + encode(eventId),
            body -> Json.read(body, Partials.Event.class).byPartition());
    Map<String, DeliveryStatus> byDelivery = new LinkedHashMap<>();
    parts.values().stream()
        .flatMap(List::stream)
        .forEach(d -> byDelivery.merge(d.deliveryId(), d, DeliveryStatus::merge));
    List<DeliveryStatus> out = new ArrayList<>(byDelivery.values());
    out.sort(
        Comparator.comparing(DeliveryStatus::endpointId).thenComparing(DeliveryStatus::deliveryId));
    return out;
  }

  /**
   * The stats of windows starting in {@code [from, to]}, of one tenant or ({@code null}) all; with
   * {@code byHour}, also each window's (hour's) own, and the totals are their sum. One question to
   * each instance either way.
   */
  public StatsAnswer stats(String tenant, Instant from, Instant to, boolean byHour) {
    Running r = require();
    String query =
        "?fromMs="
            + from.toEpochMilli()
            + "&toMs="
            + to.toEpochMilli()
            + (byHour ? "&byHour=true" : "")
            + (tenant == null ? "" : "&tenant=" + encode(tenant));
    SortedMap<Instant, TenantStats> hours = new TreeMap<>();
    TenantStats sum;
    if (byHour) {
      gather(
              r,
              () -> r.local().hourlyStats(tenant, from, to).byPartition(),
              INTERNAL + "/stats" + query,
              body -> Json.read(body, Partials.Hourly.class).byPartition())
          .values()
          .forEach(
              part ->
                  part.forEach(
                      (h, s) -> hours.merge(Instant.ofEpochMilli(h), s, TenantStats::merge)));
      sum = hours.values().stream().reduce(TenantStats.empty(), TenantStats::merge);
    } else {
      sum =
          gather(
                  r,
                  () -> r.local().stats(tenant, from, to).byPartition(),
                  INTERNAL + "/stats" + query,
                  body -> Json.read(body, Partials.Stats.class).byPartition())
              .values()
              .stream()
              .reduce(TenantStats.empty(), TenantStats::merge);
    }
    return new StatsAnswer(sum, r.dlq().records(), hours);
  }

  /** For another instance: each hour's stats of the partitions owned here. */
  public Partials.Hourly localHourlyStats(String tenant, Instant from, Instant to) {
    return require().local().hourlyStats(tenant, from, to);
  }

  /** The endpoint's recent records, newest first, from whichever instance owns its partition. */
  public EndpointAnswer endpointAttempts(String endpointId, AttemptOutcome outcome, int limit) {
    Running r = require();
    KeyQueryMetadata owner;
    try {
      owner =
          r.streams()
              .queryMetadataForKey(
                  StatusTopology.ENDPOINT_ATTEMPTS, endpointId, new StringSerializer());
    } catch (RuntimeException e) {
      throw new StatusUnavailableException("the status stores are not running yet");
    }
    if (owner == null
        || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)
        || owner.activeHost().port() < 0) {
      throw new StatusUnavailableException(
          "no instance owns the partition of endpoint " + endpointId + " right now (rebalancing)");
    }
    if (owner.activeHost().equals(r.self())) {
      return r.local()
          .endpointAttempts(owner.partition(), endpointId, outcome, limit)
          .map(p -> new EndpointAnswer(p.attempts(), r.selfUrl()))
          .orElseThrow(() -> moving(owner.partition()));
    }
    String path =
        INTERNAL
            + "/endpoints/"
            + encode(endpointId)
            + "/attempts?partition="
            + owner.partition()
            + "&limit="
            + limit
            + (outcome == null ? "" : "&outcome=" + outcome.wire());
    Peers.Answer answer = r.peers().get(owner.activeHost(), path).join();
    if (answer.status() != 200) {
      throw new StatusUnavailableException(describe(r, owner.activeHost(), answer));
    }
    Partials.Endpoint part = Json.read(answer.body(), Partials.Endpoint.class);
    return new EndpointAnswer(part.attempts(), r.peers().urlOf(owner.activeHost()));
  }

  /** For another instance: the event's deliveries in the partitions owned here. */
  public Partials.Event localEvent(String eventId) {
    return require().local().deliveriesOf(eventId);
  }

  /** For another instance: the stats of the partitions owned here. */
  public Partials.Stats localStats(String tenant, Instant from, Instant to) {
    return require().local().stats(tenant, from, to);
  }

  /** For another instance: one endpoint's records, if {@code partition} is still owned here. */
  public Partials.Endpoint localEndpoint(
      int partition, String endpointId, AttemptOutcome outcome, int limit) {
    return require()
        .local()
        .endpointAttempts(partition, endpointId, outcome, limit)
        .orElseThrow(() -> moving(partition));
  }

  /**
   * How many partitions the status stores have: those of the attempts topic, read once (a topic's
   * partitions never shrink; a count read before they grew only refuses a peer's question, which it
   * then asks again of the right instance).
   */
  public int partitionCount() {
    int n = partitionCount;
    if (n > 0) {
      return n;
    }
    String topic = kafka.topics().attempts();
    try {
      n =
          require()
              .admin()
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .get(topic)
              .partitions()
              .size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatusUnavailableException("interrupted while counting the status partitions");
    } catch (ExecutionException | TimeoutException e) {
      throw new StatusUnavailableException("the status partitions cannot be counted right now");
    }
    partitionCount = n;
    return n;
  }

  /**
   * Asks this instance and every other one for their partitions, in parallel; the merged map has
   * every partition of the stores exactly once, or this throws.
   */
  private <T> Map<Integer, T> gather(
      Running r,
      Supplier<Map<Integer, T>> local,
      String path,
      Function<byte[], Map<Integer, T>> parse) {
    Collection<StreamsMetadata> clients;
    try {
      clients = r.streams().metadataForAllStreamsClients();
    } catch (RuntimeException e) {
      throw new StatusUnavailableException("the status stores are not running yet");
    }
    Set<Integer> expected = new TreeSet<>();
    Map<HostInfo, CompletableFuture<Peers.Answer>> asked = new HashMap<>();
    for (StreamsMetadata client : clients) {
      client.topicPartitions().forEach(tp -> expected.add(tp.partition()));
      if (!client.hostInfo().equals(r.self())) {
        asked.put(client.hostInfo(), r.peers().get(client.hostInfo(), path));
      }
    }
    if (expected.isEmpty()) {
      throw new StatusUnavailableException(
          "the status partitions are not assigned to any instance yet (starting or rebalancing)");
    }
    Map<Integer, T> merged = new HashMap<>();
    try {
      merged.putAll(local.get());
    } catch (RuntimeException e) {
      log.debug("local status stores not readable: {}", e.toString());
    }
    List<String> problems = new ArrayList<>();
    asked.forEach(
        (host, future) -> {
          Peers.Answer answer = future.join();
          if (answer.status() == 200) {
            parse.apply(answer.body()).forEach(merged::putIfAbsent);
          } else {
            problems.add(describe(r, host, answer));
          }
        });
    Set<Integer> missing = new TreeSet<>(expected);
    missing.removeAll(merged.keySet());
    if (!missing.isEmpty()) {
      throw new StatusUnavailableException(
          "status partitions "
              + missing
              + " cannot be read right now"
              + (problems.isEmpty() ? " (rebalancing)" : ": " + String.join("; ", problems)));
    }
    return merged;
  }

  private static String describe(Running r, HostInfo host, Peers.Answer answer) {
    if (answer.status() == 0) {
      return answer.problem();
    }
    if (answer.status() == 401) {
      return "instance "
          + r.peers().urlOf(host)
          + " refused this instance's peer token: every instance needs the same "
          + StatusConfig.PEER_TOKEN
          + " (or none, and the same API token)";
    }
    return "instance " + r.peers().urlOf(host) + " answered " + answer.status();
  }

  private static StatusUnavailableException moving(int partition) {
    return new StatusUnavailableException(
        "status partition " + partition + " is moving between instances (rebalancing)");
  }

  private Running require() {
    Running r = running;
    if (r == null) {
      throw new StatusUnavailableException("the status stores are starting");
    }
    return r;
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
  }

  /** Leaves the group (its partitions move to the other instances at once), then stops. */
  @Override
  public synchronized void close() {
    Running r = running;
    if (r == null) {
      return;
    }
    running = null;
    r.streams().close(StatusTopology.closeOptions(Duration.ofSeconds(30)));
    r.metrics().close();
    r.admin().close(Duration.ofSeconds(5));
    r.peers().close();
    // The stores are rebuilt from their changelogs at the next start: keep no local copy.
    TempStateDir.delete(r.stateDir());
  }
}
