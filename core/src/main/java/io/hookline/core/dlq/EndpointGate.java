package io.hookline.core.dlq;

import io.hookline.core.endpoints.EndpointDirectory;
import io.hookline.schemas.Endpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Decides which endpoints a replay may send to: only those that exist and are enabled, as the
 * compacted endpoints topic says now. Built once per run from a snapshot of the topic.
 */
public final class EndpointGate {
  private final Map<String, String> refusals;

  private EndpointGate(Map<String, String> refusals) {
    this.refusals = Map.copyOf(refusals);
  }

  /** Reads the endpoints topic to its end and judges each of {@code endpointIds}. */
  public static EndpointGate check(DlqKafka session, Set<String> endpointIds) {
    String topic = session.config().topics().endpoints();
    try (KafkaConsumer<String, byte[]> probe = session.reader("endpoints-probe")) {
      session.partitionsOf(probe, topic);
    }
    try (EndpointDirectory directory =
        EndpointDirectory.start(session.config(), session.clientId("endpoints"))) {
      if (!directory.awaitCaughtUp(DlqKafka.OPERATION_TIMEOUT)) {
        throw new DlqFailure(
            "could not read the endpoints topic "
                + topic
                + " within "
                + DlqKafka.OPERATION_TIMEOUT.toSeconds()
                + " s");
      }
      return of(directory, endpointIds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DlqFailure(DlqFailure.Kind.STOPPED, "stopped by Ctrl-C", e);
    } catch (IllegalStateException e) {
      throw DlqKafka.failure("could not read the endpoints topic " + topic, e);
    }
  }

  /** Judges each of {@code endpointIds} by {@code directory} as it is now (a service's own). */
  public static EndpointGate of(EndpointDirectory directory, Set<String> endpointIds) {
    Map<String, String> refusals = new HashMap<>();
    for (String id : endpointIds) {
      Optional<Endpoint> endpoint = directory.get(id);
      if (endpoint.isEmpty()) {
        refusals.put(id, "endpoint " + id + " is deleted");
      } else if (!endpoint.get().enabled()) {
        String reason = endpoint.get().disabledReason();
        refusals.put(
            id,
            "endpoint "
                + id
                + " is disabled"
                + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
      }
    }
    return new EndpointGate(refusals);
  }

  /** Why a replay to {@code endpointId} is refused, or empty when it may go. */
  public Optional<String> refusal(String endpointId) {
    return Optional.ofNullable(refusals.get(endpointId));
  }
}
