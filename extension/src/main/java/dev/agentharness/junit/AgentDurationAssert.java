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
    if (actual.compareTo(min) >= 0 && actual.compareTo(max) <= 0) return myself;
    String off = actual.compareTo(min) < 0 ? Texts.duration(min.minus(actual)) + " too short"
        : Texts.duration(actual.minus(max)) + " too long";
    throw failure("%s", "Expected a duration between " + Texts.duration(min) + " and " + Texts.duration(max)
        + ", but it was " + Texts.duration(actual) + " (" + off + ")");
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
    Objects.requireNonNull(max, "max");
    if (actual.compareTo(max) <= 0) return myself;
    throw failure("%s", "Expected a duration of at most " + Texts.duration(max) + ", but it was "
        + Texts.duration(actual) + " (" + Texts.duration(actual.minus(max)) + " too long)");
  }

  /** At least {@code min} (inclusive). */
  public AgentDurationAssert isAtLeast(Duration min) {
    isNotNull();
    Objects.requireNonNull(min, "min");
    if (actual.compareTo(min) >= 0) return myself;
    throw failure("%s", "Expected a duration of at least " + Texts.duration(min) + ", but it was "
        + Texts.duration(actual) + " (" + Texts.duration(min.minus(actual)) + " too short)");
  }
}
