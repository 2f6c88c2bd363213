package dev.agentharness.junit;

import dev.agentharness.metrics.LlmMetrics;
import java.time.Duration;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;

/** Assertions on one LLM completion-stream metric ({@code llm_metrics}). */
public class LlmMetricsAssert extends AbstractMetricAssert<LlmMetricsAssert, LlmMetrics> {

  public LlmMetricsAssert(LlmMetrics actual) {
    super(actual, LlmMetricsAssert.class);
  }

  public LlmMetricsAssert hasRequestId(String requestId) {
    isNotNull();
    return checkRequestId(requestId);
  }

  public LlmMetricsAssert isCancelled() {
    isNotNull();
    return checkFlag("cancelled", actual.cancelled(), true);
  }

  public LlmMetricsAssert isNotCancelled() {
    isNotNull();
    return checkFlag("cancelled", actual.cancelled(), false);
  }

  /** Some prompt or completion tokens: the stream's usage chunk arrived. */
  public LlmMetricsAssert hasUsage() {
    isNotNull();
    if (actual.promptTokens() != 0 || actual.completionTokens() != 0) return myself;
    throw failure("%s", "Expected " + label() + " to carry usage, but it has zero tokens: " + Texts.metric(actual)
        + "\nLikely cause: the stream ended or was cut before its usage chunk (stream_options.include_usage not set,"
        + " or the connection dropped)");
  }

  public LlmMetricsAssert hasPromptTokens(long expected) {
    isNotNull();
    return checkLong("prompt_tokens", actual.promptTokens(), expected);
  }

  public LlmMetricsAssert hasPromptCachedTokens(long expected) {
    isNotNull();
    return checkLong("prompt_cached_tokens", actual.promptCachedTokens(), expected);
  }

  public LlmMetricsAssert hasCompletionTokens(long expected) {
    isNotNull();
    return checkLong("completion_tokens", actual.completionTokens(), expected);
  }

  /** Time to first token within {@code [min, max]}; an unmeasured ttft (-1) fails. */
  public LlmMetricsAssert hasTtftBetween(Duration min, Duration max) {
    isNotNull();
    return checkBetween("ttft", actual.ttft(), min, max);
  }

  public DurationAssert ttft() {
    return durationNav("ttft", actual == null ? null : actual.ttft());
  }

  public DurationAssert duration() {
    return durationNav("duration", actual == null ? null : actual.duration());
  }

  public LongAssert promptTokens() {
    return longNav("prompt_tokens", actual == null ? null : actual.promptTokens());
  }

  public LongAssert completionTokens() {
    return longNav("completion_tokens", actual == null ? null : actual.completionTokens());
  }
}
