package io.hookline.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * One entry of the replay ledger: the DLQ entry at {@code dlq} was re-published to deliveries.
 * Written by {@code hookline dlq replay} in the same Kafka transaction as the replayed delivery, so
 * the ledger holds exactly what was sent. Key on the compacted {@code webhooks.dlq-replays}: {@code
 * dlq.toString()} ({@code <dlq topic>/<partition>@<offset>}).
 *
 * @param dlq the coordinates of the replayed DLQ entry; also the delivery's {@code replayOf}
 * @param replayedBy who ran the replay (the operating-system user), if known
 * @param run identifies the replay run, shared by every entry it sent
 * @param forced whether the run was forced past the ledger or an endpoint's state
 */
@JsonPropertyOrder({
  "v",
  "dlq",
  "deliveryId",
  "endpointId",
  "replayedAt",
  "replayedBy",
  "run",
  "forced"
})
@JsonIgnoreProperties(value = "v", allowGetters = true)
public record DlqReplay(
    SourceRef dlq,
    String deliveryId,
    String endpointId,
    Instant replayedAt,
    String replayedBy,
    String run,
    @JsonProperty(required = true) boolean forced)
    implements WireRecord {

  public DlqReplay {
    Fields.required(dlq, "dlq");
    Fields.requiredText(deliveryId, "deliveryId");
    Fields.requiredText(endpointId, "endpointId");
    Fields.required(replayedAt, "replayedAt");
  }

  /** The ledger key of the DLQ entry at {@code dlq}. */
  public static String keyOf(SourceRef dlq) {
    return dlq.toString();
  }
}
