package io.hookline.core.service;

import io.hookline.core.config.ConfigException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service from a {@code main}: starts it, keeps the JVM up until SIGTERM or Ctrl-C, then
 * closes it once (the service drains within its own deadline) and exits 0, or 1 if closing failed.
 * A configuration error is printed as one line and exits 2, without a stack trace.
 */
public final class ServiceRunner {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  private ServiceRunner() {}

  public static void run(String name, Callable<? extends AutoCloseable> start) {
    AutoCloseable service;
    try {
      service = start.call();
    } catch (ConfigException e) {
      System.err.println(name + ": configuration error: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      log.error("{} failed to start", name, e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
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
    log.info("{} running; stop with SIGTERM or Ctrl-C", name);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
