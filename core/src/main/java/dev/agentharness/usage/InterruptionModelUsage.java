package dev.agentharness.usage;

/** Adaptive-interruption model requests: LiveKit's {@code InterruptionModelUsage}. */
public record InterruptionModelUsage(String provider, String model, long totalRequests)
    implements ModelUsage {

  @Override
  public String type() {
    return "interruption_usage";
  }
}
