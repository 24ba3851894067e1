package io.hookline.cli.dlq;

import io.hookline.cli.CliContext;
import io.hookline.cli.ExitCodes;
import io.hookline.cli.KafkaOptions;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.OutputOption;
import io.hookline.cli.dlq.internal.EntryViews;
import io.hookline.cli.internal.Output;
import io.hookline.core.dlq.DlqDetail;
import io.hookline.core.dlq.DlqRef;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

  @Override
  public Integer call() {
    KafkaSession session = kafka.connect();
    DlqDetail detail = DlqDetail.read(session.dlq(), context.stop(), ref);
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      Output.printJson(out, detail.view());
      return ExitCodes.OK;
    }
    ConsumerRecord<String, byte[]> record = detail.record();
    if (detail.deadLetter().isEmpty()) {
      out.println("entry " + ref + " of " + detail.topic() + " is not a dead letter; raw value:");
      out.println(
          new String(
              record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8));
      return ExitCodes.OK;
    }
    new ShowText(out)
        .print(
            ref,
            detail.topic(),
            record,
            detail.deadLetter().get(),
            detail.attempts(),
            detail.ledger(),
            detail.originalText());
    return ExitCodes.OK;
  }

  static String time(Instant t) {
    return EntryViews.time(t);
  }
}
