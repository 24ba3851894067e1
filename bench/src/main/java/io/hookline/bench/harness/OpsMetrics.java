package io.hookline.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A few figures from a service's Prometheus {@code /metrics}: the dispatcher's outcome counters
 * (what happened to the deliveries) and its heap in use, which says more about its memory needs
 * than the resident size a generous default heap grows to.
 */
public final class OpsMetrics {
  private OpsMetrics() {}

  /** The figures, or an {@code error} entry when the service does not answer. */
  static Map<String, Object> scrape(int port) {
    Map<String, Object> out = new TreeMap<>();
    String text;
    try {
      text = text(port);
    } catch (IOException e) {
      out.put("error", e.toString());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.put("error", "interrupted");
      return out;
    }
    double heap = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("hookline_dispatch_outcomes_total{")) {
        out.put(
            "outcome." + label(line, "outcome") + "." + label(line, "next"), (long) value(line));
      } else if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += value(line);
      }
    }
    out.put("heapUsedMiB", Math.round(heap / (1024 * 1024)));
    return out;
  }

  /**
   * The sum of every series of metric {@code name} (e.g. {@code jvm_memory_used_bytes} with {@code
   * area="heap"} as {@code filter}, or "" for all) on the service's {@code /metrics}.
   */
  public static double sum(int port, String name, String filter)
      throws IOException, InterruptedException {
    double sum = 0;
    for (String line : text(port).split("\n")) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(filter)) {
        sum += value(line);
      }
    }
    return sum;
  }

  private static String text(int port) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
              .timeout(Duration.ofSeconds(5))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
  }

  private static String label(String line, String name) {
    int at = line.indexOf(name + "=\"");
    if (at < 0) {
      return "?";
    }
    int from = at + name.length() + 2;
    return line.substring(from, line.indexOf('"', from));
  }

  private static double value(String line) {
    try {
      return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
