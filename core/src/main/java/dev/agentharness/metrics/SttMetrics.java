package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Speech-to-text usage ({@code stt_metrics}). For a streaming recognizer, one event per usage report:
 * {@code duration} is zero and {@code audioDuration} is the audio this report accounts for.
 *
 * @param acquireTime time to get a connection; set on the zero-usage connection metric
 */
public record SttMetrics(
    String label,
    String requestId,
    Instant timestamp,
    Duration duration,
    Duration audioDuration,
    long inputTokens,
    long outputTokens,
    boolean streamed,
    Duration acquireTime,
    boolean connectionReused,
    Metadata metadata)
    implements AgentMetrics {

  public SttMetrics {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(audioDuration, "audioDuration");
    Objects.requireNonNull(acquireTime, "acquireTime");
  }

  /** A builder that starts from LiveKit's defaults: zero counts and durations, no metadata. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metric's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.label = label;
    b.requestId = requestId;
    b.timestamp = timestamp;
    b.duration = duration;
    b.audioDuration = audioDuration;
    b.inputTokens = inputTokens;
    b.outputTokens = outputTokens;
    b.streamed = streamed;
    b.acquireTime = acquireTime;
    b.connectionReused = connectionReused;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link SttMetrics} values. */
  public static final class Builder {
    private String label = "";
    private String requestId = "";
    private Instant timestamp = Instant.EPOCH;
    private Duration duration = Duration.ZERO;
    private Duration audioDuration = Duration.ZERO;
    private long inputTokens = 0;
    private long outputTokens = 0;
    private boolean streamed = false;
    private Duration acquireTime = Duration.ZERO;
    private boolean connectionReused = false;
    private Metadata metadata = null;

    private Builder() {}

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    public Builder audioDuration(Duration audioDuration) {
      this.audioDuration = audioDuration;
      return this;
    }

    public Builder inputTokens(long inputTokens) {
      this.inputTokens = inputTokens;
      return this;
    }

    public Builder outputTokens(long outputTokens) {
      this.outputTokens = outputTokens;
      return this;
    }

    public Builder streamed(boolean streamed) {
      this.streamed = streamed;
      return this;
    }

    public Builder acquireTime(Duration acquireTime) {
      this.acquireTime = acquireTime;
      return this;
    }

    public Builder connectionReused(boolean connectionReused) {
      this.connectionReused = connectionReused;
      return this;
    }

    public Builder metadata(Metadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public SttMetrics build() {
      return new SttMetrics(label, requestId, timestamp, duration, audioDuration, inputTokens, outputTokens, streamed, acquireTime, connectionReused, metadata);
    }
  }
}
