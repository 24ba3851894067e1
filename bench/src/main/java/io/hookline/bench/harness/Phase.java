package io.hookline.bench.harness;

import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.kafka.TopicSpec;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.dispatcher.DispatcherService;
import io.hookline.ingest.IngestConfig;
import io.hookline.ingest.IngestService;
import io.hookline.retry.RetryConfig;
import io.hookline.retry.RetryService;
import io.hookline.schemas.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * One measured run on the shared broker, under its own topic prefix: the services started from one
 * {@link Env}, exactly as {@code TestPipeline} and a deployment start them. Closing the phase
 * closes what it started, newest first.
 */
public final class Phase implements AutoCloseable {
  private final String name;
  private final int number;
  private final Map<String, String> vars;
  private final Env env;
  private final KafkaConfig kafka;
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  Phase(String name, int number, Map<String, String> vars) {
    this.name = name;
    this.number = number;
    this.vars = Map.copyOf(vars);
    this.env = Env.of(vars);
    this.kafka = KafkaConfig.fromEnv(env);
    // Topics exist before anything is written, as `hookline topics create` would leave them.
    new TopicProvisioner(kafka).ensurePipelineTopics();
    TopicReadiness.await(kafka, kafka.topics().all());
  }

  public String name() {
    return name;
  }

  /** A short tag unique to this phase within the run, usable inside ids ({@code p3}). */
  public String tag() {
    return "p" + number;
  }

  public Map<String, String> vars() {
    return vars;
  }

  public Env env() {
    return env;
  }

  public KafkaConfig kafka() {
    return kafka;
  }

  public Topics topics() {
    return kafka.topics();
  }

  public SecretBox secretBox() {
    return SecretBox.fromMasterKey(vars.get(SecretBox.MASTER_KEY));
  }

  /** The dispatcher's configuration as the dispatcher itself reads it from this phase's env. */
  public DispatcherConfig dispatcherConfig() {
    return DispatcherConfig.fromEnv(env);
  }

  public IngestService startIngest() throws IOException, InterruptedException {
    return own(IngestService.start(IngestConfig.fromEnv(env)));
  }

  public RetryService startRetry() throws IOException {
    return own(RetryService.start(RetryConfig.fromEnv(env)));
  }

  /** Starts the ingest-service, in this JVM or a process of its own, and returns once ready. */
  public ServiceHandle startIngest(String mode, List<String> jvmOptions) throws Exception {
    return start(
        mode,
        "ingest",
        IngestService.class.getName(),
        jvmOptions,
        () -> {
          IngestService service = IngestService.start(IngestConfig.fromEnv(env));
          return new InProcess(service, service.port());
        });
  }

  /** Starts a retry-service, in this JVM or a process of its own, and returns once ready. */
  public ServiceHandle startRetry(String mode, List<String> jvmOptions) throws Exception {
    return start(
        mode,
        "retry",
        RetryService.class.getName(),
        jvmOptions,
        () -> {
          RetryService service = RetryService.start(RetryConfig.fromEnv(env));
          return new InProcess(service, service.port());
        });
  }

  /** Starts a dispatcher and returns once it is ready (endpoints read, poll loop running). */
  public ServiceHandle startDispatcher(String mode, List<String> jvmOptions) throws Exception {
    return startDispatcher(mode, jvmOptions, "dispatcher");
  }

  /**
   * Starts a dispatcher named {@code name} (its log file's and progress lines' name: several
   * dispatchers of one phase share its group) and returns once it is ready.
   */
  public ServiceHandle startDispatcher(String mode, List<String> jvmOptions, String name)
      throws Exception {
    return start(
        mode,
        name,
        DispatcherService.class.getName(),
        jvmOptions,
        () -> {
          DispatcherService service = DispatcherService.start(dispatcherConfig());
          return new InProcess(service, service.port());
        });
  }

  private interface InProcessStart {
    InProcess start() throws Exception;
  }

  private ServiceHandle start(
      String mode, String service, String mainClass, List<String> jvmOptions, InProcessStart here)
      throws Exception {
    ServiceHandle handle =
        switch (mode) {
          case "process" -> ServiceJvm.start(this, service, mainClass, jvmOptions);
          case "in-process" -> here.start();
          default ->
              throw new IllegalArgumentException(
                  "the " + service + " must run as process or in-process, was " + mode);
        };
    return own(handle);
  }

  /** Creates a plain topic of this phase (the pipeline's partition count) and waits for it. */
  public void createTopic(String topic) {
    new TopicProvisioner(kafka).ensure(List.of(new TopicSpec(topic, kafka.partitions(), Map.of())));
    TopicReadiness.await(kafka, List.of(topic));
  }

  /** A producer with Hookline's settings (acks=all, idempotent), closed with the phase. */
  public KafkaProducer<String, byte[]> producer(String clientId) {
    return own(KafkaClients.producer(kafka, clientId + "-" + tag()));
  }

  /** Closes {@code part} with the phase, before whatever was owned earlier. */
  public <T extends AutoCloseable> T own(T part) {
    parts.push(part);
    return part;
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        Progress.say("%s did not stop cleanly: %s", part.getClass().getSimpleName(), e);
      }
    }
  }

  private record InProcess(AutoCloseable service, int opsPort) implements ServiceHandle {
    @Override
    public String mode() {
      return "in-process";
    }

    @Override
    public OptionalLong peakRssKib() {
      return ProcStatus.peakRssKib(ProcStatus.selfPid());
    }

    @Override
    public Optional<Duration> cpuTime() {
      return Optional.empty();
    }

    @Override
    public void close() {
      try {
        service.close();
      } catch (Exception e) {
        Progress.say("%s did not stop cleanly: %s", service.getClass().getSimpleName(), e);
      }
    }
  }
}
