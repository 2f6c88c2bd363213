package dev.agentharness.junit;

import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractDurationAssert;

/**
 * AssertJ's duration assertions, with failures in people's units ({@code 9.2s}, not {@code PT9.2S}) that
 * say by how much a duration missed. For standing times, session lengths and latencies.
 *
 * <pre>{@code
 * assertThatDuration(standing).as("standing time of agent").isBetween(ofSeconds(5), ofSeconds(8));
 * assertThatDuration(session.closeEvent().createdAt() ...).isCloseTo(ofSeconds(10), ofMillis(100));
 * }</pre>
 */
public class AgentDurationAssert extends AbstractDurationAssert<AgentDurationAssert> {

  public AgentDurationAssert(Duration actual) {
    super(actual, AgentDurationAssert.class);
  }

  /** Within {@code [min, max]}, both inclusive. */
  @Override
  public AgentDurationAssert isBetween(Duration min, Duration max) {
    isNotNull();
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.compareTo(max) > 0) throw new IllegalArgumentException("min " + min + " is after max " + max);
    return within(min, max);
  }

  /** Within {@code tolerance} of {@code expected}, inclusive. */
  @Override
  public AgentDurationAssert isCloseTo(Duration expected, Duration tolerance) {
    isNotNull();
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative()) throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
    Duration off = actual.minus(expected).abs();
    if (off.compareTo(tolerance) <= 0) return myself;
    throw failure("%s", "Expected a duration of " + Texts.duration(expected) + " ± " + Texts.duration(tolerance)
        + ", but it was " + Texts.duration(actual) + " (" + Texts.duration(off)
        + (actual.compareTo(expected) > 0 ? " too long" : " too short") + ")");
  }

  /** At most {@code max} (inclusive). */
  public AgentDurationAssert isAtMost(Duration max) {
    isNotNull();
    return within(null, Objects.requireNonNull(max, "max"));
  }

  /** At least {@code min} (inclusive). */
  public AgentDurationAssert isAtLeast(Duration min) {
    isNotNull();
    return within(Objects.requireNonNull(min, "min"), null);
  }

  private AgentDurationAssert within(Duration min, Duration max) {
    String miss = miss(actual, min, max);
    if (miss == null) return myself;
    throw failure("%s", "Expected a duration " + (min != null && max != null ? "" : "of ") + bound(min, max)
        + ", but it was " + miss);
  }

  /** {@code between 5s and 8s}, {@code at most 30s}, {@code at least 5s}; a null bound is open. */
  static String bound(Duration min, Duration max) {
    if (min == null) return "at most " + Texts.duration(max);
    if (max == null) return "at least " + Texts.duration(min);
    return "between " + Texts.duration(min) + " and " + Texts.duration(max);
  }

  /**
   * {@code 4.75s (250ms too short)} when {@code actual} is outside {@code [min, max]} (a null bound is open),
   * else {@code null}.
   */
  static String miss(Duration actual, Duration min, Duration max) {
    String off;
    if (min != null && actual.compareTo(min) < 0) {
      off = Texts.duration(min.minus(actual)) + " too short";
    } else if (max != null && actual.compareTo(max) > 0) {
      off = Texts.duration(actual.minus(max)) + " too long";
    } else {
      return null;
    }
    return Texts.duration(actual) + " (" + off + ")";
  }
}
