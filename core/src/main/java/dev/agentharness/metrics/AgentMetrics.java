package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * One metric event, as LiveKit's {@code metrics_collected} carries it. The nine permitted types are
 * LiveKit's {@code AgentMetrics} union.
 */
public sealed interface AgentMetrics
    permits LlmMetrics,
        SttMetrics,
        TtsMetrics,
        VadMetrics,
        EouMetrics,
        EotInferenceMetrics,
        RealtimeModelMetrics,
        InterruptionMetrics,
        AvatarMetrics {

  /** LiveKit's -1: a time to first token or byte that was never measured. */
  Duration NOT_MEASURED = Duration.ofSeconds(-1);

  /** LiveKit's {@code type} discriminator, e.g. {@code "realtime_model_metrics"}. */
  default String type() {
    return MetricType.of(this).wireName();
  }

  /** When the metric was emitted; for realtime metrics, when the response was created. */
  Instant timestamp();

  /** Model name and provider, or {@code null} when the producer set none. */
  Metadata metadata();
}
