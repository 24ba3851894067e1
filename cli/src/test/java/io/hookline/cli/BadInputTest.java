package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input fails fast, with one line that names the problem and the expected form, and the exit
 * code scripts rely on. None of these needs a broker: they fail before Kafka is asked anything, or
 * because there is no Kafka.
 */
class BadInputTest {
  /**
   * Far above the connect timeouts used here, so that a loaded machine does not fail the test, and
   * far below "hangs".
   */
  private static final Duration DOES_NOT_HANG = Duration.ofSeconds(20);

  /**
   * Where no Kafka is: a port this class holds for its whole run, bound and listening but never
   * accepting, so no other process can take it and nothing ever answers on it. (A port found free
   * and closed again could be taken by anything meanwhile.) The kernel completes the connections;
   * the client then waits for answers that never come, the harder case of an unreachable broker.
   */
  private static ServerSocket silent;

  private static Map<String, String> noKafka;

  @BeforeAll
  static void holdAPortNobodyAnswersOn() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    noKafka = Map.of("HOOKLINE_KAFKA_BOOTSTRAP", "127.0.0.1:" + silent.getLocalPort());
  }

  @AfterAll
  static void releaseIt() throws IOException {
    silent.close();
  }

  @Test
  void anUnreachableBrokerFailsWithinAFewSecondsWithOneLineAndNoStackTrace() {
    Cli.Run run = Cli.run(noKafka, "dlq", "list");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILURE);
    // It waited for the connect timeout (5 s by default), and no longer than it takes to give up.
    assertThat(run.took()).isBetween(Duration.ofSeconds(5), DOES_NOT_HANG);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("hookline dlq list: cannot reach Kafka at 127.0.0.1:")
        .contains("within 5 s")
        .contains("--bootstrap-server")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void theConnectTimeoutIsTheOperatorsToChoose() {
    Cli.Run run = Cli.run(noKafka, "dlq", "stats", "--timeout", "1s");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    // The message is made from the same bound the Kafka client is given.
    assertThat(run.err()).contains("within 1 s");
    assertThat(run.took()).isBetween(Duration.ofSeconds(1), DOES_NOT_HANG);
  }

  @Test
  void anUnresolvableBootstrapAddressSaysSo() {
    Cli.Run run = Cli.run(Map.of(), "topics", "create", "-b", "no-such-host.invalid:9092");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err())
        .contains("cannot reach Kafka at no-such-host.invalid:9092")
        .contains("resolvable");
  }

  @Test
  void aBadSinceNamesTheFlagAndTheExpectedForms() {
    Cli.Run run = Cli.run(noKafka, "dlq", "list", "--since", "yesterday");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("--since")
        .contains("'yesterday'")
        .contains("2h")
        .contains("RFC 3339")
        .contains("Try 'hookline dlq list --help'");
  }

  @Test
  void aSinceAfterTheUntilIsRefusedNamingBoth() {
    Cli.Run run =
        Cli.run(noKafka, "dlq", "replay", "--since", "1h", "--until", "2026-01-01T00:00:00Z");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--since").contains("must be before --until");
  }

  @Test
  void anUnknownReasonListsTheKnownOnes() {
    Cli.Run run = Cli.run(noKafka, "dlq", "stats", "--reason", "tired");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("--reason")
        .contains("'tired' is not a reason")
        .contains("exhausted, rejected, endpoint-gone");
  }

  @Test
  void aMalformedTypeFilterNamesTheFlag() {
    Cli.Run run = Cli.run(noKafka, "dlq", "list", "--type", "order created");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--type must be an event type like order.created");
  }

  @Test
  void aBadRefNamesTheExpectedForm() {
    Cli.Run run = Cli.run(noKafka, "dlq", "show", "42");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("'42' is not a DLQ ref").contains("<partition>:<offset>");
  }

  @Test
  void limitsRatesAndOutputsOutOfRangeAreUsageErrors() {
    assertThat(Cli.run(noKafka, "dlq", "list", "--limit", "0").err())
        .contains("--limit must be at least 1");
    assertThat(Cli.run(noKafka, "dlq", "replay", "--rate", "0").err())
        .contains("--rate must be a number of sends per second > 0");
    Cli.Run output = Cli.run(noKafka, "dlq", "list", "-o", "yaml");
    assertThat(output.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(output.err()).contains("--output").contains("'yaml' is not table or json");
  }

  @Test
  void eventsSendNeedsDataOrAFileAndTheDataMustBeAJsonObject() {
    Cli.Run missing = Cli.run(noKafka, "events", "send", "--tenant", "acme", "--type", "a.b");
    Cli.Run notJson =
        Cli.run(noKafka, "events", "send", "--tenant", "acme", "--type", "a.b", "--data", "{x");
    Cli.Run notObject =
        Cli.run(noKafka, "events", "send", "--tenant", "acme", "--type", "a.b", "--data", "[1]");
    Cli.Run badType =
        Cli.run(noKafka, "events", "send", "--tenant", "acme", "--type", "a b", "--data", "{}");

    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--data").contains("--file");
    assertThat(notJson.err()).contains("--data is not valid JSON");
    assertThat(notObject.err()).contains("--data must be a JSON object");
    assertThat(badType.err()).contains("--type must be a dotted event type");
  }

  @Test
  void aBadHooklineVariableIsAUsageErrorNamingIt() {
    Cli.Run run =
        Cli.run(
            Map.of("HOOKLINE_KAFKA_BOOTSTRAP", "127.0.0.1:1", "HOOKLINE_RETRY_TIERS", "soon"),
            "dlq",
            "list");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("HOOKLINE_RETRY_TIERS");
  }

  @Test
  void anUnknownVerbSuggestsTheNearestOne() {
    Cli.Run run = Cli.run(noKafka, "dlq", "lists");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("'lists'").contains("Did you mean: dlq list");
  }
}
