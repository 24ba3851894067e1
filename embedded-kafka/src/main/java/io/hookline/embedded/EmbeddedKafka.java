package io.hookline.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A Kafka for one machine: one KRaft node (broker and controller) in this JVM, listening on
 * loopback only (its client port and a free controller port on 127.0.0.1, nothing on a wildcard
 * address), on a data folder it formats. The devstack's broker and the benchmarks'. Not for
 * production: one replica, no security.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final String bootstrap;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrap) {
    this.server = server;
    this.bootstrap = bootstrap;
  }

  /**
   * Starts the node on {@code 127.0.0.1:port} (0: a free port) on {@code dataDir}: formatted first
   * when it holds no broker yet, otherwise started on what is there (topics, offsets and
   * transactions of the last run, recovered after a crash as a broker recovers its log). Returns
   * once it answers clients.
   */
  public static EmbeddedKafka start(int port, Path dataDir) throws Exception {
    return start(port, dataDir, null, null);
  }

  /**
   * As {@link #start(int, Path)}, with clients required to authenticate: SASL/PLAIN over plaintext
   * ({@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=PLAIN}) as {@code user} with
   * {@code password}, the only account. For trying and testing the clients' security settings on
   * one machine; a real cluster uses TLS (SASL_SSL).
   */
  public static EmbeddedKafka startWithPassword(
      int port, Path dataDir, String user, String password) throws Exception {
    if (!user.matches("[A-Za-z0-9_-]+") || password.contains("\"") || password.isEmpty()) {
      throw new IllegalArgumentException("user: letters, digits, '_', '-'; password: no '\"'");
    }
    return start(port, dataDir, user, password);
  }

  private static EmbeddedKafka start(int port, Path dataDir, String user, String password)
      throws Exception {
    int clientPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Path logs = Files.createDirectories(dataDir.resolve("logs"));
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + clientPort
            + ","
            + CONTROLLER
            + "://127.0.0.1:"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    if (user != null) {
      // The client listener wants SASL/PLAIN; the controller listener stays internal.
      props.put(
          "listener.security.protocol.map",
          "PLAINTEXT:SASL_PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
      props.put("sasl.enabled.mechanisms", "PLAIN");
      props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      props.put(
          "listener.name.plaintext.plain.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required"
              + " username=\""
              + user
              + "\" password=\""
              + password
              + "\" user_"
              + user
              + "=\""
              + password
              + "\";");
    }
    props.put("controller.listener.names", CONTROLLER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.putIfAbsent(
        "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    props.put("log.dirs", logs.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    KafkaConfig config = KafkaConfig.fromProps(props, false);

    if (!Files.exists(logs.resolve("meta.properties"))) {
      format(logs);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    EmbeddedKafka kafka = new EmbeddedKafka(server, "127.0.0.1:" + clientPort);
    try {
      kafka.awaitAnswering(user == null ? Map.of() : clientSecurity(user, password));
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  private static void format(Path logs) throws Exception {
    new Formatter()
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logs.toString()))
        .setMetadataLogDirectory(logs.toString())
        .setControllerListenerName(CONTROLLER)
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setUnstableFeatureVersionsEnabled(false)
        .setHasDynamicQuorum(false)
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .run();
  }

  /** {@code 127.0.0.1:<port>}, for clients. */
  public String bootstrapServers() {
    return bootstrap;
  }

  /** The client settings of {@link #startWithPassword}'s account. */
  public static Map<String, String> clientSecurity(String user, String password) {
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        "PLAIN",
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
  }

  private void awaitAnswering(Map<String, String> security) throws Exception {
    Properties props = new Properties();
    props.putAll(security);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the node and waits for it. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
