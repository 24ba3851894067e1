package io.hookline.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load generator of the API benchmarks: <a href="https://github.com/wg/wrk">wrk</a>
 * (Debian package {@code wrk}), a separate native process, so that the load costs the measured JVM
 * nothing but the requests themselves. Every request is the same POST with a JSON body and a bearer
 * token.
 */
public final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(\\w+),");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s+(50|75|90|99)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

  private final Path script;
  private final int threads;
  private final int connections;

  private Wrk(Path script, int threads, int connections) {
    this.script = script;
    this.threads = threads;
    this.connections = connections;
  }

  /** Whether {@code wrk} is on the PATH. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A generator that POSTs {@code body} with {@code Authorization: Bearer token}. */
  public static Wrk posting(String body, String token, int threads, int connections)
      throws IOException {
    return posting(body, Map.of("Authorization", "Bearer " + token), threads, connections);
  }

  /** A generator that POSTs {@code body} as JSON with {@code headers}. */
  public static Wrk posting(String body, Map<String, String> headers, int threads, int connections)
      throws IOException {
    Path script = Files.createTempFile("hookline-wrk", ".lua");
    script.toFile().deleteOnExit();
    StringBuilder lua = new StringBuilder();
    lua.append("wrk.method = \"POST\"\n");
    lua.append("wrk.body = ").append(luaString(body)).append('\n');
    lua.append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
    headers.forEach(
        (name, value) ->
            lua.append("wrk.headers[")
                .append(luaString(name))
                .append("] = ")
                .append(luaString(value))
                .append('\n'));
    Files.writeString(script, lua, StandardCharsets.UTF_8);
    return new Wrk(script, threads, connections);
  }

  private static String luaString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** Runs the load against {@code url} for {@code duration}; the figures wrk reported. */
  public Map<String, Object> run(String url, Duration duration)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + duration.toSeconds() + "s",
            "--latency",
            "-s",
            script.toString(),
            url));
    Path output = Files.createTempFile("hookline-wrk", ".out");
    try {
      Process process =
          ChildProcesses.track(
              new ProcessBuilder(command)
                  .redirectErrorStream(true)
                  .redirectOutput(output.toFile())
                  .start());
      boolean finished = process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String out = Files.readString(output, StandardCharsets.UTF_8);
      if (!finished || process.exitValue() != 0) {
        throw new IllegalStateException("wrk failed or hung:\n" + out);
      }
      return parse(out);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static Map<String, Object> parse(String out) {
    Map<String, Object> figures = new LinkedHashMap<>();
    Matcher rate = RATE.matcher(out);
    if (!rate.find()) {
      throw new IllegalStateException("no Requests/sec in wrk's output:\n" + out);
    }
    figures.put("requestsPerSecond", Double.parseDouble(rate.group(1)));
    Matcher total = TOTAL.matcher(out);
    long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
    figures.put("requests", requests);
    Matcher non2xx = NON_2XX.matcher(out);
    long failed = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
    figures.put("non2xx", failed);
    Matcher errors = ERRORS.matcher(out);
    long socketErrors = 0;
    if (errors.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(errors.group(g));
      }
    }
    figures.put("socketErrors", socketErrors);
    Matcher p = PERCENTILE.matcher(out);
    while (p.find()) {
      double value = Double.parseDouble(p.group(2));
      double ms =
          switch (p.group(3)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
          };
      figures.put("p" + p.group(1) + "Ms", Math.round(ms * 100) / 100.0);
    }
    return figures;
  }
}
