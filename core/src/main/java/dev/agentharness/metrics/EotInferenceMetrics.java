package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One end-of-turn model inference ({@code eot_inference_metrics}, LiveKit 1.6.1+). */
public record EotInferenceMetrics(
    Instant timestamp,
    Duration totalDuration,
    Duration detectionDelay,
    Duration predictionDuration,
    long numRequests,
    Metadata metadata)
    implements AgentMetrics {

  public EotInferenceMetrics {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(totalDuration, "totalDuration");
    Objects.requireNonNull(detectionDelay, "detectionDelay");
    Objects.requireNonNull(predictionDuration, "predictionDuration");
  }

  /** A builder that starts from LiveKit's defaults: zero counts and durations, no metadata. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metric's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timestamp = timestamp;
    b.totalDuration = totalDuration;
    b.detectionDelay = detectionDelay;
    b.predictionDuration = predictionDuration;
    b.numRequests = numRequests;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link EotInferenceMetrics} values. */
  public static final class Builder {
    private Instant timestamp = Instant.EPOCH;
    private Duration totalDuration = Duration.ZERO;
    private Duration detectionDelay = Duration.ZERO;
    private Duration predictionDuration = Duration.ZERO;
    private long numRequests = 1;
    private Metadata metadata = null;

    private Builder() {}

    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder totalDuration(Duration totalDuration) {
      this.totalDuration = totalDuration;
      return this;
    }

    public Builder detectionDelay(Duration detectionDelay) {
      this.detectionDelay = detectionDelay;
      return this;
    }

    public Builder predictionDuration(Duration predictionDuration) {
      this.predictionDuration = predictionDuration;
      return this;
    }

    public Builder numRequests(long numRequests) {
      this.numRequests = numRequests;
      return this;
    }

    public Builder metadata(Metadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public EotInferenceMetrics build() {
      return new EotInferenceMetrics(timestamp, totalDuration, detectionDelay, predictionDuration, numRequests, metadata);
    }
  }
}
