package io.hookline.ingest.endpoints;

import io.hookline.core.crypto.SecretBox;
import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.core.net.EgressPolicy;
import io.hookline.ingest.events.EventPublisher;
import io.hookline.ingest.http.ApiRouter;
import io.hookline.ingest.http.KafkaWriter;
import java.time.Clock;

/**
 * Endpoint management as the service wires it: the {@code /v1/endpoints} routes (create, read,
 * update, delete, enable, rotate a secret, send a test event) on the API, over one store of the
 * endpoints topic.
 */
public final class EndpointRoutes {
  private EndpointRoutes() {}

  /**
   * Registers the endpoint routes on {@code api}.
   *
   * @return what other parts of the service may do to endpoints (endpoint health disables them)
   */
  public static EndpointControl register(
      ApiRouter api,
      String endpointsTopic,
      KafkaWriter writer,
      EventPublisher publisher,
      EndpointDirectory directory,
      SecretBox secretBox,
      Clock clock,
      int maxPayloadBytes,
      EgressPolicy egressPolicy) {
    EndpointStore store = new EndpointStore(endpointsTopic, writer, directory, clock);
    new EndpointsApi(
            store, directory, secretBox, clock, maxPayloadBytes, new UrlGuard(egressPolicy))
        .register(api);
    new EndpointActionsApi(store, publisher, secretBox, clock, maxPayloadBytes).register(api);
    return new EndpointControl(store, publisher);
  }
}
