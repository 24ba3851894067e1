package io.hookline.dispatcher.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * The first bytes of a response body, read without ever holding more than a small buffer.
 *
 * @param snippet the first {@link #SNIPPET_BYTES} bytes, decoded leniently as UTF-8
 * @param complete true when the body was read to its end, so the connection can be reused
 */
record ResponseBody(String snippet, boolean complete) {
  static final int SNIPPET_BYTES = 1024;

  /** Bodies up to this much past the snippet are read and dropped to keep the connection. */
  static final int DRAIN_BYTES = 64 * 1024;

  /**
   * Reads the snippet of {@code entity}, then drains the rest if it is short. A body that is
   * longer, or that breaks off, is left incomplete and its connection aborted, never read to the
   * end. Blocks while the receiver sends.
   */
  static ResponseBody read(HttpEntity entity) {
    if (entity == null) {
      return new ResponseBody("", true);
    }
    byte[] head = new byte[0];
    InputStream in = null;
    try {
      in = entity.getContent();
      if (in == null) {
        return new ResponseBody("", true);
      }
      head = in.readNBytes(SNIPPET_BYTES);
      long declared = entity.getContentLength();
      boolean shortEnough = declared < 0 || declared <= SNIPPET_BYTES + DRAIN_BYTES;
      if (shortEnough && drainedToEnd(in)) {
        return new ResponseBody(decode(head), true);
      }
    } catch (IOException e) {
      // The status already decided the outcome; a body that breaks off only shortens the snippet.
    }
    abort(in);
    return new ResponseBody(decode(head), false);
  }

  private static boolean drainedToEnd(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    long remaining = DRAIN_BYTES;
    while (remaining >= 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining + 1));
      if (n < 0) {
        return true;
      }
      remaining -= n;
    }
    return false;
  }

  private static void abort(InputStream in) {
    if (in instanceof EofSensorInputStream sensor) {
      try {
        // Closes the connection instead of reading the rest of the body, as close() would.
        sensor.abort();
      } catch (IOException e) {
        // Already broken: nothing left to abort.
      }
    }
  }

  private static String decode(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
