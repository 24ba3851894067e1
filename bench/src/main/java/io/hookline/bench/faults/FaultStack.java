package io.hookline.bench.faults;

import io.hookline.bench.harness.Progress;
import io.hookline.core.crypto.SecretBox;
import io.hookline.embedded.BrokerProcess;
import io.hookline.schemas.Json;
import io.hookline.schemas.RetryTiers;
import io.hookline.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything of a fault run in its own OS process: a broker with a data directory (so that it can
 * be stopped and started again on the same data), the ingest-service, the retry-service and {@code
 * n} dispatchers, each started from {@code HOOKLINE_*} variables as a deployment starts them; and
 * the receiver in this JVM. Endpoints are created through the API.
 */
final class FaultStack implements AutoCloseable {
  static final String TOKEN = "fault-token-0123456789";
  static final String TENANT = "faults";

  final BrokerProcess broker;
  final Map<String, String> vars;
  final Path dir;
  final FaultReceiver receiver;
  final ServiceProcess ingest;
  final ServiceProcess retry;
  final List<ServiceProcess> dispatchers = new ArrayList<>();
  final List<String> endpointIds = new ArrayList<>();
  private List<String> dispatcherJvm = List.of();
  private final HttpClient http = HttpClient.newHttpClient();

  private FaultStack(
      BrokerProcess broker,
      Map<String, String> vars,
      Path dir,
      FaultReceiver receiver,
      ServiceProcess ingest,
      ServiceProcess retry) {
    this.broker = broker;
    this.vars = vars;
    this.dir = dir;
    this.receiver = receiver;
    this.ingest = ingest;
    this.retry = retry;
  }

  /**
   * Starts the broker, the services and {@code dispatchers} dispatchers (instance ids {@code
   * dispatcher-0}…), and creates {@code endpoints} endpoints on the receiver.
   */
  static FaultStack start(
      String scenario, int dispatchers, int endpoints, Map<String, String> settings, boolean aot)
      throws Exception {
    Path dir =
        Path.of(System.getProperty("hookline.bench.logDir", "bench/target/logs"))
            .resolve("faults-" + scenario + "-" + Instant.now().toEpochMilli())
            .toAbsolutePath();
    Files.createDirectories(dir);
    Progress.say("fault run %s: broker, services and logs in %s", scenario, dir);
    BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"));
    Map<String, String> vars = new HashMap<>();
    vars.put("HOOKLINE_KAFKA_BOOTSTRAP", broker.bootstrapServers());
    vars.put("HOOKLINE_TOPIC_PREFIX", "webhooks.");
    vars.put("HOOKLINE_TOPIC_PARTITIONS", "12");
    vars.put("HOOKLINE_HTTP_HOST", "127.0.0.1");
    vars.put("HOOKLINE_STATUS_PEER_PORT", "0");
    vars.put("HOOKLINE_API_TOKEN", TOKEN);
    vars.put(SecretBox.MASTER_KEY, SecretBox.generateMasterKey());
    vars.put("HOOKLINE_DISPATCH_ALLOWED_NETWORKS", "127.0.0.0/8");
    vars.put("HOOKLINE_RETRY_TIERS", "2s,5s,10s");
    vars.putAll(settings);
    FaultReceiver receiver = FaultReceiver.start();
    ServiceProcess ingest = null;
    ServiceProcess retry = null;
    try {
      ingest = ServiceProcess.start("ingest", "io.hookline.ingest.IngestService", vars, dir);
      retry =
          ServiceProcess.start(
              "retry",
              "io.hookline.retry.RetryService",
              with(vars, "HOOKLINE_RETRY_INSTANCE_ID", "retry-0"),
              dir);
      FaultStack stack = new FaultStack(broker, vars, dir, receiver, ingest, retry);
      if (aot) {
        stack.useDispatcherAotCache();
      }
      for (int i = 0; i < dispatchers; i++) {
        stack.startDispatcher(i);
      }
      for (int i = 0; i < endpoints; i++) {
        stack.endpointIds.add(stack.createEndpoint(receiver.url(i)));
      }
      return stack;
    } catch (Exception | Error e) {
      if (ingest != null) {
        ingest.kill();
      }
      if (retry != null) {
        retry.kill();
      }
      receiver.close();
      broker.stop(true);
      throw e;
    }
  }

  private static Map<String, String> with(Map<String, String> vars, String name, String value) {
    Map<String, String> out = new HashMap<>(vars);
    out.put(name, value);
    return out;
  }

  /**
   * Builds an AOT cache of the dispatcher's start (JDK 25+) with a training run, used by every
   * dispatcher started from now on.
   */
  void useDispatcherAotCache() throws Exception {
    dispatcherJvm =
        ServiceProcess.aotCache(
            "dispatcher",
            "io.hookline.dispatcher.DispatcherService",
            // A group of its own: the training run must not hold the real group's partitions.
            with(vars, "HOOKLINE_DISPATCH_GROUP_ID", "webhooks.aot-training"),
            dir);
  }

  /** Starts dispatcher {@code i}, with the instance id {@code dispatcher-<i>}. */
  ServiceProcess startDispatcher(int i) throws Exception {
    ServiceProcess d =
        ServiceProcess.start(
            "dispatcher-" + i,
            "io.hookline.dispatcher.DispatcherService",
            with(vars, "HOOKLINE_DISPATCH_INSTANCE_ID", "dispatcher-" + i),
            dir,
            dispatcherJvm);
    if (i < dispatchers.size()) {
      dispatchers.set(i, d);
    } else {
      dispatchers.add(d);
    }
    return d;
  }

  /**
   * The retry tier topics of this run's {@code HOOKLINE_RETRY_TIERS}, named as the code names them.
   */
  List<String> tierTopics() {
    return new Topics("webhooks.", RetryTiers.parse(vars.get("HOOKLINE_RETRY_TIERS")))
        .retryTopics();
  }

  String apiBase() {
    return "http://127.0.0.1:" + ingest.port();
  }

  private String createEndpoint(String url) throws Exception {
    String body = "{\"tenant\":\"" + TENANT + "\",\"url\":\"" + url + "\"}";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(apiBase() + "/v1/endpoints"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("creating an endpoint failed: " + r.body());
    }
    return Json.mapper().readTree(r.body()).get("id").asText();
  }

  /** What each process is, for the result. */
  Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("broker", broker.bootstrapServers());
    out.put("dispatchers", dispatchers.size());
    out.put("endpoints", endpointIds.size());
    out.put("tiers", vars.get("HOOKLINE_RETRY_TIERS"));
    out.put("dispatcherAotCache", !dispatcherJvm.isEmpty());
    out.put("logs", dir.toString());
    return out;
  }

  static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }

  @Override
  public void close() throws InterruptedException {
    for (ServiceProcess d : dispatchers) {
      d.terminate();
    }
    retry.terminate();
    ingest.terminate();
    receiver.close();
    broker.close();
  }
}
