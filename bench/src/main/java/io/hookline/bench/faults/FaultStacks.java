package io.hookline.bench.faults;

import java.util.Map;

/** A fault stack for scenarios outside this package. */
public final class FaultStacks {
  private FaultStacks() {}

  /** The ingest API of a running stack, and one endpoint of its tenant. Close to stop it all. */
  public interface Api extends AutoCloseable {
    int port();

    String token();

    String tenant();

    String endpointId();

    @Override
    void close() throws InterruptedException;
  }

  /**
   * A broker, the ingest-service and the retry-service, each in its own process, no dispatcher
   * (nothing is delivered anywhere), and one endpoint on a loopback receiver.
   */
  public static Api apiOnly(String scenario, Map<String, String> settings) throws Exception {
    FaultStack stack = FaultStack.start(scenario, 0, 1, settings, false);
    return new Api() {
      @Override
      public int port() {
        return stack.ingest.port();
      }

      @Override
      public String token() {
        return FaultStack.TOKEN;
      }

      @Override
      public String tenant() {
        return FaultStack.TENANT;
      }

      @Override
      public String endpointId() {
        return stack.endpointIds.getFirst();
      }

      @Override
      public void close() throws InterruptedException {
        stack.close();
      }
    };
  }
}
