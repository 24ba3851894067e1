package io.hookline.bench.scenarios;

import io.hookline.bench.Option;
import io.hookline.bench.Options;
import io.hookline.bench.Scenario;
import io.hookline.bench.harness.ArrivalBook;
import io.hookline.bench.harness.BenchEndpoint;
import io.hookline.bench.harness.Jcmd;
import io.hookline.bench.harness.OpsMetrics;
import io.hookline.bench.harness.Phase;
import io.hookline.bench.harness.ProcStatus;
import io.hookline.bench.harness.Progress;
import io.hookline.bench.harness.Receiver;
import io.hookline.bench.harness.Receiver.Behaviour;
import io.hookline.bench.harness.ServiceHandle;
import io.hookline.bench.harness.Stack;
import io.hookline.core.ids.Ids;
import io.hookline.core.kafka.DeliveryRecords;
import io.hookline.schemas.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What a dispatcher's memory is made of: its live heap (after a full collection) and resident size
 * with nothing in flight, then with deliveries held at three points against receivers that answer
 * only after {@code --hold-s}: one request in flight per endpoint, ten (the default per-endpoint
 * cap), and ten in flight with more queued in each endpoint's lane. The differences give the heap
 * per request in flight (delivery, connection, virtual thread, request), per delivery queued, and
 * per idle pooled connection. Deliveries are written straight to the deliveries topic; only the
 * broker and the dispatcher run, each in a process of its own.
 */
public final class MemoryScenario implements Scenario {
  private static final double MIB = 1024 * 1024;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public String summary() {
    return "a dispatcher's live heap per request in flight, per queued delivery, per idle"
        + " connection";
  }

  @Override
  public List<Option> options() {
    return List.of(
        new Option("endpoints", "200", "endpoints, each of its own receiver port"),
        new Option("hold-s", "10", "how long receivers hold each request (below the 15 s timeout)"),
        new Option(
            "queued",
            "14",
            "deliveries queued per endpoint beyond its ten in flight; endpoints x (10 + queued)"
                + " must fit the dispatcher's in-flight budget (5,000), a hard cap"),
        new Option("payload-bytes", "1024", "size of each delivery's body"),
        Common.DISPATCHER_JVM_OPTS,
        Common.MEMORY_LIMITS,
        Common.SETTINGS);
  }

  @Override
  public Map<String, Object> run(Options options) throws Exception {
    int endpoints = options.integer("endpoints", 1);
    Duration hold = Duration.ofSeconds(options.integer("hold-s", 1));
    int queued = options.integer("queued", 0);
    String payload =
        "{\"pad\":\"" + "x".repeat(Math.max(0, options.integer("payload-bytes", 1) - 10)) + "\"}";
    int perEndpointCap = 10;
    Map<String, Object> out = new LinkedHashMap<>();
    try (Stack stack = Stack.start("process");
        Receiver receiver = Receiver.start(endpoints, 0, hold);
        Phase phase = stack.phase("memory", Common.settings(options))) {
      int budget = phase.dispatcherConfig().maxInFlight();
      if ((long) endpoints * (perEndpointCap + queued) > budget) {
        throw new IllegalArgumentException(
            "endpoints x (10 + queued) = "
                + (long) endpoints * (perEndpointCap + queued)
                + " exceeds the dispatcher's in-flight budget of "
                + budget
                + ": the deliveries past it would wait in Kafka, not in the dispatcher");
      }
      List<BenchEndpoint> eps = BenchEndpoint.writeAll(phase, receiver);
      int capacity = endpoints * (2 + 1 + perEndpointCap + perEndpointCap + queued);
      ArrivalBook book = new ArrivalBook(phase.tag(), capacity);
      receiver.listen(book);
      ServiceHandle dispatcher =
          phase.startDispatcher("process", Common.dispatcherJvmOptions(options));
      long pid = dispatcher.pid().orElseThrow();
      Writer writer = new Writer(phase, eps, book, payload);

      // Fast receivers first: one delivery per endpoint opens a connection to each.
      receiver.behave(Common.allHealthy(endpoints));
      writer.write(1);
      awaitHeld(dispatcher, book, writer.next(), 0, Duration.ofSeconds(60));
      Map<String, Object> idle = measure("one idle connection per endpoint", pid, dispatcher, 0);

      Behaviour[] slow = new Behaviour[endpoints];
      Arrays.fill(slow, Behaviour.SLOW);
      receiver.behave(slow);
      Map<String, Object> one = hold(writer, book, dispatcher, pid, 1, 1, "1 in flight each");
      awaitHeld(dispatcher, book, writer.next(), 0, hold.multipliedBy(3));
      Map<String, Object> ten =
          hold(writer, book, dispatcher, pid, perEndpointCap, perEndpointCap, "10 in flight each");
      awaitHeld(dispatcher, book, writer.next(), 0, hold.multipliedBy(3));
      Map<String, Object> pooled =
          measure("10 idle pooled connections per endpoint", pid, dispatcher, 0);
      Map<String, Object> queue =
          hold(
              writer,
              book,
              dispatcher,
              pid,
              perEndpointCap + queued,
              perEndpointCap,
              "10 in flight and " + queued + " queued each");
      awaitHeld(
          dispatcher,
          book,
          writer.next(),
          0,
          hold.multipliedBy(3 + (perEndpointCap + queued) / perEndpointCap));

      double perRequest =
          (heap(ten) - heap(one)) / ((double) endpoints * (perEndpointCap - 1)) / 1024;
      double perQueued = (heap(queue) - heap(ten)) / ((double) endpoints * queued) / 1024;
      double perIdleConnection =
          (heap(pooled) - heap(idle)) / ((double) endpoints * (perEndpointCap - 1)) / 1024;
      out.put("heapPerRequestInFlightKiB", Math.round(perRequest * 10) / 10.0);
      out.put("heapPerQueuedDeliveryKiB", Math.round(perQueued * 10) / 10.0);
      out.put("heapPerIdleConnectionKiB", Math.round(perIdleConnection * 10) / 10.0);
      out.put(
          "note",
          "live heap after a full GC (jcmd GC.run), differences between the points over the"
              + " deliveries added; a request in flight includes its delivery");
      out.put("points", List.of(idle, one, ten, pooled, queue));
      out.put("dispatcher", dispatcher.figures());
    }
    return out;
  }

