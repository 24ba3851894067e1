package io.hookline.bench.faults;

import io.hookline.bench.harness.ChildReadiness;
import java.util.HashMap;
import java.util.Map;

/** A fault stack for scenarios outside this package. */
public final class FaultStacks {
  private static final String PEER_TOKEN = "fault-peer-token-0123456789";

  private FaultStacks() {}

  /**
   * The ingest API of a running stack, its status peer listener, and one endpoint of its tenant.
   * Close to stop it all.
   */
  public interface Api extends AutoCloseable {
    int port();

    String token();

    int peerPort();

    String peerToken();

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
    int peerPort = ChildReadiness.freeLoopbackPort();
    Map<String, String> all = new HashMap<>(settings);
    all.put("HOOKLINE_STATUS_PEER_PORT", String.valueOf(peerPort));
    all.put("HOOKLINE_STATUS_PEER_TOKEN", PEER_TOKEN);
    FaultStack stack = FaultStack.start(scenario, 0, 1, all, false);
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
      public int peerPort() {
        return peerPort;
      }

      @Override
      public String peerToken() {
        return PEER_TOKEN;
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
