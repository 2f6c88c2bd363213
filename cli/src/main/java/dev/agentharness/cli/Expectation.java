package dev.agentharness.cli;

import dev.agentharness.clock.Durations;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.MetricType;
import dev.agentharness.room.StandingTime;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One {@code --expect} gate, {@code SUBJECT OP VALUE}: {@code llmOutputAudioTokens>0},
 * {@code standingTime[agent]<=30s}, {@code tts_characters_count==42}.
 *
 * <p>Subjects: a {@link UsageField} in either spelling, {@code standingTime} (all agents) or
 * {@code standingTime[identity]}, {@code sessionDuration}, {@code agentsStillPresent}, {@code metrics.count} or
 * {@code metrics.count[type]}; each also in snake_case. Operators: {@code == != > >= < <=}. Values: a whole
 * number for counts, a duration with its unit ({@code 30s}, {@code 1.5s}, {@code 250ms}; {@code 0} alone) for
 * durations.
 *
 * @param text what was written
 * @param expected a count, or nanoseconds for a duration subject
 */
record Expectation(String text, Subject subject, Op op, long expected) {

  /** A comparison. */
  enum Op {
    EQ("=="), NE("!="), GE(">="), LE("<="), GT(">"), LT("<");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    boolean test(long actual, long expected) {
      return switch (this) {
        case EQ -> actual == expected;
        case NE -> actual != expected;
        case GE -> actual >= expected;
        case LE -> actual <= expected;
        case GT -> actual > expected;
        case LT -> actual < expected;
      };
    }
  }

  /** What the left side names. */
  enum Kind {
    FIELD, STANDING_TIME, SESSION_DURATION, AGENTS_STILL_PRESENT, METRICS_COUNT
  }

  /**
   * The left side.
   *
   * @param field the usage field, for {@link Kind#FIELD}
   * @param argument the identity of {@code standingTime[...]} or the type of {@code metrics.count[...]}, or null
   */
  record Subject(Kind kind, UsageField field, String argument) {

    boolean isDuration() {
      return switch (kind) {
        case FIELD -> field.isDuration();
        case STANDING_TIME, SESSION_DURATION -> true;
        case AGENTS_STILL_PRESENT, METRICS_COUNT -> false;
      };
    }

    /** The canonical spelling: the Java name, with its argument. */
    String display() {
      String base = switch (kind) {
        case FIELD -> field.javaName();
        case STANDING_TIME -> "standingTime";
        case SESSION_DURATION -> "sessionDuration";
        case AGENTS_STILL_PRESENT -> "agentsStillPresent";
        case METRICS_COUNT -> "metrics.count";
      };
      return argument == null ? base : base + "[" + argument + "]";
    }

    String format(long raw) {
      return isDuration() ? Durations.format(Duration.ofNanos(raw)) : Long.toString(raw);
    }
  }

  /**
   * What an expectation is checked against. {@code standingTime()} is null where there is no room (a
   * replayed log).
   */
  interface Facts {
    UsageSummary usage();

    StandingTime standingTime();

    List<AgentMetrics> metrics();
  }

  /**
   * The outcome of one expectation.
   *
   * @param actual the value found (count or nanoseconds), or null when it could not be found
   * @param error why it could not be checked (bad input found only after the run), or null
   */
  record Result(Expectation expectation, Long actual, boolean passed, String error) {

    String actualText() {
      return actual == null ? "-" : expectation.subject().format(actual);
    }

    /** {@code standingTime <= 30s: expected <= 30s, actual 45s}. */
    String describe() {
      Expectation e = expectation;
      String head = e.subject().display() + " " + e.op().symbol + " " + e.expectedText();
      if (error != null) return head + ": " + error;
      return head + (passed ? ": ok, actual " : ": expected " + e.op().symbol + " " + e.expectedText() + ", actual ")
          + actualText();
    }
  }

  /** The names a subject may have, in both spellings, for help and "did you mean". */
  static final List<String> SUBJECT_NAMES;

  static {
    List<String> names = new ArrayList<>();
    for (UsageField f : UsageField.values()) {
      names.add(f.javaName());
      names.add(f.liveKitName());
    }
    names.addAll(List.of("llmInputTokens", "llm_input_tokens", "llmOutputTokens", "llm_output_tokens",
        "standingTime", "standing_time", "sessionDuration", "session_duration",
        "agentsStillPresent", "agents_still_present", "metrics.count", "metrics_count"));
    SUBJECT_NAMES = List.copyOf(names);
  }

  static final String GRAMMAR = "SUBJECT OP VALUE, e.g. llmOutputAudioTokens>0, standingTime<=30s;"
      + " OP is one of == != > >= < <=";

  String expectedText() {
    return subject.format(expected);
  }

  /** Checks this expectation. */
  Result evaluate(Facts facts) {
    Long actual;
    try {
      actual = actual(facts);
    } catch (IllegalArgumentException e) {
      return new Result(this, null, false, e.getMessage());
    }
    return new Result(this, actual, op.test(actual, expected), null);
  }

