package io.hookline.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How a {@link TestReceiver} answers the requests under one path prefix, and what it received
 * there. Get one with {@link TestReceiver#onPath(String)}.
 *
 * <p>A route answers with a fixed {@link Response}, 200 and empty at first. {@code respondWith(int
 * ...)}, {@link #delay} and {@link #retryAfter} each change one part of it and keep the rest, so
 * {@code respondWith(503).retryAfter("2")} answers 503 with {@code Retry-After: 2}. {@link
 * #respondWith(Function)} computes each answer instead, until a fixed-response method is called
 * again.
 *
 * <p>Thread-safe: a change applies to the requests that arrive after it.
 */
public final class ReceiverRoute {

  private record Behaviour(Response fixed, Function<ReceivedRequest, Response> computed) {
    Response answer(ReceivedRequest request) {
      return computed == null ? fixed : computed.apply(request);
    }
  }

  private final TestReceiver receiver;
  private final String pathPrefix;
  private final AtomicReference<Behaviour> behaviour =
      new AtomicReference<>(new Behaviour(Response.ok(), null));

  ReceiverRoute(TestReceiver receiver, String pathPrefix) {
    this.receiver = receiver;
    this.pathPrefix = pathPrefix;
  }

  /** The prefix, e.g. {@code /ep/slow}; it matches that path and the paths below it. */
  public String pathPrefix() {
    return pathPrefix;
  }

  /** The URL of the prefix itself, e.g. {@code http://127.0.0.1:41234/ep/slow}. */
  public String url() {
    return receiver.url(pathPrefix);
  }

  /** Answers {@code status} with an empty body. */
  public ReceiverRoute respondWith(int status) {
    return changeFixed(fixed -> fixed.withStatus(status).withBody(""));
  }

  /** Answers {@code status} with {@code body} (UTF-8). */
  public ReceiverRoute respondWith(int status, String body) {
    return changeFixed(fixed -> fixed.withStatus(status).withBody(body));
  }

  /** Answers {@code response}, replacing the whole fixed response. */
  public ReceiverRoute respondWith(Response response) {
    Objects.requireNonNull(response, "response");
    return changeFixed(fixed -> response);
  }

  /**
   * Answers what {@code responder} returns for each request. It runs on the request's thread, for
   * many requests at once; a {@link RuntimeException} from it becomes a 500.
   */
  public ReceiverRoute respondWith(Function<ReceivedRequest, Response> responder) {
    Objects.requireNonNull(responder, "responder");
    behaviour.updateAndGet(current -> new Behaviour(current.fixed(), responder));
    return this;
  }

  /** Waits {@code delay} before answering each request. */
  public ReceiverRoute delay(Duration delay) {
    return changeFixed(fixed -> fixed.withDelay(delay));
  }

  /** Adds {@code Retry-After: value} to each answer, e.g. {@code "2"} or an HTTP date. */
  public ReceiverRoute retryAfter(String value) {
    return changeFixed(fixed -> fixed.withHeader("Retry-After", value));
  }

  /** The requests received under this prefix so far, oldest first; a snapshot. */
  public List<ReceivedRequest> requests() {
    return receiver.requestsMatching(request -> covers(request.path()));
  }

  public int count() {
    return requests().size();
  }

  /**
   * Blocks until at least {@code n} requests have arrived under this prefix; returns them.
   *
   * @throws AssertionError if fewer arrive within {@code timeout}
   */
  public List<ReceivedRequest> awaitCount(int n, Duration timeout) {
    return receiver.awaitMatching(
        request -> covers(request.path()), n, timeout, "under " + pathPrefix);
  }

  boolean covers(String path) {
    return path.equals(pathPrefix)
        || pathPrefix.equals("/")
        || path.startsWith(pathPrefix.endsWith("/") ? pathPrefix : pathPrefix + "/");
  }

  Response answer(ReceivedRequest request) {
    return behaviour.get().answer(request);
  }

  private ReceiverRoute changeFixed(UnaryOperator<Response> change) {
    behaviour.updateAndGet(current -> new Behaviour(change.apply(current.fixed()), null));
    return this;
  }
}
