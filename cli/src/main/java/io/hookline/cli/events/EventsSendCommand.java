package io.hookline.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.cli.CliContext;
import io.hookline.cli.CliFailure;
import io.hookline.cli.ExitCodes;
import io.hookline.cli.KafkaOptions;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.OutputOption;
import io.hookline.cli.internal.Output;
import io.hookline.core.ids.Ids;
import io.hookline.schemas.Event;
import io.hookline.schemas.EventTypePattern;
import io.hookline.schemas.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline events send}: produces one Event to {@code webhooks.events}, keyed by tenant, as
 * {@code docs/producing-events.md} describes, and returns once Kafka has acknowledged it.
 */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Produce one event to the events topic (key: the tenant) and wait until Kafka has it. The"
          + " fan-out then delivers it to every endpoint of the tenant subscribed to its type.",
      "Sending again with the same --id delivers it once (within the idempotency window)."
    })
public final class EventsSendCommand implements Callable<Integer> {
  /** The ingest API's rule for tenant ids. */
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  @Mixin KafkaOptions kafka;

  @Option(names = "--tenant", required = true, paramLabel = "<tenant>", description = "Tenant id.")
  String tenant;

  @Option(
      names = "--type",
      required = true,
      paramLabel = "<type>",
      description = "Dotted event type, e.g. order.created.")
  String type;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Body body;

  static final class Body {
    @Option(
        names = "--data",
        paramLabel = "<json>",
        description = "The event's data: a JSON object, e.g. '{\"orderId\":\"o_1\"}'.")
    String data;

    @Option(
        names = "--file",
        paramLabel = "<path>",
        description = "Read the data (a JSON object) from this file; - reads stdin.")
    Path file;
  }

  @Option(
      names = "--id",
      paramLabel = "<id>",
      description = "Event id (default: a new evt_… id); reuse it to send the same event again.")
  String id;

  @Option(
      names = "--endpoint",
      paramLabel = "<endpoint id>",
      description = "Deliver to this one endpoint of the tenant only.")
  String endpointId;

  @Option(
      names = "--metadata",
      paramLabel = "<key=value>",
      description = "A label kept with the event, never sent to receivers; repeatable.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Mixin OutputOption output;

  @Spec CommandSpec spec;
  private final CliContext context;

  public EventsSendCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Event event = event();
    KafkaSession session = kafka.connect();
    String topic = session.config().topics().events();
    RecordMetadata written;
    try (KafkaProducer<String, byte[]> producer = session.producer("events")) {
      written = producer.send(new ProducerRecord<>(topic, tenant, Json.write(event))).get();
    } catch (ExecutionException e) {
      throw KafkaSession.failure("Kafka did not take the event", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(
          "interrupted before Kafka acknowledged the event", ExitCodes.INTERRUPTED, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("id", event.id());
      shown.put("tenant", event.tenant());
      shown.put("type", event.type());
      shown.put("topic", written.topic());
      shown.put("partition", written.partition());
      shown.put("offset", written.offset());
      Output.printJson(out, shown);
    } else {
      out.printf(
          "sent %s (%s, tenant %s) to %s, partition %d, offset %d%n",
          event.id(),
          event.type(),
          event.tenant(),
          written.topic(),
          written.partition(),
          written.offset());
    }
    return ExitCodes.OK;
  }

  /** The event the flags describe; a malformed flag is a usage error naming it. */
  private Event event() {
    if (!TENANT.matcher(tenant).matches()) {
      throw usage(
          "--tenant must be 1-128 letters, digits, '_', '.', ':' or '-', was '" + tenant + "'");
    }
    if (!EventTypePattern.isValidType(type)) {
      throw usage("--type must be a dotted event type like order.created, was '" + type + "'");
    }
    if (id != null && !ID.matcher(id).matches()) {
      throw usage("--id must be 1-128 letters, digits, '_' or '-', was '" + id + "'");
    }
    Instant now = context.clock().instant();
    return new Event(
        id == null ? Ids.eventId(context.clock()) : id,
        tenant,
        type,
        now,
        data(),
        endpointId,
        metadata);
  }

  private ObjectNode data() {
    String flag = body.data != null ? "--data" : "--file";
    String text;
    if (body.data != null) {
      text = body.data;
    } else {
      try {
        text =
            body.file.toString().equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(body.file);
      } catch (IOException e) {
        throw usage("--file: cannot read " + body.file + ": " + e.getMessage());
      }
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (IOException e) {
      throw usage(flag + " is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(node instanceof ObjectNode object)) {
      throw usage(flag + " must be a JSON object, e.g. '{\"orderId\":\"o_1\"}'");
    }
    return object;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
  }
}
