package io.hookline.cli;

import io.hookline.cli.internal.Output;
import picocli.CommandLine.Option;

/** The {@code -o/--output table|json} flag every verb that prints results shares. */
public final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "table|json",
      defaultValue = "table",
      converter = Output.Converter.class,
      completionCandidates = Output.Candidates.class,
      description = "table (default) or json.")
  Output output;

  public Output get() {
    return output;
  }

  public boolean isJson() {
    return output == Output.JSON;
  }
}
