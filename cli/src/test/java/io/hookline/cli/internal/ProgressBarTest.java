package io.hookline.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void theProgressBarShowsCountPercentRateAndEta() {
    assertThat(ProgressBar.render(45, 100, Duration.ofSeconds(9)))
        .isEqualTo("[#############-----------------] 45/100  45%  5.0/s  eta 11.0 s");
    assertThat(ProgressBar.render(100, 100, Duration.ofSeconds(20)))
        .startsWith("[##############################] 100/100 100%  5.0/s")
        .doesNotContain("eta");
  }

  @Test
  void itDrawsInPlaceOnlyWhenEnabledAndClearsItselfForTheSummary() {
    StringWriter terminal = new StringWriter();
    StringWriter pipe = new StringWriter();
    ProgressBar drawn = new ProgressBar(new PrintWriter(terminal), Clock.systemUTC(), true, 2);
    ProgressBar silent = new ProgressBar(new PrintWriter(pipe), Clock.systemUTC(), false, 2);

    drawn.update(2);
    drawn.finish();
    silent.update(2);
    silent.finish();

    assertThat(terminal.toString()).startsWith("\r[").contains("2/2 100%").endsWith("\r");
    assertThat(pipe.toString()).isEmpty();
  }
}