  private long actual(Facts facts) {
    switch (subject.kind()) {
      case FIELD:
        return subject.field().rawValue(facts.usage());
      case METRICS_COUNT: {
        MetricType type = subject.argument() == null ? null : MetricType.ofWireName(subject.argument());
        return facts.metrics().stream().filter(m -> type == null || MetricType.of(m) == type).count();
      }
      default:
        break;
    }
    StandingTime st = facts.standingTime();
    if (st == null) {
      throw new IllegalArgumentException(
          "not known here: a metrics log has no room (standing time comes from a simulated session)");
    }
    switch (subject.kind()) {
      case STANDING_TIME:
        if (subject.argument() == null) return st.total().toNanos();
        if (!st.agents().containsKey(subject.argument())) {
          throw new IllegalArgumentException("no agent \"" + subject.argument() + "\" in the room"
              + hint(subject.argument(), st.agents().keySet()) + " Agents here: "
              + (st.agents().isEmpty() ? "none" : String.join(", ", st.agents().keySet())));
        }
        return st.of(subject.argument()).total().toNanos();
      case SESSION_DURATION:
        return st.sessionDuration().orElseThrow(
            () -> new IllegalArgumentException("the session has not closed, so it has no duration")).toNanos();
      case AGENTS_STILL_PRESENT:
        return st.agents().values().stream().filter(StandingTime.AgentStanding::stillPresent).count();
      default:
        throw new AssertionError(subject.kind());
    }
  }

  /**
   * Parses {@code SUBJECT OP VALUE}.
   *
   * @throws IllegalArgumentException saying what is wrong and what was expected
   */
  static Expectation parse(String text) {
    Objects.requireNonNull(text, "text");
    int at = -1;
    Op op = null;
    for (int i = 0; i < text.length() && op == null; i++) {
      for (Op o : new Op[] {Op.EQ, Op.NE, Op.GE, Op.LE, Op.GT, Op.LT}) {
        if (text.startsWith(o.symbol, i)) {
          op = o;
          at = i;
          break;
        }
      }
      if (op == null && text.charAt(i) == '=') {
        throw bad(text, "'=' is not an operator; write == to compare for equality");
      }
    }
    if (op == null) throw bad(text, "no operator; expected " + GRAMMAR);
    String left = text.substring(0, at).strip();
    String right = text.substring(at + op.symbol.length()).strip();
    if (left.isEmpty()) throw bad(text, "nothing before " + op.symbol + "; expected " + GRAMMAR);
    if (right.isEmpty()) throw bad(text, "no value after " + op.symbol + "; expected " + GRAMMAR);
    Subject subject = subject(text, left);
    return new Expectation(text, subject, op, value(text, subject, right));
  }

  private static Subject subject(String text, String left) {
    String name = left;
    String argument = null;
    int open = left.indexOf('[');
    if (open >= 0) {
      if (!left.endsWith("]")) throw bad(text, "\"" + left
          + "\" opens '[' without closing it; e.g. standingTime[agent]");
      name = left.substring(0, open).strip();
      argument = left.substring(open + 1, left.length() - 1).strip();
      if (argument.isEmpty()) throw bad(text, "empty [] after " + name + "; e.g. standingTime[agent]");
    }
    Kind kind;
    UsageField field = null;
    switch (name) {
      case "standingTime", "standing_time" -> kind = Kind.STANDING_TIME;
      case "sessionDuration", "session_duration" -> kind = Kind.SESSION_DURATION;
      case "agentsStillPresent", "agents_still_present" -> kind = Kind.AGENTS_STILL_PRESENT;
      case "metrics.count", "metrics_count" -> kind = Kind.METRICS_COUNT;
      default -> {
        field = UsageField.byName(name);
        if (field == null) {
          throw bad(text, "unknown field \"" + name + "\"" + hint(name, SUBJECT_NAMES)
              + " Expected a usage field (llmPromptTokens ... sttAudioDuration, or its LiveKit name"
              + " llm_prompt_tokens ...), standingTime, standingTime[identity], sessionDuration, agentsStillPresent,"
              + " metrics.count or metrics.count[type]");
        }
        kind = Kind.FIELD;
      }
    }
    if (argument != null && kind != Kind.STANDING_TIME && kind != Kind.METRICS_COUNT) {
      throw bad(text, name + " takes no [" + argument + "]; only standingTime[identity] and metrics.count[type] do");
    }
    if (kind == Kind.METRICS_COUNT && argument != null && MetricType.ofWireName(argument) == null) {
      List<String> types = Arrays.stream(MetricType.values()).map(MetricType::wireName).toList();
      throw bad(text, "\"" + argument + "\" is not a LiveKit metric type" + hint(argument, types)
          + " Expected one of: " + String.join(", ", types));
    }
    return new Subject(kind, field, argument);
  }

  private static long value(String text, Subject subject, String right) {
    if (subject.isDuration()) {
      if (right.matches("0+(\\.0*)?")) return 0;
      if (right.matches("[0-9]+(\\.[0-9]*)?")) {
        throw bad(text, subject.display() + " is a duration: give its unit, e.g. " + right + "s or " + right + "ms");
      }
      try {
        return Durations.parse(right).toNanos();
      } catch (IllegalArgumentException e) {
        throw bad(text, e.getMessage());
      }
    }
    if (!right.matches("[0-9]{1,18}")) {
      String what = switch (subject.kind()) {
        case FIELD -> subject.field().unit().name().toLowerCase(java.util.Locale.ROOT);
        case METRICS_COUNT -> "metrics";
        default -> "agents";
      };
      throw bad(text, subject.display() + " counts " + what + ": expected a whole number, found \"" + right + "\"");
    }
    return Long.parseLong(right);
  }

  private static IllegalArgumentException bad(String text, String problem) {
    return new IllegalArgumentException("--expect \"" + text + "\": " + problem);
  }

  /** {@code ; did you mean "x"?} or {@code .}, to end a sentence before the list of what is allowed. */
  private static String hint(String input, java.util.Collection<String> candidates) {
    String s = Suggest.didYouMean(input, candidates);
    return s.isEmpty() ? "." : s;
  }

  @Override
  public String toString() {
    return subject.display() + " " + op.symbol + " " + expectedText();
  }
}
