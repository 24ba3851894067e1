package io.hookline.bench;

import java.util.List;
import java.util.Map;

/**
 * One benchmark: runs Hookline and its reference in the same process run, and returns the figures
 * (numbers, nested maps and lists of them) that {@link Bench} prints as the last line of output.
 */
public interface Scenario {
  String name();

  /** One line for {@code --help}. */
  String summary();

  List<Option> options();

  Map<String, Object> run(Options options) throws Exception;
}
