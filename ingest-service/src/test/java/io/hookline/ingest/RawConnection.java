package io.hookline.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One TCP connection to a server on loopback, written to byte by byte as a misbehaving client
 * would: half-sent requests, malformed request lines, oversized headers. Reads are bounded by a
 * socket timeout, so no test waits forever.
 */
final class RawConnection implements AutoCloseable {
  private final Socket socket;

  RawConnection(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
  }

  RawConnection write(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Whether the server has closed the connection (end of stream, a reset, or a response followed by
   * the end of stream), waiting at most {@code wait} for it.
   */
  boolean closedByServerWithin(Duration wait) throws IOException {
    socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // an error response may come first; the connection must end after it
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** Reads one whole response (status line, headers, body up to the end of stream or length). */
  RawResponse readResponse(Duration wait) throws IOException {
    socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException e) {
        if (head.size() == 0) {
          return RawResponse.parse("", ""); // nothing answered within the wait
        }
        throw e;
      }
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    int length = -1;
    for (String line : headText.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(line.substring(colon + 1).strip());
      }
    }
    byte[] body;
    try {
      body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
    } catch (SocketTimeoutException e) {
      body = new byte[0];
    }
    return RawResponse.parse(headText, new String(body, StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A response as the bytes said it: status code, content type and body. */
  record RawResponse(int status, String contentType, String body, String head) {
    static RawResponse parse(String head, String body) {
      if (head.isEmpty()) {
        return new RawResponse(-1, null, body, head);
      }
      String[] lines = head.split("\r\n");
      String[] statusLine = lines[0].split(" ");
      int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
      String contentType = null;
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("content-type")) {
          contentType = line.substring(colon + 1).strip();
        }
      }
      return new RawResponse(status, contentType, body, head);
    }
  }
}
