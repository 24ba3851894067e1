package io.hookline.core.dlq;

/** Where a replay reports how far it got: the CLI draws a bar, the API keeps a run's count. */
public interface ReplayProgress {
  /** {@code done} entries are sent and recorded. */
  void update(long done);

  /** The replay ended (however it ended). */
  void finish();

  /** Reports nothing. */
  static ReplayProgress none() {
    return new ReplayProgress() {
      @Override
      public void update(long done) {}

      @Override
      public void finish() {}
    };
  }
}
