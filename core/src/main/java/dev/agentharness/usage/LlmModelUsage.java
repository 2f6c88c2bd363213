package dev.agentharness.usage;

import java.time.Duration;

/**
 * LLM and realtime-model usage of one (provider, model): LiveKit's {@code LLMModelUsage}. Plain LLM
 * metrics fill only the totals; realtime metrics also fill every modality. There is no output-image
 * field: LiveKit drops output image tokens here.
 */
public record LlmModelUsage(
    String provider,
    String model,
    long inputTokens,
    long inputCachedTokens,
    long inputCacheCreationTokens,
    long inputAudioTokens,
    long inputCachedAudioTokens,
    long inputTextTokens,
    long inputCachedTextTokens,
    long inputImageTokens,
    long inputCachedImageTokens,
    long outputTokens,
    long outputAudioTokens,
    long outputTextTokens,
    Duration sessionDuration)
    implements ModelUsage {

  @Override
  public String type() {
    return "llm_usage";
  }
}
