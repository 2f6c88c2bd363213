package dev.agentharness.fake;

import java.util.SplittableRandom;

/**
 * Provider-shaped ids ({@code resp_CCXHw0UJld10EzIUXQCNh}, {@code event_...}) from a seeded generator,
 * so that the same scenario gets the same ids on every run.
 */
public final class Ids {

  private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private final SplittableRandom random;

  public Ids(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code prefix} followed by {@code length} base62 characters, e.g. {@code next("resp_", 21)}. */
  public synchronized String next(String prefix, int length) {
    StringBuilder sb = new StringBuilder(prefix.length() + length).append(prefix);
    for (int i = 0; i < length; i++) sb.append(BASE62[random.nextInt(BASE62.length)]);
    return sb.toString();
  }

  /** A UUID-shaped id ({@code 8-4-4-4-12} lower-case hex), as Deepgram and Cartesia use. */
  public synchronized String uuid() {
    String hex = Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-a" + hex.substring(17, 20)
        + "-" + hex.substring(20, 32);
  }

  /** A random API key for a fake that was given none: {@code prefix} plus 32 base62 characters. */
  public static String randomKey(String prefix) {
    java.security.SecureRandom r = new java.security.SecureRandom();
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 32; i++) sb.append(BASE62[r.nextInt(BASE62.length)]);
    return sb.toString();
  }
}
