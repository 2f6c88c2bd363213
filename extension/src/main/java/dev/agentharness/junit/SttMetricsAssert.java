package dev.agentharness.junit;

import dev.agentharness.metrics.SttMetrics;
import java.time.Duration;
import org.assertj.core.api.DurationAssert;

/** Assertions on one speech-recognition metric ({@code stt_metrics}). */
public class SttMetricsAssert extends AbstractMetricAssert<SttMetricsAssert, SttMetrics> {

  public SttMetricsAssert(SttMetrics actual) {
    super(actual, SttMetricsAssert.class);
  }

  public SttMetricsAssert hasRequestId(String requestId) {
    isNotNull();
    return checkRequestId(requestId);
  }

  public SttMetricsAssert hasAudioDuration(Duration expected) {
    isNotNull();
    return checkDuration("audio_duration", actual.audioDuration(), expected);
  }

  public DurationAssert audioDuration() {
    return durationNav("audio_duration", actual == null ? null : actual.audioDuration());
  }
}
