package dev.agentharness.junit;

import dev.agentharness.usage.ModelUsage;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * What the assertions on one (provider, model) usage entry share. Reached from
 * {@code assertThat(session).modelUsage()}, they also know what the fakes billed for the same entry.
 *
 * @param <SELF> the concrete assert
 * @param <U> the usage type
 */
public abstract class AbstractModelUsageAssert<SELF extends AbstractModelUsageAssert<SELF, U>, U extends ModelUsage>
    extends AbstractAssert<SELF, U> {

  /** Set inside {@link AgentSoftAssertions}: navigation then returns soft proxies. */
  SoftAssertionsProvider softly;
  /** What the fakes billed for the same (provider, model), when known. */
  U billed;
  /** Whether {@link #billed} is known (it may be known to be absent). */
  boolean billedKnown;

  protected AbstractModelUsageAssert(U actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /** The metric metadata's {@code model_provider} of this entry. */
  public SELF hasProvider(String provider) {
    isNotNull();
    if (actual.provider().equals(provider)) return myself;
    throw failure("%s", "Expected the provider of " + label() + " to be " + Texts.quoted(provider) + ", but it was "
        + Texts.quoted(actual.provider()));
  }

  /** The metric metadata's {@code model_name} of this entry. */
  public SELF hasModel(String model) {
    isNotNull();
    if (actual.model().equals(model)) return myself;
    throw failure("%s", "Expected the model of " + label() + " to be " + Texts.quoted(model) + ", but it was "
        + Texts.quoted(actual.model()));
  }

  /** {@code llm_usage "api.openai.com"/"gpt-realtime"}. */
  String label() {
    return actual == null ? "model usage" : actual.type() + " " + Texts.quoted(actual.provider()) + "/"
        + Texts.quoted(actual.model());
  }

  /**
   * Fails unless {@code value == expected}: names the field and entry, adds {@code hint} and what the fake
   * billed when it differs.
   */
  SELF checkCount(String field, long value, long expected, Long billedValue, UsageNotes.Hint hint) {
    if (value == expected) return myself;
    throw failureWithActualExpected(value, expected, "%s", "Expected " + field + " of " + label() + " to be " + expected
        + ", but it was " + value + note(Long.toString(value), str(billedValue), hint));
  }

  SELF checkDuration(String field, Duration value, Duration expected, Duration tolerance, Duration billedValue) {
    Objects.requireNonNull(expected, "expected");
    Duration off = value.minus(expected).abs();
    if (off.compareTo(tolerance) <= 0) return myself;
    String exp = Texts.duration(expected) + (tolerance.isZero() ? "" : " ± " + Texts.duration(tolerance));
    throw failure("%s", "Expected " + field + " of " + label() + " to be " + exp + ", but it was "
        + Texts.duration(value) + (tolerance.isZero() ? "" : " (off by " + Texts.duration(off) + ")")
        + note(Texts.duration(value), durationText(billedValue), null));
  }

  /** A long assert on one field, described by it and by what is known about its value. */
  LongAssert count(String field, Long value, Long billedValue, UsageNotes.Hint hint) {
    if (softly == null) isNotNull();
    String note = value == null ? "" : note(value.toString(), str(billedValue), hint);
    return Navigation.longAssert(softly, value, field + " of " + label() + note.replace('\n', ' '));
  }

  DurationAssert duration(String field, Duration value, Duration billedValue) {
    if (softly == null) isNotNull();
    String note = value == null ? "" : note(Texts.duration(value), durationText(billedValue), null);
    return Navigation.durationAssert(softly, value, field + " of " + label() + note.replace('\n', ' '));
  }

  private static String str(Long v) {
    return v == null ? null : v.toString();
  }

  private static String durationText(Duration d) {
    return d == null ? null : Texts.duration(d);
  }

  /** {@code ""}, {@code " (the fake billed 91)"}, then the hint on its own line. */
  private String note(String value, String billedValue, UsageNotes.Hint hint) {
    StringBuilder sb = new StringBuilder();
    if (billedKnown) {
      if (billedValue == null) {
        sb.append(" (the fakes billed nothing for this model)");
      } else if (!billedValue.equals(value)) {
        sb.append(" (the fake billed ").append(billedValue).append(')');
      } else {
        sb.append(" (the fake billed the same)");
      }
    }
    if (hint != null && (billedValue == null || !billedValue.equals(value))) {
      sb.append("\n").append(Texts.capitalize(hint.toString()));
    }
    return sb.toString();
  }
}
