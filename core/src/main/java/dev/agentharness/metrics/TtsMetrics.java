package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One synthesized segment ({@code tts_metrics}).
 *
 * @param ttfb time to the first audio frame; {@link #NOT_MEASURED} if none arrived
 * @param audioDuration the length of the audio received, from the decoded bytes
 * @param charactersCount characters sent for synthesis: the basis of character billing
 * @param streamed {@code true} for a streaming (WebSocket) synthesizer, {@code false} for a request
 */
public record TtsMetrics(
    String label,
    String requestId,
    Instant timestamp,
    Duration ttfb,
    Duration duration,
    Duration audioDuration,
    boolean cancelled,
    long charactersCount,
    long inputTokens,
    long outputTokens,
    boolean streamed,
    Duration acquireTime,
    boolean connectionReused,
    String segmentId,
    String speechId,
    Metadata metadata)
    implements AgentMetrics {

  public TtsMetrics {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(ttfb, "ttfb");
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
    b.ttfb = ttfb;
    b.duration = duration;
    b.audioDuration = audioDuration;
    b.cancelled = cancelled;
    b.charactersCount = charactersCount;
    b.inputTokens = inputTokens;
    b.outputTokens = outputTokens;
    b.streamed = streamed;
    b.acquireTime = acquireTime;
    b.connectionReused = connectionReused;
    b.segmentId = segmentId;
    b.speechId = speechId;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link TtsMetrics} values. */
  public static final class Builder {
    private String label = "";
    private String requestId = "";
    private Instant timestamp = Instant.EPOCH;
    private Duration ttfb = NOT_MEASURED;
    private Duration duration = Duration.ZERO;
    private Duration audioDuration = Duration.ZERO;
    private boolean cancelled = false;
    private long charactersCount = 0;
    private long inputTokens = 0;
    private long outputTokens = 0;
    private boolean streamed = false;
    private Duration acquireTime = Duration.ZERO;
    private boolean connectionReused = false;
    private String segmentId = null;
    private String speechId = null;
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

    public Builder ttfb(Duration ttfb) {
      this.ttfb = ttfb;
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

    public Builder cancelled(boolean cancelled) {
      this.cancelled = cancelled;
      return this;
    }

    public Builder charactersCount(long charactersCount) {
      this.charactersCount = charactersCount;
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

    public Builder segmentId(String segmentId) {
      this.segmentId = segmentId;
      return this;
    }

    public Builder speechId(String speechId) {
      this.speechId = speechId;
      return this;
    }

    public Builder metadata(Metadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public TtsMetrics build() {
      return new TtsMetrics(label, requestId, timestamp, ttfb, duration, audioDuration, cancelled, charactersCount, inputTokens, outputTokens, streamed, acquireTime, connectionReused, segmentId, speechId, metadata);
    }
  }
}
