package dev.agentharness.junit;

import java.time.Duration;
import java.util.Objects;

/** Bounded retrying of an assertion. Not API. */
final class Waiting {

  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(20);

  private Waiting() {}

  /**
   * Runs {@code assertion} until it passes or {@code timeout} has passed (real time), sleeping
   * {@code pollInterval} between attempts. Runs at least once. On timeout, rethrows the last
   * {@link AssertionError} with a suppressed note of how long and how often it was tried. Any other
   * exception ends the wait at once.
   */
  static void retry(Duration timeout, Duration pollInterval, Runnable assertion) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(assertion, "assertion");
    if (timeout.isNegative()) throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
    }
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        long now = System.nanoTime();
        if (now - deadline >= 0) throw giveUp(e, attempts, now - start, null);
        long sleep = Math.min(pollInterval.toNanos(), deadline - now);
        try {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw giveUp(e, attempts, System.nanoTime() - start, "interrupted");
        }
      }
    }
  }

  private static AssertionError giveUp(AssertionError last, int attempts, long elapsedNanos, String why) {
    last.addSuppressed(new AssertionError("still failing after " + Texts.duration(Duration.ofNanos(elapsedNanos))
        + " and " + Texts.plural(attempts, "attempt", "attempts") + (why == null ? "" : " (" + why + ")")
        + "; this is the last failure"));
    return last;
  }
}
