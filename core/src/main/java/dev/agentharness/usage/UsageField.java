package dev.agentharness.usage;

import java.time.Duration;
import java.util.Locale;

/**
 * The 15 fields of {@link UsageSummary}, in LiveKit's order, with their LiveKit (snake_case) and Java
 * (camelCase) names. Assertions, reports, ledger reconciliation and the CLI's {@code --expect} all name
 * fields through this one list.
 */
public enum UsageField {
  LLM_PROMPT_TOKENS("llmPromptTokens", Unit.TOKENS),
  LLM_PROMPT_CACHED_TOKENS("llmPromptCachedTokens", Unit.TOKENS),
  LLM_INPUT_AUDIO_TOKENS("llmInputAudioTokens", Unit.TOKENS),
  LLM_INPUT_CACHED_AUDIO_TOKENS("llmInputCachedAudioTokens", Unit.TOKENS),
  LLM_INPUT_TEXT_TOKENS("llmInputTextTokens", Unit.TOKENS),
  LLM_INPUT_CACHED_TEXT_TOKENS("llmInputCachedTextTokens", Unit.TOKENS),
  LLM_INPUT_IMAGE_TOKENS("llmInputImageTokens", Unit.TOKENS),
  LLM_INPUT_CACHED_IMAGE_TOKENS("llmInputCachedImageTokens", Unit.TOKENS),
  LLM_COMPLETION_TOKENS("llmCompletionTokens", Unit.TOKENS),
  LLM_OUTPUT_AUDIO_TOKENS("llmOutputAudioTokens", Unit.TOKENS),
  LLM_OUTPUT_IMAGE_TOKENS("llmOutputImageTokens", Unit.TOKENS),
  LLM_OUTPUT_TEXT_TOKENS("llmOutputTextTokens", Unit.TOKENS),
  TTS_CHARACTERS_COUNT("ttsCharactersCount", Unit.CHARACTERS),
  TTS_AUDIO_DURATION("ttsAudioDuration", Unit.DURATION),
  STT_AUDIO_DURATION("sttAudioDuration", Unit.DURATION);

  /** What a field counts. */
  public enum Unit {
    TOKENS,
    CHARACTERS,
    DURATION
  }

  private final String javaName;
  private final String liveKitName;
  private final Unit unit;

  UsageField(String javaName, Unit unit) {
    this.javaName = javaName;
    this.liveKitName = name().toLowerCase(Locale.ROOT);
    this.unit = unit;
  }

  /** The accessor name on {@link UsageSummary}, e.g. {@code llmOutputAudioTokens}. */
  public String javaName() {
    return javaName;
  }

  /** LiveKit's name, e.g. {@code llm_output_audio_tokens}. */
  public String liveKitName() {
    return liveKitName;
  }

  public Unit unit() {
    return unit;
  }

  public boolean isDuration() {
    return unit == Unit.DURATION;
  }

  /**
   * This field of {@code summary} as a number: a count for tokens and characters, nanoseconds for
   * durations.
   */
  public long rawValue(UsageSummary summary) {
    return switch (this) {
      case LLM_PROMPT_TOKENS -> summary.llmPromptTokens();
      case LLM_PROMPT_CACHED_TOKENS -> summary.llmPromptCachedTokens();
      case LLM_INPUT_AUDIO_TOKENS -> summary.llmInputAudioTokens();
      case LLM_INPUT_CACHED_AUDIO_TOKENS -> summary.llmInputCachedAudioTokens();
      case LLM_INPUT_TEXT_TOKENS -> summary.llmInputTextTokens();
      case LLM_INPUT_CACHED_TEXT_TOKENS -> summary.llmInputCachedTextTokens();
      case LLM_INPUT_IMAGE_TOKENS -> summary.llmInputImageTokens();
      case LLM_INPUT_CACHED_IMAGE_TOKENS -> summary.llmInputCachedImageTokens();
      case LLM_COMPLETION_TOKENS -> summary.llmCompletionTokens();
      case LLM_OUTPUT_AUDIO_TOKENS -> summary.llmOutputAudioTokens();
      case LLM_OUTPUT_IMAGE_TOKENS -> summary.llmOutputImageTokens();
      case LLM_OUTPUT_TEXT_TOKENS -> summary.llmOutputTextTokens();
      case TTS_CHARACTERS_COUNT -> summary.ttsCharactersCount();
      case TTS_AUDIO_DURATION -> summary.ttsAudioDuration().toNanos();
      case STT_AUDIO_DURATION -> summary.sttAudioDuration().toNanos();
    };
  }

  /** This field of {@code summary}: a {@link Long} count or a {@link Duration}. */
  public Object value(UsageSummary summary) {
    long raw = rawValue(summary);
    return isDuration() ? Duration.ofNanos(raw) : (Object) raw;
  }

  /** A value of this field for people: {@code 406} or {@code 2.4s}. */
  public String format(long rawValue) {
    return isDuration() ? UsageSummary.formatDuration(Duration.ofNanos(rawValue)) : Long.toString(rawValue);
  }

  /**
   * The field with this name: Java ({@code llmOutputAudioTokens}) or LiveKit
   * ({@code llm_output_audio_tokens}) spelling, or the aliases {@code llmInputTokens} /
   * {@code llmOutputTokens}; {@code null} if there is none.
   */
  public static UsageField byName(String name) {
    for (UsageField f : values()) {
      if (f.javaName.equals(name) || f.liveKitName.equals(name)) return f;
    }
    return switch (name) {
      case "llmInputTokens", "llm_input_tokens" -> LLM_PROMPT_TOKENS;
      case "llmOutputTokens", "llm_output_tokens" -> LLM_COMPLETION_TOKENS;
      default -> null;
    };
  }
}
