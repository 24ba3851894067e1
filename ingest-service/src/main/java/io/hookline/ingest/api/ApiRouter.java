package io.hookline.ingest.api;

import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.http.Route;
import io.hookline.core.http.Router;
import io.hookline.core.net.EgressPolicy;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * The {@code /v1} API: its routes on the service's {@link Router}. Every request under {@code /v1/}
 * needs the bearer token before anything else is decided (an unknown path or method included).
 * Routes run on a virtual thread a request.
 */
public final class ApiRouter {
  private final Router router;
  private final EventPublisher publisher;
  private final EndpointControl control;

  /** Settings of the API. */
  public record Settings(
      String apiToken,
      String eventsTopic,
      String endpointsTopic,
      Duration ackTimeout,
      int maxPayloadBytes,
      int maxBatch,
      EgressPolicy egressPolicy) {}

  public ApiRouter(
      Settings settings,
      Producer<String, byte[]> producer,
      EndpointDirectory directory,
      SecretBox secretBox,
      Clock clock,
      Router router) {
    KafkaWriter writer = new KafkaWriter(producer, settings.ackTimeout());
    EndpointStore store = new EndpointStore(settings.endpointsTopic(), writer, directory, clock);
    this.router = router.guard("/v1/", new BearerAuth(settings.apiToken())::require);
    this.publisher = new EventPublisher(settings.eventsTopic(), writer, clock);
    this.control = new EndpointControl(store, publisher);
    new EventsApi(publisher, directory, clock, settings.maxPayloadBytes(), settings.maxBatch())
        .register(this);
    new EndpointsApi(
            store,
            directory,
            secretBox,
            clock,
            settings.maxPayloadBytes(),
            new UrlGuard(settings.egressPolicy()))
        .register(this);
    new EndpointActionsApi(store, publisher, secretBox, clock, settings.maxPayloadBytes())
        .register(this);
  }

  /**
   * Adds a route under {@code /v1/}, behind the bearer token like every path there (this API's own,
   * and those of other parts of the service: delivery status, stats). Call before the HTTP server
   * starts.
   */
  public void add(String method, String template, Route route) {
    router.add(method, template, route);
  }

  /** Changes endpoints on behalf of other parts of the service (endpoint health). */
  public EndpointControl control() {
    return control;
  }

  /** Publishes events on behalf of other parts of the service. */
  public EventPublisher publisher() {
    return publisher;
  }
}
