package io.hookline.ingest.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the ingest-service's Kafka Streams apps (the fan-out, the status view) survive a failed
 * stream thread: it is replaced, the failure logged and counted in {@code
 * hookline_loop_restarts_total{loop}} like a restart of any supervised loop, and its tasks resume
 * from their last commit. Never shutting the client down keeps the service serving while Kafka or a
 * bad record trouble one thread.
 */
public final class StreamThreads {
  private static final Logger log = LoggerFactory.getLogger(StreamThreads.class);

  private StreamThreads() {}

  /** Has {@code streams} replace a failed thread, counted under {@code loop}. Before start. */
  public static void replaceFailed(KafkaStreams streams, String loop, MeterRegistry registry) {
    Counter restarts =
        Counter.builder("hookline.loop.restarts")
            .description("restarts of a background loop after it failed")
            .tag("loop", loop)
            .register(registry);
    streams.setUncaughtExceptionHandler(
        e -> {
          restarts.increment();
          log.error("{} thread failed; replacing it", loop, e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
  }
}
