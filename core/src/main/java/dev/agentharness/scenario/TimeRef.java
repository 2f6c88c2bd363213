package dev.agentharness.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in a scenario's time line: an offset from its start ({@code "2s"}), an offset from the end of
 * the conversation ({@code "end"}, {@code "end+5s"}), or {@code "never"}.
 */
public record TimeRef(Anchor anchor, Duration offset) {

  /** What the offset counts from. */
  public enum Anchor {
    START,
    END,
    NEVER
  }

  public static final TimeRef START = new TimeRef(Anchor.START, Duration.ZERO);
  public static final TimeRef END = new TimeRef(Anchor.END, Duration.ZERO);
  public static final TimeRef NEVER = new TimeRef(Anchor.NEVER, Duration.ZERO);

  public TimeRef {
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(offset, "offset");
    if (anchor == Anchor.START && offset.isNegative()) {
      throw new IllegalArgumentException("a time after the start cannot be negative: " + offset);
    }
  }

  public static TimeRef at(Duration fromStart) {
    return new TimeRef(Anchor.START, fromStart);
  }

  public static TimeRef afterEnd(Duration offset) {
    return new TimeRef(Anchor.END, offset);
  }

  public boolean isNever() {
    return anchor == Anchor.NEVER;
  }

  /** The offset from the start, given when the conversation ended; {@code null} for never. */
  public Duration resolve(Duration end) {
    return switch (anchor) {
      case START -> offset;
      case END -> end.plus(offset);
      case NEVER -> null;
    };
  }

  /** As written in scenario files: {@code 2s}, {@code end+5s}, {@code never}. */
  @Override
  public String toString() {
    return switch (anchor) {
      case START -> dev.agentharness.clock.Durations.format(offset);
      case END -> offset.isZero() ? "end" : "end" + (offset.isNegative() ? "-" + dev.agentharness.clock.Durations.format(offset.negated()) : "+" + dev.agentharness.clock.Durations.format(offset));
      case NEVER -> "never";
    };
  }
}
