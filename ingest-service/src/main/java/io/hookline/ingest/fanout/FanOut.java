package io.hookline.ingest.fanout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.core.ids.Ids;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.Endpoint;
import io.hookline.schemas.Event;
import io.hookline.schemas.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The fan-out rule: which endpoints an event goes to, and the delivery each one gets. */
public final class FanOut {
  public static final String TEST_EVENT_TYPE = "webhook.test";

  private FanOut() {}

  /**
   * One delivery per endpoint of the event's tenant that subscribes to its type; only the named
   * endpoint when the event targets one (and then a {@code webhook.test} goes to it whatever it
   * subscribes to). Disabled endpoints get theirs too: the dispatcher puts them in the DLQ as
   * {@code endpoint-disabled}, to be replayed once the endpoint is enabled again, so nothing owed
   * to an endpoint is skipped while it is off. Each is created {@code now}, its event accepted at
   * {@code acceptedAt}.
   */
  public static List<Delivery> deliveriesFor(
      Event event, Collection<Endpoint> tenantEndpoints, Instant now, Instant acceptedAt) {
    String body = payload(event);
    List<Delivery> out = new ArrayList<>();
    boolean targeted = event.endpointId() != null;
    for (Endpoint endpoint : tenantEndpoints) {
      if (targeted && !event.endpointId().equals(endpoint.id())) {
        continue;
      }
      // A test event sent to one endpoint arrives whatever that endpoint subscribes to.
      boolean test = targeted && event.type().equals(TEST_EVENT_TYPE);
      if (!test && !endpoint.subscribesTo(event.type())) {
        continue;
      }
      out.add(
          Delivery.fresh(
              Ids.deliveryId(event.id(), endpoint.id()),
              event.id(),
              endpoint.id(),
              event.tenant(),
              event.type(),
              body,
              now,
              acceptedAt));
    }
    return out;
  }

  /** The exact body a receiver gets: {@code {"id","type","timestamp","data"}}. */
  public static String payload(Event event) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("id", event.id());
    body.put("type", event.type());
    body.put("timestamp", event.timestamp().toString());
    body.set("data", event.data());
    return Json.writeString(body);
  }
}
