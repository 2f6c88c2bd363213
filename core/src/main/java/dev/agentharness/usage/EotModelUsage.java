package dev.agentharness.usage;

/** End-of-turn model requests: LiveKit's {@code EOTModelUsage} (1.6.1+). */
public record EotModelUsage(String provider, String model, long totalRequests) implements ModelUsage {

  @Override
  public String type() {
    return "eot_usage";
  }
}
