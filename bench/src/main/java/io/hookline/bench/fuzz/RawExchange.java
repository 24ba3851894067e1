package io.hookline.bench.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a fresh loopback socket, written byte for byte as given (so that a
 * request can be malformed at any level), and the answer read back as the server sent it: status,
 * content type and body, or none, and how long after the last byte was written the server answered
 * or closed.
 */
record RawExchange(int status, String contentType, byte[] body, long answeredAfterMs) {
  /** No status line came back: the server closed, or the wait ran out ({@code timedOut}). */
  static final int NO_ANSWER = -1;

  boolean timedOut(Duration wait) {
    return status == NO_ANSWER && answeredAfterMs >= wait.toMillis();
  }

  /**
   * Sends {@code request} to {@code 127.0.0.1:port} and reads the answer, waiting up to {@code
   * wait}.
   */
  static RawExchange send(int port, byte[] request, Duration wait) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
      socket.setSoTimeout((int) wait.toMillis());
      long sent;
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // The server may answer and close before the whole request is written (a 413, a 431).
      } finally {
        sent = System.nanoTime();
      }
      try {
        return read(socket.getInputStream(), sent);
      } catch (SocketTimeoutException e) {
        return new RawExchange(
            NO_ANSWER, null, new byte[0], (System.nanoTime() - sent) / 1_000_000);
      } catch (IOException e) {
        // reset by the server: it closed without answering
        return new RawExchange(
            NO_ANSWER, null, new byte[0], (System.nanoTime() - sent) / 1_000_000);
      }
    }
  }

  private static RawExchange read(InputStream in, long sent) throws IOException {
    String statusLine = line(in);
    long answered = (System.nanoTime() - sent) / 1_000_000;
    if (statusLine == null) {
      return new RawExchange(NO_ANSWER, null, new byte[0], answered);
    }
    String[] parts = statusLine.split(" ", 3);
    int status = parts.length >= 2 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : 0;
    String contentType = null;
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).strip();
      switch (name) {
        case "content-type" -> contentType = value;
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (String size = line(in); size != null; size = line(in)) {
        int n = Integer.parseInt(size.split(";")[0].strip(), 16);
        if (n == 0) {
          break;
        }
        out.write(in.readNBytes(n));
        line(in);
      }
      body = out.toByteArray();
    } else if (length >= 0) {
      body = in.readNBytes((int) Math.min(length, 1 << 20));
    } else {
      body = new byte[0]; // no length: an error answer without a body, or HTTP/1.0 close
    }
    return new RawExchange(status, contentType, body, answered);
  }

  /** One CRLF-terminated line, without the terminator; null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = out.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      out.write(b);
    }
    return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
  }
}
