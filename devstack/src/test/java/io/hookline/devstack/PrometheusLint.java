package io.hookline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints Prometheus exposition text the way {@code promtool check metrics} does, for the metric
 * families whose names start with a prefix: HELP text, counters named {@code _total} (and nothing
 * else), snake_case, no type in the name, base units only (seconds, bytes), no abbreviated units.
 * {@link #promtool} runs the real one when it is installed.
 */
final class PrometheusLint {
  private static final Pattern HELP = Pattern.compile("^# HELP (\\S+) ?(.*)$");
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
  private static final Pattern SNAKE = Pattern.compile("[a-z_:][a-z0-9_:]*");
  private static final Pattern NON_BASE_UNIT =
      Pattern.compile(
          "(^|_)(milliseconds|microseconds|nanoseconds|minutes|hours|days|weeks|kilobytes"
              + "|megabytes|gigabytes|kibibytes|mebibytes|percent|celsius)(_|$)");
  private static final Pattern ABBREVIATED_UNIT =
      Pattern.compile("(^|_)(ms|us|ns|sec|secs|min|mins|kb|mb|gb|kib|mib|gib)(_|$)");
  private static final Pattern TYPE_IN_NAME =
      Pattern.compile("(^|_)(counter|gauge|histogram|summary)(_|$)");

  private PrometheusLint() {}

  /** The problems found with the families whose names start with {@code prefix}. */
  static List<String> lint(String exposition, String prefix) {
    Map<String, String> help = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      Matcher h = HELP.matcher(line);
      if (h.matches()) {
        help.put(h.group(1), h.group(2).strip());
      }
      Matcher t = TYPE.matcher(line);
      if (t.matches()) {
        types.put(t.group(1), t.group(2));
      }
    }
    List<String> problems = new ArrayList<>();
    types.forEach(
        (name, type) -> {
          if (!name.startsWith(prefix)) {
            return;
          }
          if (help.getOrDefault(name, "").isEmpty()) {
            problems.add(name + " no help text");
          }
          if (!SNAKE.matcher(name).matches()) {
            problems.add(name + " metric names should be written in 'snake_case'");
          }
          if (type.equals("counter") && !name.endsWith("_total")) {
            problems.add(name + " counter metrics should have \"_total\" suffix");
          }
          if (!type.equals("counter") && name.endsWith("_total")) {
            problems.add(name + " non-counter metrics should not have \"_total\" suffix");
          }
          if (NON_BASE_UNIT.matcher(name).find()) {
            problems.add(name + " use base units (seconds, bytes) in the name");
          }
          if (ABBREVIATED_UNIT.matcher(name).find()) {
            problems.add(name + " metric names should not contain abbreviated units");
          }
          if (TYPE_IN_NAME.matcher(name.replaceAll("_total$", "")).find()) {
            problems.add(name + " metric name should not include type");
          }
        });
    return problems;
  }

  /** {@code promtool}, if it is on the PATH. */
  static Optional<Path> findPromtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * What {@code promtool check metrics} says of {@code exposition}, the lines about {@code prefix}.
   */
  static List<String> promtool(Path promtool, String exposition, String prefix)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("promtool did not finish");
    }
    return out.lines().map(String::strip).filter(l -> l.startsWith(prefix)).toList();
  }
}
