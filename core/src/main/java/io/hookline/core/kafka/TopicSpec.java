package io.hookline.core.kafka;

import io.hookline.core.config.KafkaConfig;
import io.hookline.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/** A topic Hookline needs, with the settings of DESIGN.md's topic table. */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
  public TopicSpec {
    configs = Map.copyOf(configs);
  }

  /** Every topic of the pipeline, as DESIGN.md sets them up. */
  public static List<TopicSpec> pipeline(KafkaConfig config) {
    Topics t = config.topics();
    int n = config.partitions();
    String week = String.valueOf(Duration.ofDays(7).toMillis());
    List<TopicSpec> specs = new ArrayList<>();
    specs.add(new TopicSpec(t.events(), n, Map.of(TopicConfig.RETENTION_MS_CONFIG, week)));
    // Same partition count as deliveries, same key: endpoints can be co-partitioned.
    specs.add(
        new TopicSpec(
            t.endpoints(),
            n,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    specs.add(new TopicSpec(t.deliveries(), n, Map.of()));
    for (String retry : t.retryTopics()) {
      // The broker stamps the time a record entered the tier: the retry clock starts there.
      specs.add(
          new TopicSpec(
              retry, n, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")));
    }
    String month = String.valueOf(Duration.ofDays(30).toMillis());
    specs.add(new TopicSpec(t.dlq(), n, Map.of(TopicConfig.RETENTION_MS_CONFIG, month)));
    specs.add(new TopicSpec(t.attempts(), n, Map.of(TopicConfig.RETENTION_MS_CONFIG, week)));
    // One record per replayed DLQ entry, keyed by its coordinates; compaction keeps the latest of
    // a forced re-replay. Keys never repeat otherwise, so compaction alone would keep the ledger
    // forever: it also expires after the DLQ's retention, when every entry it names is gone.
    specs.add(
        new TopicSpec(
            t.dlqReplays(),
            n,
            Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                month)));
    return specs;
  }
}
