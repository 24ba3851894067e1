package io.hookline.distribution;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two custom kinds the overlays use, as the fields of their published CRDs: KEDA 2's {@code
 * ScaledObject} (keda.sh/v1alpha1) and Strimzi's {@code KafkaTopic} (kafka.strimzi.io/v1, Strimzi
 * 0.49+). Neither project publishes a Java model that refuses unknown fields, so the fields are
 * written out here from the CRDs' schemas; read with unknown fields refused, a misspelt field
 * fails.
 */
final class CustomKinds {
  private CustomKinds() {}

  record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

  record ScaledObjectSpec(
      ScaleTarget scaleTargetRef,
      Integer pollingInterval,
      Integer cooldownPeriod,
      Integer initialCooldownPeriod,
      Integer idleReplicaCount,
      Integer minReplicaCount,
      Integer maxReplicaCount,
      Advanced advanced,
      Fallback fallback,
      List<Trigger> triggers) {}

  record ScaleTarget(String apiVersion, String kind, String name, String envSourceContainerName) {}

  record Advanced(
      Boolean restoreToOriginalReplicaCount,
      HpaConfig horizontalPodAutoscalerConfig,
      ScalingModifiers scalingModifiers) {}

  record HpaConfig(String name, Behavior behavior) {}

  /** autoscaling/v2's HorizontalPodAutoscalerBehavior. */
  record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {}

  record ScalingRules(
      Integer stabilizationWindowSeconds,
      String selectPolicy,
      List<ScalingPolicy> policies,
      String tolerance) {}

  record ScalingPolicy(String type, Integer value, Integer periodSeconds) {}

  record ScalingModifiers(
      String formula, String target, String activationTarget, String metricType) {}

  record Fallback(Integer failureThreshold, Integer replicas, String behavior) {}

  record AuthenticationRef(String name, String kind) {}

  /**
   * One trigger. Its metadata is a map of strings in the CRD (an unquoted number is refused by the
   * API server); a kafka trigger's keys are those of KEDA's Apache Kafka scaler.
   */
  record Trigger(
      String type,
      String name,
      Map<String, Object> metadata,
      AuthenticationRef authenticationRef,
      String metricType,
      Boolean useCachedMetrics) {
    static final Set<String> KAFKA_KEYS =
        Set.of(
            "bootstrapServers",
            "consumerGroup",
            "topic",
            "lagThreshold",
            "activationLagThreshold",
            "offsetResetPolicy",
            "allowIdleConsumers",
            "scaleToZeroOnInvalidOffset",
            "excludePersistentLag",
            "limitToPartitionsWithLag",
            "ensureEvenDistributionOfPartitions",
            "partitionLimitation",
            "version",
            "sasl",
            "tls",
            "unsafeSsl");

    Trigger {
      metadata = metadata == null ? Map.of() : metadata;
      metadata.forEach(
          (k, v) -> {
            if (!(v instanceof String)) {
              throw new IllegalArgumentException(
                  "trigger metadata " + k + " must be a string (quote it), was " + v);
            }
            String key = k.endsWith("FromEnv") ? k.substring(0, k.length() - 7) : k;
            if ("kafka".equals(type) && !KAFKA_KEYS.contains(key)) {
              throw new IllegalArgumentException("the kafka scaler has no setting " + k);
            }
          });
    }
  }

  record KafkaTopic(String apiVersion, String kind, ObjectMeta metadata, KafkaTopicSpec spec) {}

  record KafkaTopicSpec(
      String topicName, Integer partitions, Integer replicas, Map<String, Object> config) {}
}
