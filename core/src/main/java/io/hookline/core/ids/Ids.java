package io.hookline.core.ids;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Hookline's identifiers: a type prefix and 26 Crockford base32 characters. Event and endpoint ids
 * are time-ordered (48-bit milliseconds, then 80 random bits, as a ULID); delivery ids are derived
 * from event and endpoint, so fanning the same event out twice yields the same delivery id.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String eventId(Clock clock) {
    return "evt_" + timeOrdered(clock.millis());
  }

  /**
   * An event id for an event that came without one, the same every time it is derived from the same
   * {@code seed} (the record's coordinates): time-ordered by {@code millis}, then 80 bits of the
   * seed's hash.
   */
  public static String derivedEventId(long millis, String seed) {
    byte[] bytes = new byte[16];
    long m = millis;
    for (int i = 5; i >= 0; i--) {
      bytes[i] = (byte) m;
      m >>>= 8;
    }
    System.arraycopy(sha256(seed), 0, bytes, 6, 10);
    return "evt_" + base32(bytes, 16);
  }

  /**
   * The event id for a client's {@code Idempotency-Key}: the same tenant and key always name the
   * same event ({@code evt_k} and 32 hex digits of their hash).
   */
  public static String eventIdFromKey(String tenant, String key) {
    return "evt_k" + HexFormat.of().formatHex(sha256(tenant + "\n" + key), 0, 16);
  }

  public static String endpointId(Clock clock) {
    return "ep_" + timeOrdered(clock.millis());
  }

  /** Stable across retries and re-fan-outs: a hash of the event and endpoint ids. */
  public static String deliveryId(String eventId, String endpointId) {
    return "dlv_" + base32(sha256(eventId + "\n" + endpointId), 16);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String timeOrdered(long millis) {
    byte[] bytes = new byte[16];
    for (int i = 5; i >= 0; i--) {
      bytes[i] = (byte) millis;
      millis >>>= 8;
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    System.arraycopy(random, 0, bytes, 6, 10);
    return base32(bytes, 16);
  }

  /** 128 bits as 26 base32 characters, most significant first (so ids sort by time). */
  private static String base32(byte[] bytes, int length) {
    BigInteger n = new BigInteger(1, Arrays.copyOf(bytes, length));
    char[] out = new char[26];
    for (int i = 25; i >= 0; i--) {
      out[i] = ALPHABET[n.intValue() & 31];
      n = n.shiftRight(5);
    }
    return new String(out);
  }
}
