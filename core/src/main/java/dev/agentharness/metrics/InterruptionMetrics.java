package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One adaptive-interruption inference ({@code interruption_metrics}, LiveKit 1.5.0+). */
public record InterruptionMetrics(
    Instant timestamp,
    Duration totalDuration,
    Duration predictionDuration,
    Duration detectionDelay,
    long numInterruptions,
    long numBackchannels,
    long numRequests,
    Metadata metadata)
    implements AgentMetrics {

  public InterruptionMetrics {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(totalDuration, "totalDuration");
    Objects.requireNonNull(predictionDuration, "predictionDuration");
    Objects.requireNonNull(detectionDelay, "detectionDelay");
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
    b.predictionDuration = predictionDuration;
    b.detectionDelay = detectionDelay;
    b.numInterruptions = numInterruptions;
    b.numBackchannels = numBackchannels;
    b.numRequests = numRequests;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link InterruptionMetrics} values. */
  public static final class Builder {
    private Instant timestamp = Instant.EPOCH;
    private Duration totalDuration = Duration.ZERO;
    private Duration predictionDuration = Duration.ZERO;
    private Duration detectionDelay = Duration.ZERO;
    private long numInterruptions = 0;
    private long numBackchannels = 0;
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

    public Builder predictionDuration(Duration predictionDuration) {
      this.predictionDuration = predictionDuration;
      return this;
    }

    public Builder detectionDelay(Duration detectionDelay) {
      this.detectionDelay = detectionDelay;
      return this;
    }

    public Builder numInterruptions(long numInterruptions) {
      this.numInterruptions = numInterruptions;
      return this;
    }

    public Builder numBackchannels(long numBackchannels) {
      this.numBackchannels = numBackchannels;
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

    public InterruptionMetrics build() {
      return new InterruptionMetrics(timestamp, totalDuration, predictionDuration, detectionDelay, numInterruptions, numBackchannels, numRequests, metadata);
    }
  }
}
