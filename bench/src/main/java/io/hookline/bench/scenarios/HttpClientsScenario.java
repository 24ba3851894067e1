package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round1;
import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ClosedLoop;
import io.hookline.bench.harness.ProcStatus;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.Wrk;
import io.hookline.bench.reference.PostClients;
import io.hookline.bench.reference.PostClients.PostClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher's choice of HTTP client, measured: the same 1 KiB JSON POST with the same webhook
 * headers, {@code --concurrency} at a time in a closed loop, against one receiver port, from
 * Hookline's {@code HttpSender} (as the dispatcher builds it), bare Apache HttpClient 5 classic,
 * the JDK's {@code HttpClient}, Jetty 12's client and wrk (a native process: the ceiling). Each
 * client gets its own warm-up and then a measured window, one after another, in the order of {@code
 * --clients}. The Java clients run in the bench JVM beside the receiver; wrk runs apart.
 */
public final class HttpClientsScenario implements Scenario {
  private static final List<String> CLIENTS = List.of("hookline", "apache", "jdk", "jetty", "wrk");

  @Override
  public String name() {
    return "http-clients";
  }

  @Override
  public String summary() {
    return "requests/s, p50/p99 and CPU of Hookline's HttpSender vs. bare Apache HttpClient 5,"
        + " the JDK HttpClient, Jetty 12 and wrk, on one receiver";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("concurrency", "64", "requests in flight at once (virtual threads; wrk -c)"),
        new Option("duration-s", "10", "measured window of each client"),
        // 3 s left the first client ~20 % behind (the receiver's code was still being compiled).
        new Option("warmup-s", "10", "warm-up of each client before its window (not counted)"),
        new Option("payload-bytes", "1024", "size of the JSON body"),
        new Option(
            "clients",
            String.join(",", CLIENTS),
            "clients to run, in this order (Hookline first: the coldest JVM is its)"),
        new Option("wrk-threads", "2", "wrk's threads"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int concurrency = options.integer("concurrency", 1);
    Duration measured = Duration.ofSeconds(options.integer("duration-s", 1));
    Duration warmup = Duration.ofSeconds(options.integer("warmup-s", 0));
    int payloadBytes = options.integer("payload-bytes", 100);
    int wrkThreads = options.integer("wrk-threads", 1);
    List<String> order = clients(options.string("clients"));
    if (order.contains("wrk") && !Wrk.available()) {
      throw new IllegalArgumentException("--clients has wrk but wrk is not on the PATH");
    }
    String body = body(payloadBytes);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("loadAverageBefore", loadAverage());
    List<Map<String, Object>> results = new ArrayList<>();
    try (Receiver receiver = Receiver.start(1, 1, Duration.ZERO)) {
      URI url = URI.create(receiver.url(0));
      Map<String, String> headers = PostClients.webhookHeaders(url, bytes);
      for (String client : order) {
        Progress.say(
            "%s: %d in flight, %d s warm-up + %d s measured",
            client, concurrency, warmup.toSeconds(), measured.toSeconds());
        Map<String, Object> figures =
            client.equals("wrk")
                ? wrk(body, headers, wrkThreads, concurrency, url, warmup, measured)
                : java(client, url, headers, bytes, concurrency, warmup, measured);
        Progress.say(
            "%s: %.0f requests/s, %d errors, p50 %s / p99 %s ms, bench JVM %s CPU s",
            client,
            (double) figures.get("requestsPerSecond"),
            (long) figures.get("errors"),
            figures.get("p50Ms"),
            figures.get("p99Ms"),
            figures.get("benchJvmCpuSeconds"));
        results.add(figures);
      }
    }
    addRatios(results);
    out.put("clients", results);
    out.put("order", order);
    out.put(
        "method",
        "closed loop of "
            + concurrency
            + " in flight, "
            + payloadBytes
            + " B JSON POST with the dispatcher's webhook headers (signed once, the same bytes"
            + " for every client), one JDK HttpServer port in the bench JVM answering 200 with no"
            + " body; Java clients share the bench JVM (and its CPU figure) with the receiver,"
            + " wrk is a separate process and its bench-JVM CPU is the receiver's alone;"
            + " otherProcessesCpuSeconds is the rest of the machine's CPU in the window (other"
            + " users' load: a run with much of it is not clean)");
    return out;
  }

  private static Map<String, Object> java(
      String client,
      URI url,
      Map<String, String> headers,
      byte[] body,
      int concurrency,
      Duration warmup,
      Duration measured)
      throws Exception {
    ClosedLoop.Result r;
    try (PostClient postClient = open(client, url, headers, body, concurrency)) {
      r = ClosedLoop.run(postClient, concurrency, warmup, measured);
    }
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("client", client);
    f.put("requestsPerSecond", round1(r.requestsPerSecond()));
    f.put("requests", r.succeeded());
    f.put("errors", r.errorCount());
    f.put("errorKinds", r.errors());
    f.put("warmupErrors", r.warmupErrors());
    f.put("p50Ms", millis(r.latencyNanos().p50()));
    f.put("p99Ms", millis(r.latencyNanos().p99()));
    f.put("maxMs", millis(r.latencyNanos().max()));
    f.put("seconds", round2(r.seconds()));
    f.put("benchJvmCpuSeconds", round1(r.cpuSeconds()));
    f.put("benchJvmCpuUsPerRequest", round1(r.cpuSeconds() * 1e6 / Math.max(1, r.succeeded())));
    f.put("otherProcessesCpuSeconds", round1(r.otherCpuSeconds()));
    return f;
  }

  private static PostClient open(
      String client, URI url, Map<String, String> headers, byte[] body, int concurrency)
      throws Exception {
    return switch (client) {
      case "hookline" -> PostClients.hookline(url, headers, body, concurrency);
      case "apache" -> PostClients.apache(url, headers, body, concurrency);
      case "jdk" -> PostClients.jdk(url, headers, body);
      case "jetty" -> PostClients.jetty(url, headers, body, concurrency);
      default -> throw new IllegalArgumentException("unknown client " + client);
    };
  }

  private static Map<String, Object> wrk(
      String body,
      Map<String, String> headers,
      int threads,
      int connections,
      URI url,
      Duration warmup,
      Duration measured)
      throws IOException, InterruptedException {
    Wrk wrk = Wrk.posting(body, headers, threads, connections);
    if (!warmup.isZero()) {
      wrk.run(url.toString(), warmup);
    }
    double cpuBefore = ProcStatus.selfCpuSeconds();
    double machineBefore = ProcStatus.machineBusyCpuSeconds();
    Map<String, Object> w = wrk.run(url.toString(), measured);
    double cpu = ProcStatus.selfCpuSeconds() - cpuBefore;
    double others = ProcStatus.machineBusyCpuSeconds() - machineBefore - cpu;
    long requests = (long) w.get("requests");
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("client", "wrk");
    f.put("requestsPerSecond", round1((double) w.get("requestsPerSecond")));
    f.put("requests", requests);
    f.put("errors", (long) w.get("non2xx") + (long) w.get("socketErrors"));
    f.put("p50Ms", w.get("p50Ms"));
    f.put("p99Ms", w.get("p99Ms"));
    f.put("benchJvmCpuSeconds", round1(cpu));
    f.put("benchJvmCpuUsPerRequest", round1(cpu * 1e6 / Math.max(1, requests)));
    f.put("wrkAndOtherProcessesCpuSeconds", round1(others));
    f.put("note", "bench-JVM CPU is the receiver's alone; wrk's own is in the other processes'");
    return f;
  }

  /** Each client's requests/s as a share of wrk's and of Hookline's, where those ran. */
  private static void addRatios(List<Map<String, Object>> results) {
    double wrk = rate(results, "wrk");
    double hookline = rate(results, "hookline");
    for (Map<String, Object> r : results) {
      double rate = (double) r.get("requestsPerSecond");
      if (wrk > 0) {
        r.put("vsWrk", round2(rate / wrk));
      }
      if (hookline > 0) {
        r.put("vsHookline", round2(rate / hookline));
      }
    }
  }

  private static double rate(List<Map<String, Object>> results, String client) {
    return results.stream()
        .filter(r -> r.get("client").equals(client))
        .mapToDouble(r -> (double) r.get("requestsPerSecond"))
        .findFirst()
        .orElse(0);
  }

  private static List<String> clients(String option) {
    List<String> order = Arrays.stream(option.split(",")).map(String::strip).toList();
    for (String c : order) {
      if (!CLIENTS.contains(c)) {
        throw new IllegalArgumentException(
            "--clients: unknown client " + c + "; known: " + CLIENTS);
      }
    }
    if (order.isEmpty() || order.size() != order.stream().distinct().count()) {
      throw new IllegalArgumentException("--clients must name each client at most once");
    }
    return order;
  }

  /** A webhook-like JSON body of exactly {@code bytes} bytes. */
  private static String body(int bytes) {
    String head =
        "{\"id\":\"msg_bench_http_clients\",\"type\":\"bench.tick\","
            + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"pad\":\"";
    String tail = "\"}}";
    return head + "x".repeat(Math.max(0, bytes - head.length() - tail.length())) + tail;
  }

  /** Nanoseconds as milliseconds with two decimals. */
  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
