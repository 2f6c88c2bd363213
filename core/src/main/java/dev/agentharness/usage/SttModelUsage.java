package dev.agentharness.usage;

import java.time.Duration;

/** Speech-to-text usage of one (provider, model): LiveKit's {@code STTModelUsage}. */
public record SttModelUsage(
    String provider, String model, long inputTokens, long outputTokens, Duration audioDuration)
    implements ModelUsage {

  @Override
  public String type() {
    return "stt_usage";
  }
}
