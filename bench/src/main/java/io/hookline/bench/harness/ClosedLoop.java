package io.hookline.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop request load from inside the bench JVM: {@code concurrency} virtual threads each
 * send a request, wait for its answer and send the next, first for a warm-up (discarded), then for
 * the measured window. Every measured request's duration is taken with {@link System#nanoTime}
 * around the call; failures are counted by their description.
 */
public final class ClosedLoop {
  /**
   * One request: returns normally on a 2xx answer and throws otherwise. Called from {@code
   * concurrency} virtual threads at once.
   */
  @FunctionalInterface
  public interface Request {
    void send() throws Exception;
  }

  /**
   * The measured window's figures.
   *
   * @param succeeded requests answered with a 2xx
   * @param seconds from the window's start until the last thread's last request was answered
   * @param cpuSeconds CPU time of the whole bench JVM in the window (the load and the receiver)
   * @param otherCpuSeconds CPU time the rest of the machine took in the window (other processes)
   * @param latencyNanos durations of the succeeded requests
   * @param errors failed requests by description
   * @param warmupErrors failed requests of the warm-up
   */
  public record Result(
      long succeeded,
      double seconds,
      double cpuSeconds,
      double otherCpuSeconds,
      Percentiles latencyNanos,
      Map<String, Long> errors,
      long warmupErrors) {
    public long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public double requestsPerSecond() {
      return succeeded / seconds;
    }
  }

  private static final int MAX_ERROR_CHARS = 120;

  private ClosedLoop() {}

  /** Runs the warm-up, then the measured window; blocks for about their sum. */
  public static Result run(Request request, int concurrency, Duration warmup, Duration measured)
      throws InterruptedException {
    long warmupErrors = errorCount(window(request, concurrency, warmup));
    double cpuBefore = ProcStatus.selfCpuSeconds();
    double machineBefore = ProcStatus.machineBusyCpuSeconds();
    long started = System.nanoTime();
    List<Worker> workers = window(request, concurrency, measured);
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = ProcStatus.selfCpuSeconds() - cpuBefore;
    double otherCpuSeconds = ProcStatus.machineBusyCpuSeconds() - machineBefore - cpuSeconds;
    int samples = workers.stream().mapToInt(w -> w.count).sum();
    long[] latencies = new long[samples];
    int at = 0;
    Map<String, Long> errors = new TreeMap<>();
    for (Worker w : workers) {
      System.arraycopy(w.durations, 0, latencies, at, w.count);
      at += w.count;
      w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
    }
    return new Result(
        samples,
        seconds,
        cpuSeconds,
        otherCpuSeconds,
        Percentiles.of(latencies),
        errors,
        warmupErrors);
  }

  private static List<Worker> window(Request request, int concurrency, Duration length)
      throws InterruptedException {
    long end = System.nanoTime() + length.toNanos();
    List<Future<Worker>> futures = new ArrayList<>(concurrency);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < concurrency; t++) {
        futures.add(threads.submit(() -> new Worker().sendUntil(request, end)));
      }
    }
    List<Worker> workers = new ArrayList<>(concurrency);
    for (Future<Worker> f : futures) {
      try {
        workers.add(f.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("a load thread failed", e.getCause());
      }
    }
    return workers;
  }

  private static long errorCount(List<Worker> workers) {
    return workers.stream()
        .flatMap(w -> w.errors.values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  /** One load thread's requests; confined to that thread until it is done. */
  private static final class Worker {
    private long[] durations = new long[4096];
    private int count;
    private final Map<String, Long> errors = new HashMap<>();

    Worker sendUntil(Request request, long endNanos) {
      long now = System.nanoTime();
      while (now < endNanos) {
        long started = now;
        try {
          request.send();
          now = System.nanoTime();
          record(now - started);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (Exception e) {
          now = System.nanoTime();
          errors.merge(describe(e), 1L, Long::sum);
        }
      }
      return this;
    }

    private void record(long nanos) {
      if (count == durations.length) {
        durations = Arrays.copyOf(durations, count * 2);
      }
      durations[count++] = nanos;
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    String text = e.getClass().getSimpleName() + message;
    return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text;
  }
}
