package io.hookline.core.service;

import io.hookline.core.config.ConfigException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service from a {@code main}: starts it, keeps the JVM up until SIGTERM or Ctrl-C, then
 * closes it once (the service drains within its own deadline) and exits 0, or 1 if closing failed.
 * A configuration error is printed as one line and exits 2, without a stack trace.
 */
public final class ServiceRunner {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  /** Set to {@code true}: start, then stop at once and exit 0 (to train an AOT cache). */
  public static final String EXIT_AFTER_START = "HOOKLINE_EXIT_AFTER_START";

  private static volatile boolean trainingRun;

  private ServiceRunner() {}

  public static void run(String name, Callable<? extends AutoCloseable> start) {
    // The hook is there before the service starts: a SIGTERM during a start (the dispatcher
    // delivers before its HTTP server is up) waits for the start to finish, then closes cleanly.
    CompletableFuture<AutoCloseable> started = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  AutoCloseable service;
                  try {
                    service = started.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                  } catch (Exception e) {
                    return; // it failed to start (and said so) or never finished starting
                  }
                  if (trainingRun) {
                    return; // closed already, exiting normally
                  }
                  log.info("{} stopping", name);
                  int status = 0;
                  try {
                    service.close();
                    log.info("{} stopped cleanly", name);
                  } catch (Exception e) {
                    log.warn("{} did not stop cleanly", name, e);
                    status = 1;
                  }
                  stopped.countDown();
                  // A drained, clean stop on SIGTERM is a success: exit 0, not the JVM's 143.
                  Runtime.getRuntime().halt(status);
                },
                name + "-shutdown"));
    try {
      started.complete(start.call());
    } catch (ConfigException e) {
      started.completeExceptionally(e);
      System.err.println(name + ": configuration error: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      started.completeExceptionally(e);
      log.error("{} failed to start", name, e);
      System.exit(1);
      return;
    }
    if (System.getenv(EXIT_AFTER_START) != null
        && System.getenv(EXIT_AFTER_START).equalsIgnoreCase("true")) {
      // A training run for an ahead-of-time cache (JDK 25+, -XX:AOTCacheOutput): the JVM writes
      // the cache only when it exits normally, which the SIGTERM path (halt) does not.
      trainingRun = true;
      log.info("{} started; {} is set: stopping", name, EXIT_AFTER_START);
      try {
        started.get().close();
      } catch (Exception e) {
        log.warn("{} did not stop cleanly", name, e);
      }
      System.exit(0);
    }
    log.info("{} running; stop with SIGTERM or Ctrl-C", name);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
