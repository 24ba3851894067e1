package io.hookline.devstack;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.dispatcher.DispatcherService;
import io.hookline.embedded.EmbeddedKafka;
import io.hookline.ingest.IngestConfig;
import io.hookline.ingest.IngestService;
import io.hookline.ingest.status.StatusConfig;
import io.hookline.retry.RetryConfig;
import io.hookline.retry.RetryService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one laptop, in one JVM: an embedded Kafka broker (unless {@code
 * HOOKLINE_KAFKA_BOOTSTRAP} names one), the ingest, dispatcher and retry services, and a demo
 * receiver. Every {@code HOOKLINE_*} variable is honoured as the services honour it; only what is
 * unset gets a local default. Ctrl-C stops everything in order.
 */
public final class Devstack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Devstack.class);

  /** Where the devstack keeps its broker's data and secrets across restarts. */
  public static final String DATA_DIR = "HOOKLINE_DEVSTACK_DATA_DIR";

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private Optional<Path> dataDir = Optional.empty();
  private String apiUrl;
  private String apiToken;
  private DemoReceiver receiver;

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    Devstack stack = new Devstack();
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping Hookline devstack…");
                  stack.close();
                  stopped.countDown();
                  if (running.get()) {
                    // Stopped cleanly: exit 0, as the services do, not the 143 of a signal.
                    Runtime.getRuntime().halt(0);
                  }
                },
                "devstack-shutdown"));
    try {
      Env env = Env.fromSystem();
      for (String arg : args) {
        if (!arg.equals("--fresh")) {
          throw new ConfigException("unknown argument " + arg + " (devstack takes only --fresh)");
        }
        if (env.get(DATA_DIR).isPresent()) {
          Path dir = Path.of(env.get(DATA_DIR).get());
          if (Files.exists(dir)) {
            deleteRecursively(dir);
          }
        }
      }
      stack.start(env);
    } catch (ConfigException e) {
      System.err.println("devstack: configuration error: " + e.getMessage());
      System.exit(2);
    }
    running.set(true);
    stack.printWelcome((System.nanoTime() - started) / 1_000_000);
    stopped.await();
  }

  /** Starts every part; on failure, closes what was started and rethrows. */
  public void start(Env userEnv) throws Exception {
    try {
      // HOOKLINE_DEVSTACK_DATA_DIR keeps the broker's data and the generated secrets across
      // restarts (bin/devstack sets it to .devstack/); without it, a folder for this run only.
      Optional<String> kept = userEnv.get(DATA_DIR);
      Path dataDir =
          kept.isPresent()
              ? Files.createDirectories(Path.of(kept.get()).toAbsolutePath())
              : temporaryDataDir();
      this.dataDir = kept.isPresent() ? Optional.of(dataDir) : Optional.empty();
      Env env = localDefaults(userEnv, LocalSecrets.in(dataDir));
      int kafkaPort = userEnv.integer("HOOKLINE_DEVSTACK_KAFKA_PORT", 9092, 0, 65535);
      int apiPort = env.integer("HOOKLINE_HTTP_PORT", 8080, 0, 65535);
      env = env.withDefaults(peerPort(apiPort));
      int receiverPort = env.integer("HOOKLINE_DEVSTACK_RECEIVER_PORT", 8090, 0, 65535);
      checkSettings(env, apiPort);
      if (userEnv.get("HOOKLINE_KAFKA_BOOTSTRAP").isEmpty()) {
        EmbeddedKafka broker = EmbeddedKafka.start(kafkaPort, dataDir.resolve("kafka"));
        parts.push(broker);
        env = env.with(Map.of("HOOKLINE_KAFKA_BOOTSTRAP", broker.bootstrapServers()));
        log.info("embedded Kafka broker on {}", broker.bootstrapServers());
      }
      receiver = DemoReceiver.start(receiverPort, System.out::println);
      parts.push(receiver);

      RetryService retry = RetryService.start(RetryConfig.fromEnv(env.with(opsPort(apiPort, 2))));
      parts.push(retry);
      DispatcherService dispatcher =
          DispatcherService.start(DispatcherConfig.fromEnv(env.with(opsPort(apiPort, 1))));
      parts.push(dispatcher);
      IngestService ingest = IngestService.start(IngestConfig.fromEnv(env));
      parts.push(ingest);

      String host = env.string("HOOKLINE_HTTP_HOST", "127.0.0.1");
      apiUrl = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + ingest.port();
      apiToken = env.required(IngestConfig.API_TOKEN, "");
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Reads every service's settings before anything starts, so that a missing or malformed one is
   * one line naming it (a {@link ConfigException}), with no broker, port or thread opened. The
   * embedded broker's address is not known yet: a placeholder stands in for it.
   */
  private static void checkSettings(Env env, int apiPort) {
    Env probe =
        env.get("HOOKLINE_KAFKA_BOOTSTRAP").isPresent()
            ? env
            : env.with(Map.of("HOOKLINE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
    IngestConfig.fromEnv(probe);
    DispatcherConfig.fromEnv(probe.with(opsPort(apiPort, 1)));
    RetryConfig.fromEnv(probe.with(opsPort(apiPort, 2)));
  }

  /**
   * Local-mode defaults: loopback everything, loopback receivers allowed, and the data folder's
   * secrets (made on its first start) where none are given.
   */
  static Env localDefaults(Env userEnv, LocalSecrets secrets) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("HOOKLINE_HTTP_HOST", "127.0.0.1");
    defaults.put("HOOKLINE_HTTP_PORT", "8080");
    defaults.put("HOOKLINE_DISPATCH_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128");
    defaults.put(IngestConfig.API_TOKEN, secrets.apiToken());
    defaults.put(SecretBox.MASTER_KEY, secrets.masterKey());
    // One instance of each: stable identities, so that after a crash the restarted services fence
    // their predecessors and take their partitions back at once.
    defaults.put("HOOKLINE_RETRY_INSTANCE_ID", "devstack-retry");
    defaults.put("HOOKLINE_DISPATCH_INSTANCE_ID", "devstack-dispatcher");
    return userEnv.withDefaults(defaults);
  }

  /**
   * A data folder for this run only, removed after the broker has fully stopped (removing it while
   * the broker shuts down makes it log spurious checkpoint errors).
   */
  private Path temporaryDataDir() throws IOException {
    Path dir = Files.createTempDirectory("hookline-devstack");
    parts.push(() -> deleteRecursively(dir));
    return dir;
  }

  /** The ingest's status peer listener is the third port after the API's. */
  private static Map<String, String> peerPort(int apiPort) {
    return Map.of(StatusConfig.PEER_PORT, apiPort == 0 ? "0" : String.valueOf(apiPort + 3));
  }

  /** The dispatcher and retry-service serve their /metrics next to the API port. */
  private static Map<String, String> opsPort(int apiPort, int offset) {
    return Map.of("HOOKLINE_HTTP_PORT", apiPort == 0 ? "0" : String.valueOf(apiPort + offset));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  public String apiUrl() {
    return apiUrl;
  }

  public String apiToken() {
    return apiToken;
  }

  String receiverUrl(String path) {
    return receiver.url(path);
  }

  private void printWelcome(long readyMs) {
    String create =
        String.format(
            "curl -s -X POST %s/v1/endpoints -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\%n"
                + "  -d '{\"tenant\":\"acme\",\"url\":\"%s\",\"eventTypes\":[\"order.*\"]}'",
            apiUrl, apiToken, receiverUrl("/ok"));
    String send =
        String.format(
            "curl -s -X POST %s/v1/events -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\%n"
                + "  -d '{\"tenant\":\"acme\",\"type\":\"order.created\",\"data\":{\"orderId\":\"o_1\",\"total\":42}}'",
            apiUrl, apiToken);
    System.out.printf(
        """

        Hookline devstack is ready (%.1f s).

          API        %s
          API token  %s
          Receiver   %s  (also /fail = always 503, /flaky = 503 twice then 200, /gone = 410)
          Data       %s

        Create an endpoint that points at the demo receiver (the answer holds its signing secret, shown once):

          %s

        Send it an event; the demo receiver prints the signed webhook here:

          %s

        Ctrl-C stops everything.
        %n""",
        readyMs / 1000.0,
        apiUrl,
        apiToken,
        receiverUrl("/ok"),
        dataDir
            .map(d -> d + " (kept across restarts; --fresh starts empty)")
            .orElse("a folder for this run only (set " + DATA_DIR + " to keep it)"),
        create,
        send);
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        log.warn("{} did not stop cleanly", part.getClass().getSimpleName(), e);
      }
    }
  }
}