  private static double heap(Map<String, Object> point) {
    return ((Number) point.get("liveHeapMiB")).doubleValue() * MIB;
  }

  /**
   * Writes {@code perEndpoint} deliveries to every endpoint, waits until the dispatcher holds them
   * all with {@code inFlight} per endpoint sent, and measures.
   */
  private static Map<String, Object> hold(
      Writer writer,
      ArrivalBook book,
      ServiceHandle dispatcher,
      long pid,
      int perEndpoint,
      int inFlight,
      String label)
      throws Exception {
    int endpoints = writer.endpoints.size();
    int from = writer.next();
    writer.write(perEndpoint);
    long held = (long) endpoints * perEndpoint;
    long expectedInFlight = (long) endpoints * inFlight;
    awaitUntil(
        dispatcher,
        () -> book.firstArrivals() >= from + expectedInFlight,
        h -> h >= held,
        Duration.ofSeconds(30));
    Map<String, Object> point = measure(label, pid, dispatcher, held);
    point.put("requestsArrived", book.firstArrivals() - from);
    return point;
  }

  /** A full collection in the dispatcher, then its heap in use and resident size. */
  private static Map<String, Object> measure(
      String label, long pid, ServiceHandle dispatcher, long expectedHeld) throws Exception {
    Jcmd.run(pid, "GC.run");
    double heap = OpsMetrics.sum(dispatcher.opsPort(), "jvm_memory_used_bytes", "area=\"heap\"");
    double held = OpsMetrics.sum(dispatcher.opsPort(), "hookline_dispatch_held", "");
    double inFlight = OpsMetrics.sum(dispatcher.opsPort(), "hookline_dispatch_in_flight", "");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("point", label);
    out.put("held", Math.round(held));
    out.put("expectedHeld", expectedHeld);
    out.put("inFlight", Math.round(inFlight));
    out.put("liveHeapMiB", Math.round(heap / MIB * 10) / 10.0);
    out.put("rssMiB", ProcStatus.rssKib(pid).orElse(0) / 1024);
    Progress.say("%s: %s", label, out);
    return out;
  }

  /** Waits until the first {@code count} events arrived and the dispatcher holds {@code held}. */
  private static void awaitHeld(
      ServiceHandle dispatcher, ArrivalBook book, int count, long held, Duration timeout)
      throws Exception {
    awaitUntil(dispatcher, () -> book.firstArrivals() >= count, h -> h <= held, timeout);
  }

  /**
   * Polls until {@code arrived} holds and the dispatcher's held gauge satisfies {@code heldOk}, or
   * {@code timeout} has passed (the point is then measured as it stands and its figures say so).
   */
  private static void awaitUntil(
      ServiceHandle dispatcher, BooleanSupplier arrived, LongPredicate heldOk, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline
        && !(arrived.getAsBoolean()
            && heldOk.test(
                (long) OpsMetrics.sum(dispatcher.opsPort(), "hookline_dispatch_held", "")))) {
      TimeUnit.MILLISECONDS.sleep(100); // polling the dispatcher's gauge, bounded by the deadline
    }
  }

  /** Writes deliveries straight to the deliveries topic, numbered on from the last. */
  private static final class Writer {
    private final Phase phase;
    private final List<BenchEndpoint> endpoints;
    private final ArrivalBook book;
    private final String payload;
    private final KafkaProducer<String, byte[]> producer;
    private int next;

    Writer(Phase phase, List<BenchEndpoint> endpoints, ArrivalBook book, String payload) {
      this.phase = phase;
      this.endpoints = endpoints;
      this.book = book;
      this.payload = payload;
      this.producer = phase.own(phase.producer("bench-memory"));
    }

    int next() {
      return next;
    }

    void write(int perEndpoint) {
      Instant now = Instant.now();
      for (int round = 0; round < perEndpoint; round++) {
        for (BenchEndpoint e : endpoints) {
          String eventId = book.eventId(next++);
          Delivery d =
              Delivery.fresh(
                  Ids.deliveryId(eventId, e.id()),
                  eventId,
                  e.id(),
                  e.tenant(),
                  "bench.tick",
                  payload,
                  now,
                  now);
          producer.send(DeliveryRecords.record(phase.topics().deliveries(), d));
        }
      }
      producer.flush();
    }
  }
}
