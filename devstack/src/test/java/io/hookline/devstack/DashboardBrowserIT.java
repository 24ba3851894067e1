package io.hookline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.schemas.Json;
import io.hookline.testkit.Chromium;
import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.ReceivedRequest;
import io.hookline.testkit.ReceiverRoute;
import io.hookline.testkit.Response;
import io.hookline.testkit.TestReceiver;
import io.hookline.testkit.WithKafka;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real browser (Debian's chromium, driven by Selenium through chromedriver) on
 * the real pipeline (ingest, dispatcher, retry-service; tiers 1s, 2s, 3s) and a receiver on
 * loopback. Each main view is saved as a screenshot under {@code target/dashboard-screenshots}.
 */
@WithKafka
class DashboardBrowserIT {
  static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestPipeline pipeline;
  private static TestReceiver receiver;
  private static String base;
  private ChromeDriver browser;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    receiver = TestReceiver.start();
    pipeline = TestPipeline.start(cluster, Map.of());
    base = "http://127.0.0.1:" + pipeline.ingest.port() + "/";
    Files.createDirectories(SCREENSHOTS);
    // The status view answers 503 until its stores are up: the views that use it start after.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> pipeline.api().get("/v1/stats").status() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    pipeline.close();
    receiver.close();
  }

  @BeforeEach
  void openBrowser() {
    browser = Chromium.start();
  }

  @AfterEach
  void closeBrowser(TestInfo test) {
    try {
      screenshot("last-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
    } finally {
      browser.quit();
    }
  }

  @Test
  void anOperatorFollowsAWebhookFromATestEventToTheDlqAndReplaysItOnce() {
    AtomicBoolean up = new AtomicBoolean(true);
    ReceiverRoute route = receiver.onPath("/story");
    route.respondWith(r -> up.get() ? Response.ok() : Response.status(503));

    // Sign in.
    browser.get(base);
    screenshot("sign-in");
    signIn(TestPipeline.TOKEN);
    visible(By.id("tenant"));

    // Create an endpoint pointing at the receiver; its secret is shown once.
    type(By.id("tenant"), "shop");
    click(By.xpath("//button[text()='New endpoint']"));
    type(By.id("ep-url"), route.url());
    type(By.id("ep-description"), "Orders of the shop");
    click(By.xpath("//button[text()='Create endpoint']"));
    assertThat(visible(By.id("secret")).getText()).startsWith("whsec_");
    click(By.partialLinkText("Go to endpoint"));
    String endpoint = visible(By.cssSelector("h1 code")).getText();

    // A test event: its attempt shows with status 200.
    click(By.xpath("//button[text()='Send test event']"));
    awaitAttemptWithStatus("200");
    assertThat(route.count()).isEqualTo(1);
    screenshot("endpoint");
    click(By.cssSelector("tr.attempt a"));
    visible(By.cssSelector(".delivery"));
    screenshot("event");

    // The receiver fails until the delivery lands in the DLQ (attempt 1, then 1s, 2s, 3s).
    up.set(false);
    browser.get(base + "#/endpoint/" + endpoint);
    click(By.xpath("//button[text()='Send test event']"));
    route.awaitCount(5, WAIT);
    browser.get(base + "#/dlq");
    type(By.id("f-endpoint"), endpoint);
    click(By.xpath("//button[text()='Filter']"));
    WebElement row =
        afterRefresh(
            () -> browser.findElement(By.cssSelector("tr[data-ref]")), WebElement::isDisplayed);
    String ref = row.getDomAttribute("data-ref");
    assertThat(row.getText()).contains(endpoint, "exhausted", "503");
    screenshot("dlq");

    // A dry run shows what would go and sends nothing; the replay sends it once.
    up.set(true);
    int before = route.count();
    click(By.cssSelector("tr[data-ref='" + ref + "'] input[type=checkbox]"));
    click(By.xpath("//button[text()='Dry run selected']"));
    assertThat(awaitText(By.cssSelector("#replay-result .summary")))
        .contains("Dry run: would replay 1 entries; nothing was sent.");
    assertThat(route.count()).isEqualTo(before);
    click(By.xpath("//button[text()='Replay selected']"));
    assertThat(awaitText(By.cssSelector("#replay-result .summary"))).contains("Replayed 1 of 1");
    List<ReceivedRequest> after = route.awaitCount(before + 1, WAIT);
    assertThat(after.get(after.size() - 1).header("webhook-id"))
        .isEqualTo(route.requests().get(1).header("webhook-id"));
    // The list is read again after the replay: the entry now says when it was replayed.
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> browser.findElement(By.cssSelector("tr[data-ref='" + ref + "'] td.replayed")),
            td -> td.getText().startsWith("yes"));
    screenshot("dlq-replayed");
    click(By.linkText(ref));
    assertThat(awaitText(By.cssSelector("dl.kv"))).contains("by api");

    browser.get(base + "#/stats?tenant=shop");
    assertThat(awaitText(By.cssSelector(".tiles"))).contains("Attempts");
    visible(By.cssSelector("svg.chart rect"));
    screenshot("stats");
    browser.get(base + "#/endpoints?tenant=shop");
    assertThat(awaitText(By.cssSelector("tr[data-endpoint]"))).contains(endpoint, route.url());
    screenshot("endpoints");
  }

  @Test
  void aWrongTokenShowsTheSignInErrorAndNothingElse() {
    browser.get(base);
    signIn("not-the-token");

    assertThat(awaitText(By.cssSelector(".signin [role=alert]")))
        .isEqualTo("the bearer token is not valid");
    assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
    assertThat(sessionToken()).isNull();
    screenshot("sign-in-error");
  }

  @Test
  void markupInAnEndpointAndInAResponseRendersAsText() {
    String markup = "<img src=x onerror=\"window.hooklineXss=1\">";
    ReceiverRoute route = receiver.onPath("/xss");
    route.respondWith(Response.status(500).withBody(markup));
    ObjectNode create = Json.mapper().createObjectNode();
    create.put("tenant", "xss");
    create.put("url", route.url());
    create.put("description", "<b>bold</b>" + markup);
    String endpoint =
        pipeline.api().post("/v1/endpoints", create.toString()).body().get("id").asText();
    browser.get(base);
    signIn(TestPipeline.TOKEN);
    visible(By.id("tenant"));

    browser.get(base + "#/endpoint/" + endpoint);
    click(By.xpath("//button[text()='Send test event']"));
    route.awaitCount(1, WAIT);
    WebElement snippet =
        afterRefresh(
            () -> browser.findElement(By.cssSelector("pre.snippet")), WebElement::isDisplayed);

    assertThat(snippet.getText()).isEqualTo(markup);
    assertThat(awaitText(By.cssSelector("dl.kv"))).contains("<b>bold</b>" + markup);
    assertThat(browser.findElements(By.cssSelector("main img, main b"))).isEmpty();
    assertThat(((JavascriptExecutor) browser).executeScript("return window.hooklineXss")).isNull();
    screenshot("xss-as-text");
  }

  @Test
  void aLongReplayShowsItsProgressUntilItEnds() {
    AtomicBoolean up = new AtomicBoolean(false);
    ReceiverRoute route = receiver.onPath("/long");
    route.respondWith(r -> up.get() ? Response.ok() : Response.status(503));
    String endpoint = pipeline.api().createEndpoint("slow", route.url()).body().get("id").asText();
    int n = 24;
    for (int i = 0; i < n; i++) {
      pipeline.api().post("/v1/events", "{\"tenant\":\"slow\",\"type\":\"a.b\",\"data\":{}}");
    }
    // Each fails four times (attempt 1, then the tiers 1s, 2s, 3s) into the DLQ; only then may
    // the receiver recover, or a last retry would be delivered instead.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> pipeline.api().get("/v1/dlq?limit=500&endpoint=" + endpoint).body().get("data"),
            data -> data != null && data.size() == n);
    up.set(true);
    int failed = route.count();
    browser.get(base);
    signIn(TestPipeline.TOKEN);
    visible(By.id("tenant"));
    browser.get(base + "#/dlq?endpoint=" + endpoint);
    afterRefresh(
        () -> browser.findElements(By.cssSelector("tr[data-ref]")).size(), rows -> rows == n);

    // 24 sends at 4/s take about 6 s: longer than the 5 s a request waits, so it is followed.
    type(By.id("replay-rate"), "4");
    click(By.xpath("//button[text()='Replay whole filter']"));
    WebElement progress = visible(By.cssSelector("#replay-result progress"));
    assertThat(awaitText(By.cssSelector("#replay-result p[role=status]")))
        .contains("Replay replay-");
    assertThat(progress.getDomProperty("max")).isEqualTo(String.valueOf(n));
    screenshot("dlq-replay-progress");
    assertThat(
            await()
                .atMost(WAIT)
                .ignoreExceptions()
                .until(
                    () -> browser.findElement(By.cssSelector("#replay-result .summary")).getText(),
                    t -> !t.isBlank()))
        .contains("Replayed " + n + " of " + n);
    // Each of the n reached the receiver again, now that it answers.
    await()
        .atMost(WAIT)
        .until(
            () ->
                route.requests().subList(failed, route.count()).stream()
                    .map(r -> r.header("webhook-id"))
                    .distinct()
                    .count(),
            delivered -> delivered == n);
  }

  @Test
  void aTokenRefusedMidSessionSignsOutSayingWhyAndSigningInReturnsToThePageAsked() {
    browser.get(base);
    signIn(TestPipeline.TOKEN);
    visible(By.id("tenant"));
    // The token is rotated while the tab is open: the next request is refused.
    ((JavascriptExecutor) browser)
        .executeScript("sessionStorage.setItem('hookline.token', 'rotated-away')");

    browser.get(base + "#/stats?tenant=shop");

    assertThat(awaitText(By.cssSelector(".signin [role=alert]")))
        .isEqualTo("the bearer token is not valid");
    assertThat(sessionToken()).isNull();
    signIn(TestPipeline.TOKEN);
    assertThat(awaitText(By.cssSelector(".tiles"))).contains("Attempts");
    assertThat(browser.getCurrentUrl()).endsWith("#/stats?tenant=shop");
  }

  @Test
  void anApiErrorIsShownAsTheApisMessage() {
    browser.get(base);
    signIn(TestPipeline.TOKEN);
    visible(By.id("tenant"));

    browser.get(base + "#/event/evt_nosuchevent");

    assertThat(awaitText(By.cssSelector("main [role=alert]")))
        .isEqualTo(
            "no delivery of event 'evt_nosuchevent' is known: it does not exist, matched no"
                + " endpoint, or has not been attempted yet");
  }

  private void signIn(String token) {
    type(By.id("token"), token);
    click(By.xpath("//button[text()='Sign in']"));
  }

  private Object sessionToken() {
    return ((JavascriptExecutor) browser)
        .executeScript("return sessionStorage.getItem('hookline.token')");
  }

  private void awaitAttemptWithStatus(String status) {
    afterRefresh(
        () -> browser.findElement(By.cssSelector("tr.attempt td.status")).getText(),
        status::equals);
  }

  /** What {@code read} finds once {@code done} holds, pressing the view's Refresh before each. */
  private <T> T afterRefresh(Supplier<T> read, Predicate<T> done) {
    return await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              click(By.xpath("//button[text()='Refresh']"));
              return read.get();
            },
            done::test);
  }

  private WebElement visible(By by) {
    return await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> browser.findElement(by), WebElement::isDisplayed);
  }

  private String awaitText(By by) {
    return await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> browser.findElement(by).getText(), t -> !t.isBlank() && !t.contains("…"));
  }

  /** Clicks what {@code by} finds, finding it again if the view re-drew it meanwhile. */
  private void click(By by) {
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              WebElement e = browser.findElement(by);
              if (!e.isDisplayed()) {
                return false;
              }
              e.click();
              return true;
            });
  }

  private void type(By by, String text) {
    WebElement e = visible(by);
    e.clear();
    e.sendKeys(text);
  }

  private void screenshot(String name) {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    try {
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("could not save screenshot " + name, e);
    }
  }
}
