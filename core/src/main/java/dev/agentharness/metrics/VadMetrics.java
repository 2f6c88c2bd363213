package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Voice-activity-detector health ({@code vad_metrics}), about once a second. Carries no usage. */
public record VadMetrics(
    String label,
    Instant timestamp,
    Duration idleTime,
    Duration inferenceDurationTotal,
    long inferenceCount,
    Metadata metadata)
    implements AgentMetrics {

  public VadMetrics {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(idleTime, "idleTime");
    Objects.requireNonNull(inferenceDurationTotal, "inferenceDurationTotal");
  }

  /** A builder that starts from LiveKit's defaults: zero counts and durations, no metadata. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metric's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.label = label;
    b.timestamp = timestamp;
    b.idleTime = idleTime;
    b.inferenceDurationTotal = inferenceDurationTotal;
    b.inferenceCount = inferenceCount;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link VadMetrics} values. */
  public static final class Builder {
    private String label = "";
    private Instant timestamp = Instant.EPOCH;
    private Duration idleTime = Duration.ZERO;
    private Duration inferenceDurationTotal = Duration.ZERO;
    private long inferenceCount = 0;
    private Metadata metadata = null;

    private Builder() {}

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder idleTime(Duration idleTime) {
      this.idleTime = idleTime;
      return this;
    }

    public Builder inferenceDurationTotal(Duration inferenceDurationTotal) {
      this.inferenceDurationTotal = inferenceDurationTotal;
      return this;
    }

    public Builder inferenceCount(long inferenceCount) {
      this.inferenceCount = inferenceCount;
      return this;
    }

    public Builder metadata(Metadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public VadMetrics build() {
      return new VadMetrics(label, timestamp, idleTime, inferenceDurationTotal, inferenceCount, metadata);
    }
  }
}
