package io.hookline.ingest.http;

import io.hookline.core.http.HttpProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes a record and waits for Kafka's acknowledgement, so the API answers success only for what
 * Kafka holds. Failure or timeout becomes a 503 the client can retry. Thread-safe.
 */
public final class KafkaWriter {
  private final Producer<String, byte[]> producer;
  private final Duration timeout;

  public KafkaWriter(Producer<String, byte[]> producer, Duration timeout) {
    this.producer = producer;
    this.timeout = timeout;
  }

  public RecordMetadata write(String topic, String key, byte[] value) {
    return writeAll(List.of(new ProducerRecord<>(topic, key, value))).getFirst();
  }

  /**
   * Sends every record, then waits for all the acknowledgements, within one timeout: a batch costs
   * about one round trip to Kafka, not one per record. Any failure fails the whole call (records
   * written before it stay written; a retry with the same event ids is de-duplicated downstream).
   */
  public List<RecordMetadata> writeAll(List<ProducerRecord<String, byte[]>> records) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    try {
      for (ProducerRecord<String, byte[]> record : records) {
        sent.add(producer.send(record));
      }
      List<RecordMetadata> acknowledged = new ArrayList<>(sent.size());
      for (Future<RecordMetadata> ack : sent) {
        long left = Math.max(0, deadline - System.nanoTime());
        acknowledged.add(ack.get(left, TimeUnit.NANOSECONDS));
      }
      return acknowledged;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while waiting for Kafka");
    } catch (ExecutionException e) {
      throw unavailable("Kafka refused the write: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw unavailable("Kafka did not acknowledge within " + timeout.toMillis() + " ms");
    }
  }

  private static HttpProblem unavailable(String message) {
    return new HttpProblem(
        503, "unavailable", message + "; retry (with the same id, so nothing is sent twice)", null);
  }
}
