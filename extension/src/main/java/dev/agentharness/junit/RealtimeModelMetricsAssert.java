package dev.agentharness.junit;

import dev.agentharness.metrics.RealtimeModelMetrics;
import java.time.Duration;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;

/**
 * Assertions on one realtime-model response metric ({@code realtime_model_metrics}).
 *
 * <pre>{@code
 * assertThat(metric).isNotConnectionMetric().hasUsage().hasOutputAudioTokens(91)
 *     .hasTtftBetween(ofMillis(200), ofMillis(500));
 * }</pre>
 */
public class RealtimeModelMetricsAssert extends AbstractMetricAssert<RealtimeModelMetricsAssert, RealtimeModelMetrics> {

  public RealtimeModelMetricsAssert(RealtimeModelMetrics actual) {
    super(actual, RealtimeModelMetricsAssert.class);
  }

  public RealtimeModelMetricsAssert hasRequestId(String requestId) {
    isNotNull();
    return checkRequestId(requestId);
  }

  /** The zero-usage metric LiveKit emits per (re)connection: empty request id. */
  public RealtimeModelMetricsAssert isConnectionMetric() {
    isNotNull();
    return checkFlag("a connection metric (empty request id)", actual.isConnectionMetric(), true);
  }

  public RealtimeModelMetricsAssert isNotConnectionMetric() {
    isNotNull();
    return checkFlag("a connection metric (empty request id)", actual.isConnectionMetric(), false);
  }

  public RealtimeModelMetricsAssert isCancelled() {
    isNotNull();
    return checkFlag("cancelled", actual.cancelled(), true);
  }

  public RealtimeModelMetricsAssert isNotCancelled() {
    isNotNull();
    return checkFlag("cancelled", actual.cancelled(), false);
  }

  /** Some input or output tokens: the response's usage arrived. */
  public RealtimeModelMetricsAssert hasUsage() {
    isNotNull();
    if (actual.inputTokens() != 0 || actual.outputTokens() != 0) return myself;
    throw failure("%s", "Expected " + label() + " to carry usage, but it has zero tokens: " + Texts.metric(actual)
        + "\nLikely cause: " + (actual.isConnectionMetric()
            ? "this is the connection metric LiveKit emits per (re)connection; it never carries usage"
            : "usage missing from response.done"));
  }

  public RealtimeModelMetricsAssert hasInputTokens(long expected) {
    isNotNull();
    return checkLong("input_tokens", actual.inputTokens(), expected);
  }

  public RealtimeModelMetricsAssert hasOutputTokens(long expected) {
    isNotNull();
    return checkLong("output_tokens", actual.outputTokens(), expected);
  }

  public RealtimeModelMetricsAssert hasInputAudioTokens(long expected) {
    isNotNull();
    return checkLong("input_token_details.audio_tokens", actual.inputTokenDetails().audioTokens(), expected);
  }

  public RealtimeModelMetricsAssert hasInputTextTokens(long expected) {
    isNotNull();
    return checkLong("input_token_details.text_tokens", actual.inputTokenDetails().textTokens(), expected);
  }

  public RealtimeModelMetricsAssert hasInputCachedTokens(long expected) {
    isNotNull();
    return checkLong("input_token_details.cached_tokens", actual.inputTokenDetails().cachedTokens(), expected);
  }

  public RealtimeModelMetricsAssert hasOutputAudioTokens(long expected) {
    isNotNull();
    return checkLong("output_token_details.audio_tokens", actual.outputTokenDetails().audioTokens(), expected);
  }

  public RealtimeModelMetricsAssert hasOutputTextTokens(long expected) {
    isNotNull();
    return checkLong("output_token_details.text_tokens", actual.outputTokenDetails().textTokens(), expected);
  }

  /** Time to first audio within {@code [min, max]}; an unmeasured ttft (-1) fails. */
  public RealtimeModelMetricsAssert hasTtftBetween(Duration min, Duration max) {
    isNotNull();
    return checkBetween("ttft", actual.ttft(), min, max);
  }

  public DurationAssert ttft() {
    return durationNav("ttft", actual == null ? null : actual.ttft());
  }

  public DurationAssert duration() {
    return durationNav("duration", actual == null ? null : actual.duration());
  }

  public LongAssert inputTokens() {
    return longNav("input_tokens", actual == null ? null : actual.inputTokens());
  }

  public LongAssert outputTokens() {
    return longNav("output_tokens", actual == null ? null : actual.outputTokens());
  }

  public LongAssert inputAudioTokens() {
    return longNav("input_token_details.audio_tokens",
        actual == null ? null : actual.inputTokenDetails().audioTokens());
  }

  public LongAssert outputAudioTokens() {
    return longNav("output_token_details.audio_tokens",
        actual == null ? null : actual.outputTokenDetails().audioTokens());
  }
}
