package io.hookline.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options given to one scenario, checked against what it declares: unknown options and
 * malformed numbers fail with a message naming the option.
 */
public final class Options {
  private final Map<String, String> values;

  private Options(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code --name value} and {@code --name=value} pairs.
   *
   * @throws IllegalArgumentException naming the unknown or incomplete option
   */
  public static Options parse(List<Option> declared, List<String> args) {
    Map<String, String> values = new LinkedHashMap<>();
    declared.forEach(o -> values.put(o.name(), o.defaultValue()));
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected an option like --events, got '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      values.put(name, value);
    }
    return new Options(values);
  }

  public String string(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalStateException("option --" + name + " is not declared");
    }
    return v;
  }

  /** A whole number of at least {@code min}. */
  public int integer(String name, int min) {
    int v;
    try {
      v = Integer.parseInt(string(name).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number");
    }
    if (v < min) {
      throw new IllegalArgumentException("--" + name + " must be at least " + min);
    }
    return v;
  }

  /** The effective options, for the JSON output. */
  public Map<String, String> effective() {
    return Map.copyOf(values);
  }
}
