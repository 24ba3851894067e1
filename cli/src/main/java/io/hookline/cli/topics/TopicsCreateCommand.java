package io.hookline.cli.topics;

import io.hookline.cli.ExitCodes;
import io.hookline.cli.KafkaOptions;
import io.hookline.cli.KafkaSession;
import io.hookline.cli.OutputOption;
import io.hookline.cli.internal.Output;
import io.hookline.cli.internal.Table;
import io.hookline.core.config.KafkaConfig;
import io.hookline.core.kafka.TopicProvisioner;
import io.hookline.core.kafka.TopicSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hookline topics create}: every topic of the pipeline with its settings, a thin layer over
 * {@link TopicProvisioner}. Idempotent; an existing topic is never altered, only reported.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create every topic of the pipeline with its settings: events, endpoints (compacted),"
          + " deliveries, the retry tiers of HOOKLINE_RETRY_TIERS, dlq, attempts and the replay"
          + " ledger dlq-replays (compacted).",
      "Idempotent: topics that exist are left alone and reported; where one exists with other"
          + " settings, the differences are listed and the exit code is 3."
    })
public final class TopicsCreateCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Mixin TopicTableOptions table;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    KafkaConfig config = table.apply(kafka.config());
    kafka.connect(config);
    List<TopicSpec> specs = TopicSpec.pipeline(config);
    List<TopicProvisioner.Result> results;
    try {
      results = new TopicProvisioner(config).ensure(specs);
    } catch (RuntimeException e) {
      throw KafkaSession.failure("could not create the topics", e);
    }
    print(spec.commandLine().getOut(), specs, results);
    boolean differs = results.stream().anyMatch(r -> r.status() == TopicProvisioner.Status.DIFFERS);
    return differs ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private void print(
      PrintWriter out, List<TopicSpec> specs, List<TopicProvisioner.Result> results) {
    Map<String, TopicSpec> byName =
        specs.stream().collect(Collectors.toMap(TopicSpec::name, s -> s));
    if (output.isJson()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (TopicProvisioner.Result r : results) {
        TopicSpec s = byName.get(r.topic());
        Map<String, Object> row = new TreeMap<>();
        row.put("topic", r.topic());
        row.put("status", r.status().name().toLowerCase(Locale.ROOT));
        row.put("partitions", s.partitions());
        row.put("configs", new TreeMap<>(s.configs()));
        row.put("differences", r.differences());
        rows.add(row);
      }
      Output.printJson(out, rows);
      return;
    }
    Table table = new Table("TOPIC", "STATUS", "PARTITIONS", "SETTINGS").maxCell(200);
    for (TopicProvisioner.Result r : results) {
      TopicSpec s = byName.get(r.topic());
      String settings =
          r.status() == TopicProvisioner.Status.DIFFERS
              ? "differs: " + String.join(", ", r.differences())
              : new TreeMap<>(s.configs())
                  .entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(", "));
      table.row(
          r.topic(),
          r.status().name().toLowerCase(Locale.ROOT),
          s.partitions(),
          settings.isEmpty() ? null : settings);
    }
    table.print(out);
    Map<TopicProvisioner.Status, Long> counts =
        results.stream()
            .collect(
                Collectors.groupingBy(
                    TopicProvisioner.Result::status, TreeMap::new, Collectors.counting()));
    out.println();
    out.println(
        results.size()
            + " topics: "
            + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))
            + (counts.containsKey(TopicProvisioner.Status.DIFFERS)
                ? " (left unchanged: alter or recreate them yourself if the difference matters)"
                : ""));
  }
}
