package io.hookline.cli;

import io.hookline.core.config.Env;
import io.hookline.core.dlq.StopSignal;
import java.time.Clock;

/**
 * What every command gets from outside: the {@code HOOKLINE_*} environment, the clock, and the
 * Ctrl-C signal. Tests pass their own.
 *
 * @param stderrIsTerminal whether a progress bar may be drawn on stderr ({@code --progress auto})
 */
public record CliContext(Env env, Clock clock, StopSignal stop, boolean stderrIsTerminal) {}
