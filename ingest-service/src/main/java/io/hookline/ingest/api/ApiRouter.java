package io.hookline.ingest.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.net.EgressPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/** Routes {@code /v1/*} after checking the bearer token. Called on one virtual thread a request. */
public final class ApiRouter implements HttpHandler {
  private final BearerAuth auth;
  private final Routes routes = new Routes();
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
      Clock clock) {
    KafkaWriter writer = new KafkaWriter(producer, settings.ackTimeout());
    EndpointStore store = new EndpointStore(settings.endpointsTopic(), writer, directory, clock);
    this.auth = new BearerAuth(settings.apiToken());
    this.publisher = new EventPublisher(settings.eventsTopic(), writer, clock);
    this.control = new EndpointControl(store, publisher);
    new EventsApi(publisher, directory, clock, settings.maxPayloadBytes(), settings.maxBatch())
        .register(routes);
    new EndpointsApi(
            store,
            directory,
            secretBox,
            clock,
            settings.maxPayloadBytes(),
            new UrlGuard(settings.egressPolicy()))
        .register(routes);
    new EndpointActionsApi(store, publisher, secretBox, clock, settings.maxPayloadBytes())
        .register(routes);
  }

  /** A route added by another part of the service: the exchange, path parameters and query. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange, Map<String, String> params, Map<String, String> query)
        throws IOException;
  }

  /**
   * Adds a route of another part of the service (delivery status, stats), behind the same bearer
   * token. Call before the HTTP server starts: the route table is read-only once it serves.
   */
  public void add(String method, String template, Handler handler) {
    routes.add(method, template, (ex, req) -> handler.handle(ex, req.params(), req.query()));
  }

  /** Changes endpoints on behalf of other parts of the service (endpoint health). */
  public EndpointControl control() {
    return control;
  }

  /** Publishes events on behalf of other parts of the service. */
  public EventPublisher publisher() {
    return publisher;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    auth.require(exchange);
    routes.dispatch(exchange);
  }
}
