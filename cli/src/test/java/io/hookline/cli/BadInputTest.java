package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input fails fast, with one line that names the problem and the expected form, and the exit
 * code scripts rely on. None of these needs a broker: they fail before Kafka is asked anything, or
 * because there is no Kafka.
 */
class BadInputTest {
  private static final Map<String, String> NO_KAFKA =
      Map.of("HOOKLINE_KAFKA_BOOTSTRAP", "127.0.0.1:" + closedPort());

  @Test
  void anUnreachableBrokerFailsWithinAFewSecondsWithOneLineAndNoStackTrace() {
    Cli.Run run = Cli.run(NO_KAFKA, "dlq", "list");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
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
    Cli.Run run = Cli.run(NO_KAFKA, "dlq", "stats", "--timeout", "1s");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("within 1 s");
    assertThat(run.took()).isLessThan(Duration.ofSeconds(5));
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
    Cli.Run run = Cli.run(NO_KAFKA, "dlq", "list", "--since", "yesterday");

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
        Cli.run(NO_KAFKA, "dlq", "replay", "--since", "1h", "--until", "2026-01-01T00:00:00Z");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--since").contains("must be before --until");
  }

  @Test
  void anUnknownReasonListsTheKnownOnes() {
    Cli.Run run = Cli.run(NO_KAFKA, "dlq", "stats", "--reason", "tired");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("--reason")
        .contains("'tired' is not a reason")
        .contains("exhausted, rejected, endpoint-gone");
  }

  @Test
  void aMalformedTypeFilterNamesTheFlag() {
    Cli.Run run = Cli.run(NO_KAFKA, "dlq", "list", "--type", "order created");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--type must be an event type like order.created");
  }

  @Test
  void aBadRefNamesTheExpectedForm() {
    Cli.Run run = Cli.run(NO_KAFKA, "dlq", "show", "42");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("'42' is not a DLQ ref").contains("<partition>:<offset>");
  }

  @Test
  void limitsRatesAndOutputsOutOfRangeAreUsageErrors() {
    assertThat(Cli.run(NO_KAFKA, "dlq", "list", "--limit", "0").err())
        .contains("--limit must be at least 1");
    assertThat(Cli.run(NO_KAFKA, "dlq", "replay", "--rate", "0").err())
        .contains("--rate must be a number of sends per second > 0");
    Cli.Run output = Cli.run(NO_KAFKA, "dlq", "list", "-o", "yaml");
    assertThat(output.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(output.err()).contains("--output").contains("'yaml' is not table or json");
  }

  @Test
  void eventsSendNeedsDataOrAFileAndTheDataMustBeAJsonObject() {
    Cli.Run missing = Cli.run(NO_KAFKA, "events", "send", "--tenant", "acme", "--type", "a.b");
    Cli.Run notJson =
        Cli.run(NO_KAFKA, "events", "send", "--tenant", "acme", "--type", "a.b", "--data", "{x");
    Cli.Run notObject =
        Cli.run(NO_KAFKA, "events", "send", "--tenant", "acme", "--type", "a.b", "--data", "[1]");
    Cli.Run badType =
        Cli.run(NO_KAFKA, "events", "send", "--tenant", "acme", "--type", "a b", "--data", "{}");

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
    Cli.Run run = Cli.run(NO_KAFKA, "dlq", "lists");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("'lists'").contains("Did you mean: dlq list");
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
