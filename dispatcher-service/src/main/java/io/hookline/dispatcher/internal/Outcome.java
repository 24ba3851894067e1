package io.hookline.dispatcher.internal;

import io.hookline.schemas.Attempt;
import io.hookline.schemas.DeadLetter;
import io.hookline.schemas.Delivery;
import io.hookline.schemas.RetryTier;
import java.util.Optional;

/** What becomes of one delivery after the dispatcher has handled it. */
public sealed interface Outcome {

  /** The attempt record to write, if an attempt was made. */
  Optional<Attempt> attempt();

  /** The receiver answered 2xx. */
  record Delivered(Attempt record) implements Outcome {
    @Override
    public Optional<Attempt> attempt() {
      return Optional.of(record);
    }
  }

  /** A retryable failure: {@code next} waits in {@code tier}. */
  record Retry(Attempt record, RetryTier tier, Delivery next) implements Outcome {
    @Override
    public Optional<Attempt> attempt() {
      return Optional.of(record);
    }
  }

  /**
   * The endpoint's lane was full: the delivery is deferred to the first retry tier without an
   * attempt being counted.
   */
  record Throttled(Attempt record, RetryTier tier, Delivery next) implements Outcome {
    @Override
    public Optional<Attempt> attempt() {
      return Optional.of(record);
    }
  }

  /**
   * No further attempt: the delivery goes to the DLQ. {@code attempt} is absent when no request was
   * made (the endpoint is deleted or disabled, or the record could not be read).
   */
  record Dead(Optional<Attempt> attempt, DeadLetter deadLetter) implements Outcome {}
}
