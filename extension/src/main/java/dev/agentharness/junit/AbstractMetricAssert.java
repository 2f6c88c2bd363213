package dev.agentharness.junit;

import dev.agentharness.metrics.AgentMetrics;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * What the assertions on one metric share: its provider and model (metadata), and the wording of
 * failures ({@code "realtime_model_metrics resp_1"}).
 *
 * @param <SELF> the concrete assert
 * @param <M> the metric type
 */
public abstract class AbstractMetricAssert<SELF extends AbstractMetricAssert<SELF, M>, M extends AgentMetrics>
    extends AbstractAssert<SELF, M> {

  /** Set inside {@link AgentSoftAssertions}: navigation then returns soft proxies. */
  SoftAssertionsProvider softly;

  protected AbstractMetricAssert(M actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /** The metadata's {@code model_provider} ({@code ""} when the metric has none). */
  public SELF hasProvider(String provider) {
    isNotNull();
    if (Texts.provider(actual).equals(provider)) return myself;
    throw failure("%s", "Expected the provider of " + label() + " to be " + Texts.quoted(provider) + ", but it was "
        + Texts.quoted(Texts.provider(actual)) + (actual.metadata() == null ? " (the metric has no metadata)" : ""));
  }

  /** The metadata's {@code model_name} ({@code ""} when the metric has none). */
  public SELF hasModel(String model) {
    isNotNull();
    if (Texts.model(actual).equals(model)) return myself;
    throw failure("%s", "Expected the model of " + label() + " to be " + Texts.quoted(model) + ", but it was "
        + Texts.quoted(Texts.model(actual)) + (actual.metadata() == null ? " (the metric has no metadata)" : ""));
  }

  /** {@code realtime_model_metrics resp_1}. */
  String label() {
    if (actual == null) return "the metric";
    String id = Texts.requestId(actual);
    return actual.type() + (id == null ? "" : id.isEmpty() ? " (connection)" : " " + id);
  }

  /** For the metric types that carry a request id (realtime, LLM, TTS, STT). */
  SELF checkRequestId(String expected) {
    String id = Texts.requestId(actual);
    if (Objects.equals(id, expected)) return myself;
    throw failureWithActualExpected(id, expected, "%s", "Expected the request id of " + label() + " to be \""
        + expected + "\", but it was \"" + id + "\"");
  }

  SELF checkLong(String field, long value, long expected) {
    if (value == expected) return myself;
    throw failureWithActualExpected(value, expected, "%s", "Expected " + field + " of " + label() + " to be " + expected
        + ", but it was " + value);
  }

  SELF checkDuration(String field, Duration value, Duration expected) {
    Objects.requireNonNull(expected, "expected");
    if (value.equals(expected)) return myself;
    throw failureWithActualExpected(value, expected, "%s", "Expected " + field + " of " + label() + " to be "
        + Texts.duration(expected) + ", but it was " + Texts.duration(value));
  }

  SELF checkBetween(String field, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    boolean unmeasured = value.equals(AgentMetrics.NOT_MEASURED);
    if (!unmeasured && value.compareTo(min) >= 0 && value.compareTo(max) <= 0) return myself;
    String why = unmeasured ? "it was not measured (-1): nothing arrived"
        : value.compareTo(min) < 0
            ? "it was " + Texts.duration(value) + " (" + Texts.duration(min.minus(value)) + " too early)"
            : "it was " + Texts.duration(value) + " (" + Texts.duration(value.minus(max)) + " too late)";
    throw failure("%s", "Expected " + field + " of " + label() + " to be between " + Texts.duration(min) + " and "
        + Texts.duration(max) + ", but " + why);
  }

  SELF checkFlag(String what, boolean value, boolean expected) {
    if (value == expected) return myself;
    throw failure("%s", "Expected " + label() + (expected ? " to be " : " not to be ") + what + ", but it "
        + (value ? "was" : "was not") + ": " + Texts.metric(actual));
  }

  LongAssert longNav(String field, Long value) {
    if (softly == null) isNotNull();
    return Navigation.longAssert(softly, value, field + " of " + label());
  }

  DurationAssert durationNav(String field, Duration value) {
    if (softly == null) isNotNull();
    return Navigation.durationAssert(softly, value, field + " of " + label()
        + (AgentMetrics.NOT_MEASURED.equals(value) ? " (LiveKit's -1: not measured)" : ""));
  }
}
