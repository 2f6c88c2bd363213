package dev.agentharness.junit;

import dev.agentharness.usage.SttModelUsage;
import java.time.Duration;
import org.assertj.core.api.DurationAssert;

/** Assertions on the STT usage of one (provider, model): LiveKit's {@code STTModelUsage}. */
public class SttModelUsageAssert extends AbstractModelUsageAssert<SttModelUsageAssert, SttModelUsage> {

  public SttModelUsageAssert(SttModelUsage actual) {
    super(actual, SttModelUsageAssert.class);
  }

  public SttModelUsageAssert hasInputTokens(long expected) {
    isNotNull();
    return checkCount("input_tokens", actual.inputTokens(), expected,
        billed == null ? null : billed.inputTokens(), null);
  }

  public SttModelUsageAssert hasOutputTokens(long expected) {
    isNotNull();
    return checkCount("output_tokens", actual.outputTokens(), expected,
        billed == null ? null : billed.outputTokens(), null);
  }

  public SttModelUsageAssert hasAudioDuration(Duration expected) {
    return hasAudioDurationCloseTo(expected, Duration.ZERO);
  }

  /** Audio duration within {@code tolerance} of {@code expected} (inclusive). */
  public SttModelUsageAssert hasAudioDurationCloseTo(Duration expected, Duration tolerance) {
    isNotNull();
    return checkDuration("audio_duration", actual.audioDuration(), expected, tolerance,
        billed == null ? null : billed.audioDuration());
  }

  public DurationAssert audioDuration() {
    return duration("audio_duration", actual == null ? null : actual.audioDuration(),
        billed == null ? null : billed.audioDuration());
  }
}
