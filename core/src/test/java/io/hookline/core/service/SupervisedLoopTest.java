package io.hookline.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A supervised loop on real threads: restarted after failures, counted, down while waiting. */
class SupervisedLoopTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double restarts(String loop) {
    return registry.get("hookline.loop.restarts").tag("loop", loop).counter().count();
  }

  private double up(String loop) {
    return registry.get("hookline.loop.up").tag("loop", loop).gauge().value();
  }

  @Test
  void aFailingBodyIsRestartedCountedAndDownWhileItWaits() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch failedTwice = new CountDownLatch(2);
    CountDownLatch mayFail = new CountDownLatch(1);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    SupervisedLoop loop =
        SupervisedLoop.start(
            "test-loop",
            registry,
            () -> {
              if (runs.incrementAndGet() <= 2) {
                failedTwice.countDown();
                if (runs.get() == 2) {
                  mayFail.await(); // the test looks at the loop while this run is up
                }
                throw new IllegalStateException("boom " + runs.get());
              }
              running.countDown();
              stop.await();
            },
            stop::countDown,
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1));
    try {
      assertThat(failedTwice.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(loop.isUp()).isTrue(); // the second run is up
      assertThat(restarts("test-loop")).isEqualTo(1);
      mayFail.countDown();
      // After the second failure it waits 400 ms (the backoff doubled): down meanwhile.
      await().atMost(Duration.ofSeconds(2)).until(() -> !loop.isUp() && restarts("test-loop") == 2);
      assertThat(up("test-loop")).isZero();
      assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(loop.isUp()).isTrue();
      assertThat(up("test-loop")).isEqualTo(1);
    } finally {
      assertThat(loop.close(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(runs.get()).isEqualTo(3);
    assertThat(loop.isUp()).isFalse();
  }

  @Test
  void aBodyThatEndsWithoutBeingAskedIsRestartedToo() {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch stop = new CountDownLatch(1);
    SupervisedLoop loop =
        SupervisedLoop.start(
            "returning-loop",
            registry,
            () -> {
              if (runs.incrementAndGet() > 1) {
                stop.await();
              }
            },
            stop::countDown,
            Duration.ofMillis(50),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1));
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2 && loop.isUp());
      assertThat(restarts("returning-loop")).isEqualTo(1);
    } finally {
      loop.close(Duration.ofSeconds(5));
    }
  }
}
