package io.hookline.core.dlq;

import io.hookline.schemas.SourceRef;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a DLQ entry is: {@code <partition>:<offset>} on the DLQ topic, as {@code dlq list} shows
 * it. The long form {@code <topic>/<partition>@<offset>} (a delivery's {@code replayOf}) is read
 * too.
 */
public record DlqRef(int partition, long offset) implements Comparable<DlqRef> {
  public static final String FORM =
      "<partition>:<offset> as `hookline dlq list` shows it, e.g. 3:42";
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9}):(\\d{1,18})");
  private static final Pattern LONG = Pattern.compile("([A-Za-z0-9._-]+)/(\\d{1,9})@(\\d{1,18})");

  public DlqRef {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must be >= 0");
    }
  }

  public static DlqRef of(SourceRef ref) {
    return new DlqRef(ref.partition(), ref.offset());
  }

  /** Reads a ref; fails naming the expected form. */
  public static DlqRef parse(String text) {
    String s = text.strip();
    Matcher m = SHORT.matcher(s);
    if (m.matches()) {
      return new DlqRef(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
    }
    m = LONG.matcher(s);
    if (m.matches()) {
      return new DlqRef(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
    }
    throw new IllegalArgumentException("'" + text + "' is not a DLQ ref: expected " + FORM);
  }

  /** The coordinates on {@code dlqTopic}: the ledger key and the replay's {@code replayOf}. */
  public SourceRef on(String dlqTopic) {
    return new SourceRef(dlqTopic, partition, offset);
  }

  @Override
  public int compareTo(DlqRef o) {
    int c = Integer.compare(partition, o.partition);
    return c != 0 ? c : Long.compare(offset, o.offset);
  }

  @Override
  public String toString() {
    return partition + ":" + offset;
  }
}
