package io.hookline.ingest.endpoints;

import io.hookline.ingest.events.EventPublisher;
import io.hookline.schemas.Endpoint;
import java.util.Optional;

/**
 * Endpoint changes made by the service itself rather than by an API caller (endpoint health).
 * Thread-safe; blocks on Kafka.
 */
public final class EndpointControl {
  private final EndpointStore store;
  private final EventPublisher publisher;

  EndpointControl(EndpointStore store, EventPublisher publisher) {
    this.store = store;
    this.publisher = publisher;
  }

  /**
   * Disables the endpoint with {@code reason} and publishes {@code hookline.endpoint.disabled} to
   * its tenant; does nothing when it is already disabled or gone.
   *
   * @return whether this call disabled it
   */
  public boolean disable(String endpointId, String reason) {
    Optional<Endpoint> current = store.find(endpointId);
    if (current.isEmpty() || !current.get().enabled()) {
      return false;
    }
    Endpoint updated =
        store.update(
            endpointId,
            Optional.empty(),
            draft -> {
              draft.enabled = false;
              draft.disabledReason = reason;
            });
    publisher.publishOperational(updated, "hookline.endpoint.disabled", reason);
    return true;
  }
}
