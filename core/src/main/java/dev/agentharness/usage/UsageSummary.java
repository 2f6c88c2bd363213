package dev.agentharness.usage;

import dev.agentharness.clock.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Totals over a metric stream: LiveKit Agents' {@code UsageSummary} (Python 1.3.1+), field for field.
 *
 * <p>Cached counts are subsets of the prompt counts, as LiveKit reports them:
 * {@code llmPromptTokens} already contains {@code llmPromptCachedTokens}, and
 * {@code llmInputAudioTokens} contains {@code llmInputCachedAudioTokens}.
 */
public record UsageSummary(
    long llmPromptTokens,
    long llmPromptCachedTokens,
    long llmInputAudioTokens,
    long llmInputCachedAudioTokens,
    long llmInputTextTokens,
    long llmInputCachedTextTokens,
    long llmInputImageTokens,
    long llmInputCachedImageTokens,
    long llmCompletionTokens,
    long llmOutputAudioTokens,
    long llmOutputImageTokens,
    long llmOutputTextTokens,
    long ttsCharactersCount,
    Duration ttsAudioDuration,
    Duration sttAudioDuration) {

  /** All zero. */
  public static final UsageSummary EMPTY =
      new UsageSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);

  public UsageSummary {
    Objects.requireNonNull(ttsAudioDuration, "ttsAudioDuration");
    Objects.requireNonNull(sttAudioDuration, "sttAudioDuration");
  }

  /** LiveKit's alias of {@link #llmPromptTokens()}. */
  public long llmInputTokens() {
    return llmPromptTokens;
  }

  /** LiveKit's alias of {@link #llmCompletionTokens()}. */
  public long llmOutputTokens() {
    return llmCompletionTokens;
  }

  /** The value of one field: a count, or nanoseconds for the two durations. */
  public long get(UsageField field) {
    return field.rawValue(this);
  }

  /** Field-by-field sum. */
  public UsageSummary plus(UsageSummary o) {
    return fromRaw(f -> get(f) + o.get(f));
  }

  /** Field-by-field difference {@code this - o}. */
  public UsageSummary minus(UsageSummary o) {
    return fromRaw(f -> get(f) - o.get(f));
  }

  /** True when every field is zero. */
  public boolean isEmpty() {
    return equals(EMPTY);
  }

  /** Builds a summary from a value per field (counts, or nanoseconds for durations). */
  public static UsageSummary fromRaw(java.util.function.ToLongFunction<UsageField> value) {
    long[] v = new long[UsageField.values().length];
    for (UsageField f : UsageField.values()) v[f.ordinal()] = value.applyAsLong(f);
    return new UsageSummary(
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
        Duration.ofNanos(v[13]), Duration.ofNanos(v[14]));
  }

  /** LiveKit's spelling: {@code UsageSummary(llm_prompt_tokens=132, ..., stt_audio_duration=2.4)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("UsageSummary(");
    for (UsageField f : UsageField.values()) {
      if (f.ordinal() > 0) sb.append(", ");
      sb.append(f.liveKitName()).append('=');
      sb.append(f.isDuration() ? seconds(Duration.ofNanos(get(f))) : Long.toString(get(f)));
    }
    return sb.append(')').toString();
  }

  /** A duration as decimal seconds without trailing zeros: {@code 2.4}, {@code 0.0}. */
  static String seconds(Duration d) {
    return Durations.seconds(d);
  }

  /** A duration for people: {@code 2.4s}, {@code 300ms}, {@code 1h2m3.5s}. */
  public static String formatDuration(Duration d) {
    return Durations.format(d);
  }
}
