package io.hookline.testkit;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link KafkaCluster} parameter (see {@link WithKafka}).
 *
 * <p>The test JVM gets one broker, started on the first injection and stopped when the test run
 * ends. Which broker: the system property {@code hookline.testkit.broker} set to {@code embedded}
 * (in-JVM KRaft, about 2 s) or {@code testcontainers} ({@code apache/kafka:4.3.1}); unset, a
 * container when a Docker engine is available and the embedded broker otherwise.
 *
 * <p>Each test class gets its own topic prefix, {@code t<n>-<class name>.}, the same for all its
 * methods; see {@link KafkaCluster}. Safe under parallel test execution.
 */
public final class KafkaClusterExtension implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(KafkaClusterExtension.class);
  private static final AtomicInteger CLASSES_SEEN = new AtomicInteger();
  private static final int MAX_NAME_IN_PREFIX = 40;

  /** Store key for a test class's {@link KafkaCluster}. */
  private record ClassKey(Class<?> testClass) {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaCluster.class;
  }

  @Override
  public KafkaCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root store lives as long as the test run and closes its AutoCloseable values once.
    Store store = context.getRoot().getStore(NAMESPACE);
    SharedKafka broker =
        store.getOrComputeIfAbsent(
            SharedKafka.class, key -> SharedKafka.start(), SharedKafka.class);
    Class<?> testClass = context.getRequiredTestClass();
    return store.getOrComputeIfAbsent(
        new ClassKey(testClass),
        key -> new KafkaCluster(broker, topicPrefixFor(testClass)),
        KafkaCluster.class);
  }

  static String topicPrefixFor(Class<?> testClass) {
    String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    if (name.isEmpty()) {
      name = "anonymous";
    } else if (name.length() > MAX_NAME_IN_PREFIX) {
      name = name.substring(0, MAX_NAME_IN_PREFIX);
    }
    return "t" + CLASSES_SEEN.incrementAndGet() + "-" + name + ".";
  }
}
