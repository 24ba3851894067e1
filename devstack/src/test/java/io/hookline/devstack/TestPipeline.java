package io.hookline.devstack;

import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.dispatcher.DispatcherService;
import io.hookline.ingest.IngestConfig;
import io.hookline.ingest.IngestService;
import io.hookline.retry.RetryConfig;
import io.hookline.retry.RetryService;
import io.hookline.testkit.KafkaCluster;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The three services started on the testkit's broker under the test class's topic prefix, with
 * short retry tiers and loopback receivers allowed. Each service reads its configuration from the
 * same {@link Env}, exactly as in production.
 */
final class TestPipeline implements AutoCloseable {
  static final String TOKEN = "test-token-123";

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final Env env;
  IngestService ingest;
  DispatcherService dispatcher;
  RetryService retry;

  private TestPipeline(Env env) {
    this.env = env;
  }

  static TestPipeline start(KafkaCluster kafka, Map<String, String> overrides) throws Exception {
    return start(kafka.bootstrapServers(), kafka.topicPrefix(), overrides);
  }

  /** The pipeline on a broker of the test's own (one it stops and starts, for example). */
  static TestPipeline start(String bootstrap, String topicPrefix, Map<String, String> overrides)
      throws Exception {
    Map<String, String> vars = new HashMap<>();
    vars.put("HOOKLINE_KAFKA_BOOTSTRAP", bootstrap);
    vars.put("HOOKLINE_TOPIC_PREFIX", topicPrefix);
    vars.put("HOOKLINE_TOPIC_PARTITIONS", "3");
    vars.put("HOOKLINE_RETRY_TIERS", "1s,2s,3s");
    vars.put("HOOKLINE_HTTP_HOST", "127.0.0.1");
    vars.put("HOOKLINE_HTTP_PORT", "0");
    vars.put("HOOKLINE_STATUS_PEER_PORT", "0");
    vars.put("HOOKLINE_API_TOKEN", TOKEN);
    vars.put(SecretBox.MASTER_KEY, SecretBox.generateMasterKey());
    vars.put("HOOKLINE_DISPATCH_ALLOWED_NETWORKS", "127.0.0.0/8");
    vars.putAll(overrides);
    TestPipeline p = new TestPipeline(Env.of(vars));
    try {
      p.retry = p.push(RetryService.start(RetryConfig.fromEnv(p.env)));
      p.dispatcher = p.push(DispatcherService.start(DispatcherConfig.fromEnv(p.env)));
      p.ingest = p.push(IngestService.start(IngestConfig.fromEnv(p.env)));
    } catch (Exception e) {
      p.close();
      throw e;
    }
    return p;
  }

  private <T extends AutoCloseable> T push(T part) {
    parts.push(part);
    return part;
  }

  ApiClient api() {
    return new ApiClient("http://127.0.0.1:" + ingest.port(), TOKEN);
  }

  Env env() {
    return env;
  }

  @Override
  public void close() {
    // Every part is closed even when one fails; the first failure is thrown, the rest attached.
    IllegalStateException failure = null;
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (failure == null) {
          failure = new IllegalStateException("closing the test pipeline failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
