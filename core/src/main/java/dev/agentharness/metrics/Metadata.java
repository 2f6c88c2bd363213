package dev.agentharness.metrics;

/**
 * Which model produced a metric. LiveKit's {@code Metadata(model_name, model_provider)}; either part
 * may be {@code null}. {@code ModelUsageCollector} groups usage by it.
 */
public record Metadata(String modelName, String modelProvider) {

  public static Metadata of(String modelProvider, String modelName) {
    return new Metadata(modelName, modelProvider);
  }
}
