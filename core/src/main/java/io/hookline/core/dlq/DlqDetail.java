package io.hookline.core.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One DLQ entry in full, as {@code hookline dlq show} and the API's {@code GET /v1/dlq/{ref}} give
 * it: the record, the dead letter (when it is one), the delivery's attempts from the attempts
 * topic, the ledger (for its replay record), and the original bytes as text when they are UTF-8.
 */
public record DlqDetail(
    DlqRef ref,
    String topic,
    ConsumerRecord<String, byte[]> record,
    Optional<DeadLetter> deadLetter,
    List<Attempt> attempts,
    ReplayLedger ledger,
    Optional<String> originalText) {

  /** The whole entry as JSON. */
  public record View(
      String ref,
      String topic,
      Instant recordTime,
      String key,
      JsonNode deadLetter,
      String originalText,
      List<Attempt> attempts,
      DlqReplay replay) {}

  /** Reads the entry at {@code ref}; fails (not found) when there is none. */
  public static DlqDetail read(DlqKafka kafka, StopSignal stop, DlqRef ref) {
    DlqReader reader = new DlqReader(kafka, stop);
    ConsumerRecord<String, byte[]> record = reader.read(ref);
    Optional<DeadLetter> dead = DlqReader.decode(record);
    List<Attempt> attempts =
        dead.map(DeadLetter::delivery)
            .map(d -> AttemptHistory.of(kafka, d, dead.get().deadAt()))
            .orElse(List.of());
    ReplayLedger ledger = ReplayLedger.read(kafka, stop);
    Optional<String> originalText = dead.flatMap(d -> utf8(d.originalBytesDecoded()));
    return new DlqDetail(ref, reader.topic(), record, dead, attempts, ledger, originalText);
  }

  public Optional<DlqReplay> replay() {
    return ledger.find(ref.on(topic));
  }

  public View view() {
    return new View(
        ref.toString(),
        topic,
        Instant.ofEpochMilli(record.timestamp()),
        record.key(),
        tree(record.value()),
        originalText.filter(t -> !t.isEmpty()).orElse(null),
        attempts,
        replay().orElse(null));
  }

  /** The record's value as JSON; its text when it is not JSON. */
  private static JsonNode tree(byte[] value) {
    try {
      return value == null ? null : Json.mapper().readTree(value);
    } catch (IOException e) {
      return Json.mapper().getNodeFactory().textNode(new String(value, StandardCharsets.UTF_8));
    }
  }

  /** {@code bytes} as text when they are valid UTF-8. */
  public static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
