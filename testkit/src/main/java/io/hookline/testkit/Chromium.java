package io.hookline.testkit;

import java.io.File;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through its chromedriver: what the dashboard's browser tests
 * and {@code bench/run dashboard} use. Nothing is downloaded (no Selenium Manager): both must be
 * installed ({@code apt-get install chromium chromium-driver}).
 */
public final class Chromium {
  private Chromium() {}

  /** A fresh headless browser, 1280 × 1000; {@code quit()} it. */
  public static ChromeDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(first("/usr/bin/chromium", "/usr/bin/chromium-browser"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // root, in a container or CI machine
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
        "--no-proxy-server");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(first("/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static String first(String... paths) {
    for (String p : paths) {
      if (new File(p).canExecute()) {
        return p;
      }
    }
    throw new IllegalStateException(
        "none of "
            + String.join(", ", paths)
            + " is installed: apt-get install chromium chromium-driver");
  }
}
