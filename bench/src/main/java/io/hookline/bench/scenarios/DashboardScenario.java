package io.hookline.bench.scenarios;

import static io.hookline.bench.scenarios.Common.round1;
import static io.hookline.bench.scenarios.Common.round2;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Stack;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.kafka.KafkaClients;
import io.hookline.core.signing.WebhookSecret;
import io.hookline.ingest.IngestService;
import io.hookline.schemas.Json;
import io.hookline.testkit.Chromium;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code bench/run dashboard}: the dashboard's page weight, and how long its endpoints view takes
 * to show a tenant with 10,000 endpoints in a real browser (Debian's chromium, headless, through
 * chromedriver), against the same view of a tenant with 10 in the same run. Times are the page's
 * own {@code performance.mark}s, from the start of the navigation: the first page of rows on
 * screen, and every row's 24 h figures filled in.
 */
public final class DashboardScenario implements Scenario {
  private static final String BIG = "dash-big";
  private static final String SMALL = "dash-small";

  /**
   * Bytes of the page and its assets that came over the wire (a revalidated one, 304, has none).
   */
  private static final String ASSET_BYTES =
      "const n = performance.getEntriesByType('navigation')[0];"
          + " return n.encodedBodySize + performance.getEntriesByType('resource')"
          + ".filter(r => r.name.includes('/assets/'))"
          + ".reduce((s, r) => s + r.encodedBodySize, 0)";

  @Override
  public String name() {
    return "dashboard";
  }

  @Override
  public String summary() {
    return "the dashboard's page weight and time to first render of the endpoints view, 10,000 vs"
        + " 10 endpoints in a tenant (headless chromium)";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("endpoints", "10000", "endpoints of the big tenant"),
        new Option("reference", "10", "endpoints of the reference tenant"),
        new Option("runs", "7", "page loads of each view (the first of each is not counted)"));
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int big = options.integer("endpoints", 1);
    int small = options.integer("reference", 1);
    int runs = options.integer("runs", 2);
    Map<String, Object> out = new LinkedHashMap<>();
    try (Stack stack = Stack.start("in-process");
        Phase phase = stack.phase("dashboard", Map.of())) {
      write(phase, BIG, big);
      write(phase, SMALL, small);
      IngestService ingest = phase.startIngest();
      String base = "http://127.0.0.1:" + ingest.port() + "/";
      ChromeDriver browser = Chromium.start();
      try {
        browser.get(base); // a first visit, with nothing cached: the sign-in page
        Object firstVisit = js(browser, ASSET_BYTES);
        js(browser, "sessionStorage.setItem('hookline.token', arguments[0])", Stack.API_TOKEN);
        List<Map<String, Object>> bigRuns = new ArrayList<>();
        List<Map<String, Object>> smallRuns = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
          Map<String, Object> b = load(browser, base, BIG, i);
          Map<String, Object> s = load(browser, base, SMALL, i);
          if (i > 0) { // the first loads warm the JIT and the caches: not timed
            bigRuns.add(b);
            smallRuns.add(s);
          }
        }
        double bigFirst = median(bigRuns, "firstRenderMs");
        double smallFirst = median(smallRuns, "firstRenderMs");
        out.put("endpoints", big);
        out.put("referenceEndpoints", small);
        out.put("firstRenderMs", round1(bigFirst));
        out.put("referenceFirstRenderMs", round1(smallFirst));
        out.put("firstRenderRatio", round2(bigFirst / smallFirst));
        out.put("completeMs", round1(median(bigRuns, "completeMs")));
        out.put("referenceCompleteMs", round1(median(smallRuns, "completeMs")));
        Map<String, Object> last = bigRuns.getLast();
        // A first visit downloads every asset; later ones revalidate them (304, no body).
        out.put("firstVisitAssetBytes", firstVisit);
        out.put("laterVisitAssetBytes", last.get("assetBytes"));
        out.put("firstPageApiBytes", last.get("listBytes"));
        out.put("viewApiBytes", last.get("apiBytes"));
        out.put("viewApiRequests", last.get("apiRequests"));
        out.put("rowsShown", last.get("rows"));
        out.put("runs", Map.of(BIG, bigRuns, SMALL, smallRuns));
      } finally {
        browser.quit();
      }
    }
    return out;
  }

  /** Opens the endpoints view of {@code tenant} afresh and reads the page's own marks. */
  private static Map<String, Object> load(ChromeDriver browser, String base, String tenant, int i) {
    browser.get(base + "?load=" + tenant + i + "#/endpoints?tenant=" + tenant);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Object complete = null;
    while (complete == null && System.nanoTime() < deadline) {
      complete = js(browser, mark("hookline:endpoints-complete"));
      if (complete == null) {
        js(browser, "return new Promise(r => setTimeout(r, 20))"); // waits in the page, bounded
      }
    }
    if (complete == null) {
      throw new IllegalStateException("the endpoints view of " + tenant + " did not complete");
    }
    Map<String, Object> run = new LinkedHashMap<>();
    run.put(
        "firstRenderMs",
        round1(((Number) js(browser, mark("hookline:endpoints-rendered"))).doubleValue()));
    run.put("completeMs", round1(((Number) complete).doubleValue()));
    run.put("rows", js(browser, "return document.querySelectorAll('tr[data-endpoint]').length"));
    run.put("assetBytes", js(browser, ASSET_BYTES));
    run.put(
        "listBytes",
        js(
            browser,
            "return performance.getEntriesByType('resource')"
                + ".filter(r => r.name.includes('/v1/endpoints?'))"
                + ".reduce((s, r) => s + r.decodedBodySize, 0)"));
    run.put(
        "apiBytes",
        js(
            browser,
            "return performance.getEntriesByType('resource')"
                + ".filter(r => r.name.includes('/v1/'))"
                + ".reduce((s, r) => s + r.decodedBodySize, 0)"));
    run.put(
        "apiRequests",
        js(
            browser,
            "return performance.getEntriesByType('resource')"
                + ".filter(r => r.name.includes('/v1/')).length"));
    return run;
  }

  private static String mark(String name) {
    return "const m = performance.getEntriesByName('"
        + name
        + "'); return m.length ? m[0].startTime : null";
  }

  private static Object js(ChromeDriver browser, String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private static double median(List<Map<String, Object>> runs, String key) {
    List<Double> values =
        runs.stream().map(r -> ((Number) r.get(key)).doubleValue()).sorted().toList();
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  /** {@code count} endpoints of {@code tenant}, written straight to the endpoints topic. */
  private static void write(Phase phase, String tenant, int count) throws Exception {
    SecretBox box = phase.secretBox();
    Instant now = Instant.now();
    List<Future<?>> acks = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        KafkaClients.producer(phase.kafka(), "bench-dashboard")) {
      for (int i = 0; i < count; i++) {
        String id = String.format("ep_%s_%05d", tenant.replace('-', '_'), i);
        var endpoint =
            BenchEndpoint.sealed(
                box,
                id,
                tenant,
                "http://127.0.0.1:9/hook/" + i,
                "endpoint " + i + " of " + tenant,
                List.of(),
                WebhookSecret.generate(),
                now);
        acks.add(
            producer.send(
                new ProducerRecord<>(phase.topics().endpoints(), id, Json.write(endpoint))));
      }
      for (Future<?> ack : acks) {
        ack.get();
      }
    }
    Progress.say("%,d endpoints of %s written", count, tenant);
  }
}
