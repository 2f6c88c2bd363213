package dev.agentharness.usage;

/**
 * Usage of one (provider, model) pair: LiveKit 1.5+'s {@code ModelUsage} union. One record type per
 * usage type, with LiveKit's {@code type} discriminator.
 */
public sealed interface ModelUsage
    permits LlmModelUsage, TtsModelUsage, SttModelUsage, InterruptionModelUsage, EotModelUsage {

  /** LiveKit's discriminator: {@code llm_usage}, {@code tts_usage}, {@code stt_usage}, ... */
  String type();

  /** The metric metadata's {@code model_provider}; empty when the metric had none. */
  String provider();

  /** The metric metadata's {@code model_name}; empty when the metric had none. */
  String model();
}
