package dev.agentharness.scenario;

import dev.agentharness.clock.Durations;
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

  /**
   * Parses a time as written in scenario files: {@code "2s"}, {@code "end"}, {@code "end+5s"},
   * {@code "end-1s"} or {@code "never"}. The inverse of {@link #toString()}.
   *
   * @throws IllegalArgumentException with a message saying what was expected
   */
  public static TimeRef parse(String text) {
    String s = text.trim();
    if (s.equals("never")) return NEVER;
    if (s.equals("end")) return END;
    try {
      if (s.startsWith("end+")) return afterEnd(Durations.parse(s.substring(4)));
      if (s.startsWith("end-")) return afterEnd(Durations.parse(s.substring(4)).negated());
      return at(Durations.parse(s));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a time; expected e.g. \"2s\", \"end\", \"end+5s\" or \"never\"", e);
    }
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
      case START -> Durations.format(offset);
      case END -> offset.isZero() ? "end"
          : offset.isNegative() ? "end-" + Durations.format(offset.negated()) : "end+" + Durations.format(offset);
      case NEVER -> "never";
    };
  }
}
