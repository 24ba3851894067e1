package io.hookline.core.kafka;

import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The runs of a loop that reads with a fresh consumer each run (a {@code SupervisedLoop} body), and
 * its stop switch. {@link #run} opens a consumer, hands it to the body and closes it however the
 * body ends; {@link #stop} sets the flag the body polls until and wakes the consumer out of a
 * blocking call, and the {@link WakeupException} that causes ends the run quietly. Any other
 * failure is thrown, for the supervisor to start a new run after its backoff. {@link #run} on the
 * loop's thread; {@link #stop} from any thread.
 *
 * @param <K> the consumer's key type
 * @param <V> the consumer's value type
 */
public final class ConsumerRun<K, V> {
  /** One run's work with its consumer: returns once {@link #isStopping}. */
  @FunctionalInterface
  public interface Body<K, V> {
    void run(Consumer<K, V> consumer);
  }

  /** How a run's consumer is closed (a timeout, leaving the group); called once per run. */
  @FunctionalInterface
  public interface Close<K, V> {
    void close(Consumer<K, V> consumer);
  }

  private volatile boolean stopping;
  private volatile Consumer<K, V> current;

  /** One run; does nothing once stopping. */
  public void run(Supplier<? extends Consumer<K, V>> open, Body<K, V> body, Close<K, V> close) {
    if (stopping) {
      return;
    }
    Consumer<K, V> consumer = open.get();
    current = consumer;
    try {
      if (!stopping) {
        body.run(consumer);
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      current = null;
      close.close(consumer);
    }
  }

  public boolean isStopping() {
    return stopping;
  }

  /** Asks the current run to end and every later one not to start; returns at once. */
  public void stop() {
    stopping = true;
    Consumer<K, V> consumer = current;
    if (consumer != null) {
      consumer.wakeup();
    }
  }
}
