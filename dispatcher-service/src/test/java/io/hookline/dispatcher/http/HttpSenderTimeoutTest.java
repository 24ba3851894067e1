package io.hookline.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.net.EgressPolicy;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.http.HttpResult.Failed;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSenderTimeoutTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final long LOOSE_BOUND_MS = 3 * TIMEOUT.toMillis();

  private HttpSender sender;

  @BeforeEach
  void startSender() {
    sender = new HttpSender(HttpSenderConfig.defaults(), EgressPolicy.fromAllowList("127.0.0.0/8"));
  }

  @AfterEach
  void stopSender() {
    sender.close();
  }

  @Test
  void timesOutAReceiverThatNeverAnswersWithinAboutTheTimeout() throws Exception {
    try (LoopbackReceiver receiver = new LoopbackReceiver()) {
      receiver.answering(LoopbackReceiver.silent());
      long started = System.nanoTime();

      HttpResult result =
          sender.send(
              new WebhookRequest(receiver.url("/slow"), Map.of(), "{}".getBytes()), TIMEOUT);

      assertTimedOut(result, started);
      assertThat(receiver.received()).hasSize(1);
    }
  }

  @Test
  void abortsAReceiverThatTricklesItsHeadersToDefeatPerReadTimeouts() throws Exception {
    // Each header line arrives well within the read timeout, so only the hard deadline stops it.
    try (TricklingServer server = new TricklingServer()) {
      long started = System.nanoTime();

      HttpResult result =
          sender.send(new WebhookRequest(server.url(), Map.of(), "{}".getBytes()), TIMEOUT);

      assertTimedOut(result, started);
    }
  }

  @Test
  void reportsAClosedPortAsConnectionRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    HttpResult result =
        sender.send(
            new WebhookRequest(
                URI.create("http://127.0.0.1:" + closedPort + "/"), Map.of(), new byte[0]),
            TIMEOUT);

    assertThat(result)
        .isInstanceOfSatisfying(
            Failed.class,
            f -> {
              assertThat(f.error()).isEqualTo("connection refused");
              assertThat(f.status()).isNull();
            });
  }

  private static void assertTimedOut(HttpResult result, long startedNanos) {
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    assertThat(result)
        .isInstanceOfSatisfying(
            Failed.class,
            f -> {
              assertThat(f.error()).isEqualTo("timed out after 500 ms");
              assertThat(f.status()).isNull();
              assertThat(f.durationMs()).isGreaterThanOrEqualTo(TIMEOUT.toMillis() - 50);
            });
    assertThat(elapsedMs).isLessThan(LOOSE_BOUND_MS);
  }

  /** Answers every connection with a status line and then one header line every 100 ms. */
  private static final class TricklingServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread acceptor = Thread.ofVirtual().start(this::serve);

    TricklingServer() throws IOException {}

    URI url() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/trickle");
    }

    private void serve() {
      try (Socket client = socket.accept()) {
        OutputStream out = client.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; !released.await(100, TimeUnit.MILLISECONDS) && i < 600; i++) {
          out.write(("x-trickle-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException | InterruptedException expectedWhenTheSenderAborts) {
        // The sender closing the connection ends the trickle.
      }
    }

    @Override
    public void close() throws IOException {
      released.countDown();
      socket.close();
      try {
        acceptor.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
