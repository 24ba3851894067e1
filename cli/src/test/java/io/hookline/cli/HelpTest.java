package io.hookline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every verb explains itself, documents the exit codes, and the shell can complete them. */
class HelpTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "topics",
        "topics create",
        "topics render",
        "events",
        "events send",
        "dlq",
        "dlq list",
        "dlq show",
        "dlq stats",
        "dlq replay",
        "generate-completion"
      })
  void everyVerbHasHelpWithTheExitCodes(String verb) {
    List<String> args =
        new java.util.ArrayList<>(verb.isEmpty() ? List.of() : List.of(verb.split(" ")));
    args.add("--help");

    Cli.Run run = Cli.run(Map.of(), args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("Usage: hookline" + (verb.isEmpty() ? "" : " " + verb));
    assertThat(run.out()).contains("Exit codes:").contains("130");
  }

  @Test
  void theReplayHelpNamesItsSafetyFlags() {
    String help = Cli.run(Map.of(), "dlq", "replay", "--help").out();

    assertThat(help)
        .contains("--dry-run", "--rate", "--force", "--limit", "--since", "--until")
        .contains("--endpoint", "--tenant", "--type", "--reason", "--output", "--bootstrap-server");
  }

  @Test
  void completionCoversTheVerbsAndFlags() {
    Cli.Run run = Cli.run(Map.of(), "generate-completion");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("complete -F _complete_hookline")
        .contains("replay")
        .contains("--dry-run")
        .contains("endpoint-disabled");
  }

  @Test
  void theVersionIsHooklinesWithTheCommitItWasBuiltFrom() {
    Cli.Run run = Cli.run(Map.of(), "--version");

    assertThat(run.exitCode()).isZero();
    // Built from this git checkout by Maven: a real commit, not "unknown".
    assertThat(run.out().strip()).matches("hookline \\S+ \\(commit [0-9a-f]{12}(\\+dirty)?\\)");
  }

  @Test
  void aParentVerbWithoutASubcommandIsAUsageError() {
    Cli.Run run = Cli.run(Map.of(), "dlq");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Missing required subcommand");
  }
}
