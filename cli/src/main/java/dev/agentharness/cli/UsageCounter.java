package dev.agentharness.cli;

import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.ModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import java.math.BigDecimal;
import java.util.function.ToLongFunction;

/**
 * LiveKit's usage counters ({@code lk.agents.usage.*}, livekit-agents {@code telemetry/otel_metrics.py}): one
 * per field of a {@link ModelUsage} that LiveKit exports, with the unit it gives ({@code s} for durations,
 * none for counts). Shared by the OTLP export of {@code simulate --otlp} and the Prometheus text of
 * {@code serve}'s {@code GET /metrics}.
 */
enum UsageCounter {
  LLM_INPUT_TOKENS("llm_input_tokens", LlmModelUsage.class, false, "LLM input tokens",
      u -> ((LlmModelUsage) u).inputTokens()),
  LLM_INPUT_CACHED_TOKENS("llm_input_cached_tokens", LlmModelUsage.class, false,
      "LLM input tokens served from the prompt cache (a subset of the input tokens)",
      u -> ((LlmModelUsage) u).inputCachedTokens()),
  LLM_OUTPUT_TOKENS("llm_output_tokens", LlmModelUsage.class, false, "LLM output tokens",
      u -> ((LlmModelUsage) u).outputTokens()),
  LLM_INPUT_AUDIO_TOKENS("llm_input_audio_tokens", LlmModelUsage.class, false,
      "Realtime-model input audio tokens", u -> ((LlmModelUsage) u).inputAudioTokens()),
  LLM_INPUT_TEXT_TOKENS("llm_input_text_tokens", LlmModelUsage.class, false,
      "Realtime-model input text tokens", u -> ((LlmModelUsage) u).inputTextTokens()),
  LLM_OUTPUT_AUDIO_TOKENS("llm_output_audio_tokens", LlmModelUsage.class, false,
      "Realtime-model output audio tokens", u -> ((LlmModelUsage) u).outputAudioTokens()),
  LLM_OUTPUT_TEXT_TOKENS("llm_output_text_tokens", LlmModelUsage.class, false,
      "Realtime-model output text tokens", u -> ((LlmModelUsage) u).outputTextTokens()),
  /** Not in {@code /metrics}: the fakes do not bill a realtime connection's duration. */
  LLM_SESSION_DURATION("llm_session_duration", LlmModelUsage.class, true,
      "Realtime-model session duration", u -> ((LlmModelUsage) u).sessionDuration().toNanos()),
  TTS_CHARACTERS("tts_characters", TtsModelUsage.class, false, "Characters sent to text-to-speech",
      u -> ((TtsModelUsage) u).charactersCount()),
  TTS_AUDIO_DURATION("tts_audio_duration", TtsModelUsage.class, true, "Audio produced by text-to-speech",
      u -> ((TtsModelUsage) u).audioDuration().toNanos()),
  STT_AUDIO_DURATION("stt_audio_duration", SttModelUsage.class, true, "Audio transcribed by speech-to-text",
      u -> ((SttModelUsage) u).audioDuration().toNanos());

  /** The prefix of LiveKit's usage counters. */
  static final String PREFIX = "lk.agents.usage.";

  private final String field;
  private final Class<? extends ModelUsage> type;
  private final boolean duration;
  private final String description;
  private final ToLongFunction<ModelUsage> raw;

  UsageCounter(String field, Class<? extends ModelUsage> type, boolean duration, String description,
      ToLongFunction<ModelUsage> raw) {
    this.field = field;
    this.type = type;
    this.duration = duration;
    this.description = description;
    this.raw = raw;
  }

  /** LiveKit's instrument name, e.g. {@code lk.agents.usage.llm_input_tokens}. */
  String liveKitName() {
    return PREFIX + field;
  }

  /** The instrument's unit as LiveKit creates it: {@code s} for durations, empty for counts. */
  String unit() {
    return duration ? "s" : "";
  }

  boolean isDuration() {
    return duration;
  }

  String description() {
    return description;
  }

  /**
   * The Prometheus name, as OpenTelemetry's Prometheus exporters derive it from the instrument: dots become
   * underscores, the unit {@code s} adds {@code _seconds}, and a counter ends in {@code _total}, e.g.
   * {@code lk_agents_usage_tts_audio_duration_seconds_total}.
   */
  String prometheusName() {
    return liveKitName().replace('.', '_') + (duration ? "_seconds" : "") + "_total";
  }

  /** Whether {@code usage} has this field (an LLM counter for LLM usage, ...). */
  boolean appliesTo(ModelUsage usage) {
    return type.isInstance(usage);
  }

  /** The value: a count, or nanoseconds for a duration. */
  long rawValue(ModelUsage usage) {
    return raw.applyAsLong(usage);
  }

  /** Nanoseconds as decimal seconds, without trailing zeros: {@code 2.4}, {@code 0}. */
  static String seconds(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
  }
}
