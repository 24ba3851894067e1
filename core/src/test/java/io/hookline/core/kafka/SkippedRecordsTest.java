package io.hookline.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SkippedRecordsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong now = new AtomicLong();
  private final SkippedRecords skipped = new SkippedRecords(registry, "status-view", now::get);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(SkippedRecords.class);

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logged);
  }

  @Test
  void everySkippedRecordIsCountedByConsumerAndTopic() {
    skipped.skip("webhooks.attempts", 3, 41, "malformed JSON");
    skipped.skip("webhooks.attempts", 3, 42, "malformed JSON");
    skipped.skip("webhooks.dlq", 0, 7, "'reason' is required");

    assertThat(count("webhooks.attempts")).isEqualTo(2);
    assertThat(count("webhooks.dlq")).isEqualTo(1);
  }

  @Test
  void theLogSaysWhereAtMostOnceAPeriodAndHowManyItLeftOut() {
    skipped.skip("webhooks.attempts", 3, 41, "malformed JSON");
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    skipped.skip("webhooks.attempts", 3, 42, "malformed JSON");
    skipped.skip("webhooks.attempts", 3, 43, "malformed JSON");
    now.addAndGet(SkippedRecords.LOG_EVERY.toNanos());
    skipped.skip("webhooks.dlq", 1, 9, "'reason' is required");

    assertThat(logged.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "status-view skipped an unreadable record at webhooks.attempts-3@41: malformed JSON",
            "status-view skipped an unreadable record at webhooks.dlq-1@9: 'reason' is required"
                + " (and 2 more since the last such line; see hookline_records_skipped_total)");
  }

  private double count(String topic) {
    return registry
        .get("hookline.records.skipped")
        .tag("consumer", "status-view")
        .tag("topic", topic)
        .counter()
        .count();
  }
}
