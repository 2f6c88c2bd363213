package dev.agentharness.usage;

import java.time.Duration;

/** Text-to-speech usage of one (provider, model): LiveKit's {@code TTSModelUsage}. */
public record TtsModelUsage(
    String provider,
    String model,
    long inputTokens,
    long outputTokens,
    long charactersCount,
    Duration audioDuration)
    implements ModelUsage {

  @Override
  public String type() {
    return "tts_usage";
  }
}
