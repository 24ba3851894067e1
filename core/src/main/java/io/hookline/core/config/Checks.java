package io.hookline.core.config;

import java.time.Duration;

/**
 * The range checks of the configuration records' compact constructors: each names the setting (its
 * environment variable) and the value it was given, so a record built in code is held to the same
 * rules as one read from the environment.
 */
public final class Checks {
  private Checks() {}

  /** {@code value}, if within {@code [min, max]}. */
  public static int between(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new ConfigException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /** {@code value}, if at least {@code min}. */
  public static Duration atLeast(Duration value, Duration min, String name) {
    if (value == null) {
      throw new ConfigException(name + " is required");
    }
    if (value.compareTo(min) < 0) {
      throw new ConfigException(
          name + " must be at least " + min.toMillis() + " ms, was " + value.toMillis());
    }
    return value;
  }

  /** {@code value}, if at least a millisecond. */
  public static Duration positive(Duration value, String name) {
    return atLeast(value, Duration.ofMillis(1), name);
  }

  /** {@code value}, if positive and no longer than a Kafka client's int milliseconds. */
  public static Duration kafkaMillis(Duration value, String name) {
    positive(value, name);
    if (value.toMillis() > Integer.MAX_VALUE) {
      throw new ConfigException(name + " must be at most " + Integer.MAX_VALUE + " ms");
    }
    return value;
  }

  /** {@code value}, if not null. */
  public static <T> T required(T value, String name) {
    if (value == null) {
      throw new ConfigException(name + " is required");
    }
    return value;
  }
}
