package io.hookline.cli;

import io.hookline.cli.dlq.DlqCommand;
import io.hookline.cli.events.EventsCommand;
import io.hookline.cli.topics.TopicsCommand;
import io.hookline.core.Version;
import io.hookline.core.config.Env;
import io.hookline.core.dlq.DlqFailure;
import io.hookline.core.dlq.StopSignal;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code hookline}: the operator's command line for a Hookline pipeline. */
@Command(
    name = "hookline",
    mixinStandardHelpOptions = true,
    versionProvider = Hookline.VersionProvider.class,
    description = {
      "Operate a Hookline webhook pipeline: create its topics, send events, and inspect and"
          + " replay the dead-letter queue.",
      "Kafka comes from --bootstrap-server or HOOKLINE_KAFKA_BOOTSTRAP; client settings"
          + " (security, SASL) from HOOKLINE_KAFKA_<PROPERTY>; topic names from"
          + " HOOKLINE_TOPIC_PREFIX and HOOKLINE_RETRY_TIERS.",
    },
    subcommands = {
      TopicsCommand.class,
      EventsCommand.class,
      DlqCommand.class,
      AutoComplete.GenerateCompletion.class,
      HelpCommand.class
    })
public final class Hookline {
  /** How long Ctrl-C waits for a replay to record what it sent before the JVM exits. */
  private static final Duration STOP_BOUND = Duration.ofSeconds(20);

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "hookline-cli-logback.xml");
    }
    StopSignal stop = new StopSignal();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> stop.stopAndAwaitCriticalWork(STOP_BOUND), "hookline-ctrl-c"));
    CliContext context =
        new CliContext(
            Env.fromSystem(), Clock.systemUTC(), stop, Boolean.getBoolean("hookline.stderr.tty"));
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
    int code = execute(context, out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs {@code hookline <args>} in this JVM, writing to {@code out} and {@code err}; returns the
   * exit code (see {@link ExitCodes}). For tests and embedding; {@link #main} is the launcher's.
   */
  public static int execute(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(context, out, err);
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Hookline(), new ContextFactory(context));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(new FailureHandler());
    cli.setParameterExceptionHandler(new UsageHandler());
    documentExitCodes(cli);
    return cli;
  }

  private static void documentExitCodes(CommandLine cli) {
    Map<String, String> codes = new LinkedHashMap<>();
    for (String entry : ExitCodes.HELP) {
      int colon = entry.indexOf(':');
      codes.put(entry.substring(0, colon), entry.substring(colon + 1));
    }
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    cli.getSubcommands().values().forEach(Hookline::documentExitCodes);
  }

  /** Builds commands and mixins that take a {@link CliContext}; the rest picocli's way. */
  private record ContextFactory(CliContext context) implements IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(CliContext.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** One line on stderr, no stack trace; the exit code says what kind of failure it was. */
  private static final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      String name = cmd.getCommandSpec().qualifiedName();
      if (e instanceof DlqFailure dlq) {
        e = CliFailures.of(dlq);
      }
      if (e instanceof CliFailure failure) {
        err.println(name + ": " + failure.getMessage());
        if (failure.exitCode() == ExitCodes.USAGE) {
          err.println("Try '" + name + " --help' for more.");
        }
        return failure.exitCode();
      }
      LoggerFactory.getLogger(Hookline.class).debug("{} failed", name, e);
      if (e instanceof KafkaException) {
        err.println(name + ": Kafka: " + KafkaSession.rootMessage(e));
      } else {
        err.println(
            name + ": unexpected error: " + e + " (HOOKLINE_LOG_LEVEL=debug shows the details)");
      }
      return ExitCodes.FAILURE;
    }
  }

  /** The problem with the command line, then where to look; not the whole usage text. */
  private static final class UsageHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      String name = cmd.getCommandSpec().qualifiedName();
      err.println(name + ": " + e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Try '" + name + " --help' for more.");
      return ExitCodes.USAGE;
    }
  }

  /** {@code --version}: Hookline's version as built. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"hookline " + Version.current() + " (commit " + Version.commit() + ")"};
    }
  }
}
