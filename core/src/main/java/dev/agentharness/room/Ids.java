package dev.agentharness.room;

import java.util.SplittableRandom;

/**
 * LiveKit-style ids ({@code RM_}, {@code PA_}, {@code AJ_}, {@code EV_} and 12 characters), drawn from a
 * seeded generator so that every run of a room gives the same ids.
 */
final class Ids {

  // the shortuuid alphabet: no 0, O, 1, I, l
  private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  private final SplittableRandom random;

  Ids(long seed) {
    this.random = new SplittableRandom(seed);
  }

  synchronized String next(String prefix) {
    StringBuilder sb = new StringBuilder(prefix.length() + 12).append(prefix);
    for (int i = 0; i < 12; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    return sb.toString();
  }
}
