package dev.agentharness.junit;

import dev.agentharness.usage.TtsModelUsage;
import java.time.Duration;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;

/** Assertions on the TTS usage of one (provider, model): LiveKit's {@code TTSModelUsage}. */
public class TtsModelUsageAssert extends AbstractModelUsageAssert<TtsModelUsageAssert, TtsModelUsage> {

  public TtsModelUsageAssert(TtsModelUsage actual) {
    super(actual, TtsModelUsageAssert.class);
  }

  public TtsModelUsageAssert hasCharactersCount(long expected) {
    isNotNull();
    return checkCount("characters_count", actual.charactersCount(), expected,
        billed == null ? null : billed.charactersCount(), null);
  }

  public TtsModelUsageAssert hasInputTokens(long expected) {
    isNotNull();
    return checkCount("input_tokens", actual.inputTokens(), expected,
        billed == null ? null : billed.inputTokens(), null);
  }

  public TtsModelUsageAssert hasOutputTokens(long expected) {
    isNotNull();
    return checkCount("output_tokens", actual.outputTokens(), expected,
        billed == null ? null : billed.outputTokens(), null);
  }

  public TtsModelUsageAssert hasAudioDuration(Duration expected) {
    return hasAudioDurationCloseTo(expected, Duration.ZERO);
  }

  /** Audio duration within {@code tolerance} of {@code expected} (inclusive). */
  public TtsModelUsageAssert hasAudioDurationCloseTo(Duration expected, Duration tolerance) {
    isNotNull();
    return checkDuration("audio_duration", actual.audioDuration(), expected, tolerance,
        billed == null ? null : billed.audioDuration());
  }

  public LongAssert charactersCount() {
    return count("characters_count", actual == null ? null : actual.charactersCount(),
        billed == null ? null : billed.charactersCount(), null);
  }

  public DurationAssert audioDuration() {
    return duration("audio_duration", actual == null ? null : actual.audioDuration(),
        billed == null ? null : billed.audioDuration());
  }
}
