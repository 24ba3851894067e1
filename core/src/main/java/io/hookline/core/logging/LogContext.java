package io.hookline.core.logging;

import io.hookline.schemas.Delivery;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

/**
 * Names the record and the delivery being worked on in the logging MDC, for the scope of a
 * try-with-resources block on one thread, so that every line logged meanwhile (by Hookline or by a
 * library) says which delivery, endpoint, partition and offset it is about. The service log pattern
 * prints them; a JSON encoder gets them as fields. Closing removes what it put.
 *
 * <pre>{@code
 * try (LogContext scope = LogContext.of(record)) {
 *   Delivery delivery = read(record);
 *   scope.delivery(delivery);
 *   ...
 * }
 * }</pre>
 */
public final class LogContext implements AutoCloseable {
  public static final String DELIVERY = "deliveryId";
  public static final String ENDPOINT = "endpointId";
  public static final String EVENT = "eventId";
  public static final String PARTITION = "partition";
  public static final String OFFSET = "offset";

  private LogContext() {}

  /** The record at {@code offset} of {@code topic}'s {@code partition}. */
  public static LogContext of(String topic, int partition, long offset) {
    MDC.put(PARTITION, topic + "-" + partition);
    MDC.put(OFFSET, Long.toString(offset));
    return new LogContext();
  }

  public static LogContext of(ConsumerRecord<?, ?> record) {
    return of(record.topic(), record.partition(), record.offset());
  }

  /** Adds the delivery read from the record: its id, endpoint and event. */
  public LogContext delivery(Delivery delivery) {
    MDC.put(DELIVERY, delivery.id());
    MDC.put(ENDPOINT, delivery.endpointId());
    MDC.put(EVENT, delivery.eventId());
    return this;
  }

  /** Adds the event read from the record (the fan-out's scope: one event, many deliveries). */
  public LogContext event(String eventId) {
    MDC.put(EVENT, eventId);
    return this;
  }

  @Override
  public void close() {
    MDC.remove(PARTITION);
    MDC.remove(OFFSET);
    MDC.remove(DELIVERY);
    MDC.remove(ENDPOINT);
    MDC.remove(EVENT);
  }
}
