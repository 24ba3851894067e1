package io.hookline.core.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Typed access to {@code HOOKLINE_*} configuration, from the process environment or from a map
 * (tests, devstack). Every accessor fails with a {@link ConfigException} naming the variable and
 * the expected form. Its values are immutable; it remembers which names were asked for ({@link
 * #namesAsked}), so that a test can tell which settings a service really reads.
 */
public final class Env {
  public static final String PREFIX = "HOOKLINE_";
  private final Map<String, String> values;
  private final Set<String> asked;

  private Env(Map<String, String> values, Set<String> asked) {
    this.values = Map.copyOf(values);
    this.asked = asked;
  }

  /** The {@code HOOKLINE_*} variables of this process. */
  public static Env fromSystem() {
    return of(System.getenv());
  }

  /** Only the {@code HOOKLINE_*} entries of {@code values} are kept. */
  public static Env of(Map<String, String> values) {
    return of(values, ConcurrentHashMap.newKeySet());
  }

  private static Env of(Map<String, String> values, Set<String> asked) {
    Map<String, String> kept = new HashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX) && v != null) {
            kept.put(k, v);
          }
        });
    return new Env(kept, asked);
  }

  /** This environment with {@code defaults} filled in where a variable is not set. */
  public Env withDefaults(Map<String, String> defaults) {
    Map<String, String> merged = new HashMap<>(defaults);
    merged.putAll(values);
    return of(merged, asked);
  }

  /** This environment with {@code overrides} replacing what is set. */
  public Env with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return of(merged, asked);
  }

  public Optional<String> get(String name) {
    asked.add(name);
    String v = values.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  public String string(String name, String defaultValue) {
    return get(name).orElse(defaultValue);
  }

  public String required(String name, String hint) {
    return get(name).orElseThrow(() -> new ConfigException(name + " is required: " + hint));
  }

  /**
   * A whole number; its range is the configuration record's to check ({@link Checks#between}), so
   * that a record built in code is held to it too.
   */
  public int integer(String name, int defaultValue) {
    return parse(name, defaultValue, Integer::parseInt, "a whole number");
  }

  public int integer(String name, int defaultValue, int min, int max) {
    int v = parse(name, defaultValue, Integer::parseInt, "a whole number");
    if (v < min || v > max) {
      throw new ConfigException(name + " must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  /** A duration in milliseconds, from a variable whose name ends in {@code _MS}. */
  public Duration millis(String name, Duration defaultValue) {
    long ms = parse(name, defaultValue.toMillis(), Long::parseLong, "a number of milliseconds");
    if (ms <= 0) {
      throw new ConfigException(name + " must be > 0 milliseconds, was " + ms);
    }
    return Duration.ofMillis(ms);
  }

  public boolean bool(String name, boolean defaultValue) {
    return parse(
        name,
        defaultValue,
        s -> {
          if (s.equalsIgnoreCase("true") || s.equals("1")) {
            return true;
          }
          if (s.equalsIgnoreCase("false") || s.equals("0")) {
            return false;
          }
          throw new IllegalArgumentException();
        },
        "true or false");
  }

  /** Every variable starting with {@code prefix}, keyed by the rest of its name. */
  public Map<String, String> withPrefix(String prefix) {
    asked.add(prefix + "*");
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.length() > prefix.length()) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  /**
   * The names asked for so far by this environment and those made from it ({@link #with}, {@link
   * #withDefaults}); a family read by {@link #withPrefix} as its prefix followed by {@code *}.
   */
  public Set<String> namesAsked() {
    return Set.copyOf(asked);
  }

  private <T> T parse(String name, T defaultValue, Function<String, T> parser, String expected) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return parser.apply(raw.get());
    } catch (RuntimeException e) {
      throw new ConfigException(name + " must be " + expected + ", was '" + raw.get() + "'");
    }
  }
}
