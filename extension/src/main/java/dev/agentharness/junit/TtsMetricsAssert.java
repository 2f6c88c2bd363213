package dev.agentharness.junit;

import dev.agentharness.metrics.TtsMetrics;
import java.time.Duration;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;

/** Assertions on one speech-synthesis metric ({@code tts_metrics}). */
public class TtsMetricsAssert extends AbstractMetricAssert<TtsMetricsAssert, TtsMetrics> {

  public TtsMetricsAssert(TtsMetrics actual) {
    super(actual, TtsMetricsAssert.class);
  }

  public TtsMetricsAssert hasRequestId(String requestId) {
    isNotNull();
    return checkRequestId(requestId);
  }

  public TtsMetricsAssert isCancelled() {
    isNotNull();
    return checkFlag("cancelled", actual.cancelled(), true);
  }

  public TtsMetricsAssert isNotCancelled() {
    isNotNull();
    return checkFlag("cancelled", actual.cancelled(), false);
  }

  public TtsMetricsAssert hasCharactersCount(long expected) {
    isNotNull();
    return checkLong("characters_count", actual.charactersCount(), expected);
  }

  public TtsMetricsAssert hasAudioDuration(Duration expected) {
    isNotNull();
    return checkDuration("audio_duration", actual.audioDuration(), expected);
  }

  /** Time to first byte within {@code [min, max]}; an unmeasured ttfb (-1) fails. */
  public TtsMetricsAssert hasTtfbBetween(Duration min, Duration max) {
    isNotNull();
    return checkBetween("ttfb", actual.ttfb(), min, max);
  }

  public DurationAssert ttfb() {
    return durationNav("ttfb", actual == null ? null : actual.ttfb());
  }

  public DurationAssert audioDuration() {
    return durationNav("audio_duration", actual == null ? null : actual.audioDuration());
  }

  public DurationAssert duration() {
    return durationNav("duration", actual == null ? null : actual.duration());
  }

  public LongAssert charactersCount() {
    return longNav("characters_count", actual == null ? null : actual.charactersCount());
  }
}
