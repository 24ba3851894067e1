package io.hookline.retry.internal;

import io.hookline.schemas.DeadLetterReason;
import io.hookline.schemas.RetryTier;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What becomes of a due tier record: the record to write in its place, and why. */
sealed interface Hop {

  /** The record to write, in the transaction that commits the tier record's offset. */
  ProducerRecord<String, byte[]> out();

  /** Back to deliveries for its next attempt. */
  record Forward(RetryTier tier, long latenessMs, ProducerRecord<String, byte[]> out)
      implements Hop {}

  /** To the DLQ: unreadable ({@code poison}) or older than the maximum age ({@code expired}). */
  record Dead(DeadLetterReason reason, ProducerRecord<String, byte[]> out) implements Hop {}
}
