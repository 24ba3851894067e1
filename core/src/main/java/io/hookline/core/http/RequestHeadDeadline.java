package io.hookline.core.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose client takes longer than the read timeout to send a request's line and
 * headers. The connector's idle timeout only closes a connection that sends nothing for that long;
 * a client that trickles a byte every few seconds would otherwise hold the connection for as long
 * as it likes (slowloris). Reading a body is bounded by the idle timeout and the minimum data rate
 * instead.
 *
 * <p>One sweep every quarter of the timeout looks at each open connection's counters: bytes that
 * arrived after the last response without completing a request head start the clock, so a head is
 * cut off between 1 and 1.5 times the timeout after its first byte. "After the last response"
 * relies on Jetty 12.1 counting a response when it is committed ({@code getMessagesOut}); {@code
 * ApiAbuseIT} covers a slow but steady body and a trickled head on a kept-alive connection.
 * Thread-safe: Jetty calls the listener from its selector threads, the sweep runs on the server's
 * scheduler.
 */
final class RequestHeadDeadline extends AbstractLifeCycle implements Connection.Listener {
  private final long timeoutNanos;
  private final Scheduler scheduler;
  private final LongSupplier nanoTime;
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private volatile Scheduler.Task next;

  RequestHeadDeadline(Duration timeout, Scheduler scheduler, LongSupplier nanoTime) {
    this.timeoutNanos = timeout.toNanos();
    this.scheduler = scheduler;
    this.nanoTime = nanoTime;
  }

  @Override
  protected void doStart() {
    scheduleSweep();
  }

  @Override
  protected void doStop() {
    Scheduler.Task task = next;
    if (task != null) {
      task.cancel();
    }
    open.clear();
  }

  @Override
  public void onOpened(Connection connection) {
    open.put(connection, new Watch(connection));
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  private void scheduleSweep() {
    if (isRunning() || isStarting()) {
      next = scheduler.schedule(this::sweep, Math.max(1, timeoutNanos / 4), TimeUnit.NANOSECONDS);
    }
  }

  private void sweep() {
    try {
      long now = nanoTime.getAsLong();
      for (Watch watch : open.values()) {
        if (watch.headOverdue(now)) {
          open.remove(watch.connection);
          watch.connection.close();
        }
      }
    } finally {
      scheduleSweep();
    }
  }

  /** One connection's progress, read from its counters at each sweep. */
  private final class Watch {
    final Connection connection;
    long requestsSeen;
    boolean handling;
    long bytesAtLastResponse;
    long headStartedAt = -1;

    Watch(Connection connection) {
      this.connection = connection;
    }

    /** Whether bytes of a request head have been arriving for longer than the timeout. */
    boolean headOverdue(long now) {
      long requests = connection.getMessagesIn();
      if (requests != requestsSeen) {
        requestsSeen = requests; // a head completed since the last sweep
        handling = true;
        headStartedAt = -1;
        return false;
      }
      if (requests > connection.getMessagesOut()) {
        return false; // being handled: reading the body is the idle timeout's business
      }
      long bytes = connection.getBytesIn();
      if (handling) {
        handling = false; // answered since the last sweep; what was read so far belonged to it
        bytesAtLastResponse = bytes;
        return false;
      }
      if (bytes == bytesAtLastResponse) {
        return false; // idle between requests: the idle timeout closes it if it stays so
      }
      if (headStartedAt < 0) {
        headStartedAt = now;
        return false;
      }
      return now - headStartedAt >= timeoutNanos;
    }
  }
}
