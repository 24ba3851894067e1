package io.hookline.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports that are free now, for tests that start a process on ports of their own choosing.
 *
 * <p>They are picked below the kernel's ephemeral range, never from it: a port asked of the kernel
 * ({@code bind} to port 0) is free when asked but may be the local end of the next outgoing
 * connection a moment later (a Kafka client's, say), and the process under test then fails to bind
 * it. Below the range only a listener can hold a port, and each is checked free by binding it.
 */
public final class FreePorts {
  private static final int LOWEST = 10_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private FreePorts() {}

  /** A loopback port that is free now. */
  public static int one() {
    return run(1);
  }

  /** The first of {@code count} consecutive loopback ports that are all free now. */
  public static int run(int count) {
    return runOutside(count, 0, 0);
  }

  /** A loopback port that is free now and outside {@code [first, first + count)}. */
  public static int outside(int first, int count) {
    return runOutside(1, first, count);
  }

  private static int runOutside(int count, int avoidFirst, int avoidCount) {
    int below = ephemeralLow();
    for (int tries = 0; tries < 1_000; tries++) {
      int first = ThreadLocalRandom.current().nextInt(LOWEST, below - count + 1);
      boolean clear = first + count <= avoidFirst || first >= avoidFirst + avoidCount;
      if (clear && free(first, count)) {
        return first;
      }
    }
    throw new IllegalStateException(
        "no run of " + count + " free loopback ports found in " + LOWEST + "-" + (below - 1));
  }

  /** The lowest ephemeral port: the first number in Linux's range file, else IANA's 49152. */
  private static int ephemeralLow() {
    try {
      // readAllLines, not readString: a procfs file reports size 0, and readString read "3".
      int low = Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).split("\\s+")[0]);
      return Math.max(low, LOWEST + 1_000);
    } catch (IOException | RuntimeException e) {
      return 49_152;
    }
  }

  private static boolean free(int from, int count) {
    for (int port = from; port < from + count; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        // Bound, so free; closed again at once.
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
