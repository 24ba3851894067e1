package io.hookline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.cli.CliFailure;
import io.hookline.cli.ExitCodes;
import io.hookline.core.dlq.DlqFailure;
import java.time.Duration;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

/**
 * What a replay that Kafka ended tells the operator. A fenced producer is what both a take-over and
 * the broker's abort of a transaction open past its timeout look like; how long the transaction had
 * been open tells them apart.
 */
class DlqReplayFailureTest {
  private static final String DONE = "3 of 20 entries were replayed and recorded";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void aFencedReplayWhoseTransactionWasYoungSaysAnotherReplayTookOver() {
    RuntimeException e =
        DlqReplayCommand.failure(
            new ProducerFencedException("There is a newer producer with the same transactionalId"),
            DONE,
            Duration.ofMillis(40),
            TIMEOUT);

    assertThat(e).isInstanceOf(CliFailure.class);
    assertThat(e.getMessage())
        .contains("another replay against these topics took over (`hookline dlq replay` or POST")
        .contains(DONE);
  }

  @Test
  void aTransactionOpenPastTheTimeoutWasAbortedByKafkaNotTakenOver() {
    RuntimeException e =
        DlqReplayCommand.failure(
            new InvalidProducerEpochException("Producer attempted to produce with an old epoch"),
            DONE,
            Duration.ofMillis(11_200),
            TIMEOUT);

    assertThat(e.getMessage())
        .contains(
            "Kafka aborted the replay's open transaction after 11.2 s (longer than"
                + " transaction.timeout.ms, 10.0 s): nothing of it is visible")
        .contains(DONE)
        .contains("the same command sends only the rest")
        .doesNotContain("took over");
  }

  @Test
  void aReadThatFailedSaysWhatFailedAfterWhatWasDone() {
    RuntimeException e =
        DlqReplayCommand.failure(
            new DlqFailure("reading stalled: Kafka returned nothing for 30 s"),
            DONE,
            Duration.ZERO,
            TIMEOUT);

    assertThat(e.getMessage())
        .startsWith("replay failed after " + DONE + ": reading stalled")
        .endsWith("The ledger is exact: the same command sends only the rest.");
    assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCodes.FAILURE);
  }
}
