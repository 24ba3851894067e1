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
 * <p>Each test gets a topic prefix of its own, {@code t<n>-<class name>-<method name>.}, the same
 * in the test method and its {@code @BeforeEach} and {@code @AfterEach}; a {@code @BeforeAll} gets
 * the class's, {@code t<n>-<class name>.}, for services a class starts once and shares. So no test
 * sees another's records, whatever order they run in; see {@link KafkaCluster}. Safe under parallel
 * test execution.
 */
public final class KafkaClusterExtension implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(KafkaClusterExtension.class);
  private static final AtomicInteger PREFIXES_GIVEN = new AtomicInteger();
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
    if (context.getTestMethod().isPresent()) {
      // The test's own store: its @BeforeEach, the test and its @AfterEach share one context.
      String method = context.getRequiredTestMethod().getName();
      return context
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(
              MethodKey.class,
              key -> new KafkaCluster(broker, topicPrefixFor(testClass, method)),
              KafkaCluster.class);
    }
    return store.getOrComputeIfAbsent(
        new ClassKey(testClass),
        key -> new KafkaCluster(broker, topicPrefixFor(testClass, null)),
        KafkaCluster.class);
  }

  /** Store key, in a test's own store, for the test's {@link KafkaCluster}. */
  private record MethodKey() {}

  static String topicPrefixFor(Class<?> testClass, String method) {
    String name = part(testClass.getSimpleName(), "anonymous");
    String prefix = "t" + PREFIXES_GIVEN.incrementAndGet() + "-" + name;
    return (method == null ? prefix : prefix + "-" + part(method, "test")) + ".";
  }

  private static String part(String name, String ifEmpty) {
    String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    if (clean.isEmpty()) {
      return ifEmpty;
    }
    return clean.length() > MAX_NAME_IN_PREFIX ? clean.substring(0, MAX_NAME_IN_PREFIX) : clean;
  }
}
