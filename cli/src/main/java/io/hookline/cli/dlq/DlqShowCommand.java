package io.hookline.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.cli.CliContext;
import io.hookline.cli.ExitCodes;
import io.hookline.cli.KafkaOptions;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.OutputOption;
import io.hookline.cli.dlq.internal.EntryViews;
import io.hookline.cli.internal.Output;
import io.hookline.core.dlq.AttemptHistory;
import io.hookline.core.dlq.DlqReader;
import io.hookline.core.dlq.DlqRef;
import io.hookline.core.dlq.ReplayLedger;
import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.DlqReplay;
import io.hookline.schemas.Json;
import io.hookline.schemas.SourceRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hookline dlq show <ref>}: one DLQ entry in full. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Show one dead-letter entry in full: the delivery and its payload, each attempt's status"
            + " and error (from the attempts topic), whether it was replayed, and for poison the"
            + " source coordinates and original bytes.")
public final class DlqShowCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Parameters(
      index = "0",
      paramLabel = "<ref>",
      converter = DlqRefConverter.class,
      description = "The entry: <partition>:<offset>, as `hookline dlq list` shows it.")
  DlqRef ref;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;
  private final CliContext context;

  public DlqShowCommand(CliContext context) {
    this.context = context;
  }

  /** The whole entry, for {@code --output json}. */
  record ShowJson(
      String ref,
      String topic,
      Instant recordTime,
      String key,
      JsonNode deadLetter,
      String originalText,
      List<Attempt> attempts,
      DlqReplay replay) {}

  @Override
  public Integer call() {
    KafkaSession session = kafka.connect();
    DlqReader reader = new DlqReader(session.dlq(), context.stop());
    ConsumerRecord<String, byte[]> record = reader.read(ref);
    SourceRef at = ref.on(reader.topic());
    Optional<DeadLetter> dead = readDeadLetter(record);
    List<Attempt> attempts =
        dead.map(DeadLetter::delivery)
            .map(d -> AttemptHistory.of(session.dlq(), d, dead.get().deadAt()))
            .orElse(List.of());
    ReplayLedger ledger = ReplayLedger.read(session.dlq(), context.stop());
    Optional<String> originalText = dead.flatMap(d -> utf8(d.originalBytesDecoded()));
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      Output.printJson(
          out,
          new ShowJson(
              ref.toString(),
              reader.topic(),
              Instant.ofEpochMilli(record.timestamp()),
              record.key(),
              tree(record.value()),
              originalText.filter(t -> !t.isEmpty()).orElse(null),
              attempts,
              ledger.find(at).orElse(null)));
      return ExitCodes.OK;
    }
    if (dead.isEmpty()) {
      out.println("entry " + ref + " of " + reader.topic() + " is not a dead letter; raw value:");
      out.println(
          new String(
              record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8));
      return ExitCodes.OK;
    }
    new ShowText(out)
        .print(ref, reader.topic(), record, dead.get(), attempts, ledger, originalText);
    return ExitCodes.OK;
  }

  private static Optional<DeadLetter> readDeadLetter(ConsumerRecord<String, byte[]> record) {
    try {
      return Optional.of(Json.read(record.value(), DeadLetter.class));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static JsonNode tree(byte[] value) {
    try {
      return value == null ? null : Json.mapper().readTree(value);
    } catch (IOException e) {
      return Json.mapper().getNodeFactory().textNode(new String(value, StandardCharsets.UTF_8));
    }
  }

  /** {@code bytes} as text when they are valid UTF-8. */
  static Optional<String> utf8(byte[] bytes) {
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

  static String time(Instant t) {
    return EntryViews.time(t);
  }
}
