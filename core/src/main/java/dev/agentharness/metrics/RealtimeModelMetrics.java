package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One realtime-model response ({@code realtime_model_metrics}), as LiveKit's OpenAI and Gemini plugins
 * build it from the provider's usage.
 *
 * <p>Since LiveKit 1.5.2 every (re)connection also emits one of these with an empty {@code requestId},
 * zero tokens and only {@code acquireTime} set: see {@link #isConnectionMetric()}.
 *
 * @param timestamp when the response was created (not when the metric was emitted)
 * @param duration response created to response done
 * @param sessionDuration length of the connection, for session-billed models
 * @param ttft response created to the first audio delta; {@link #NOT_MEASURED} if no audio arrived
 * @param inputTokens all input tokens, cached ones included
 */
public record RealtimeModelMetrics(
    String label,
    String requestId,
    Instant timestamp,
    Duration duration,
    Duration sessionDuration,
    Duration ttft,
    boolean cancelled,
    long inputTokens,
    long outputTokens,
    long totalTokens,
    double tokensPerSecond,
    InputTokenDetails inputTokenDetails,
    OutputTokenDetails outputTokenDetails,
    Duration acquireTime,
    boolean connectionReused,
    Metadata metadata)
    implements AgentMetrics {

  public RealtimeModelMetrics {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(sessionDuration, "sessionDuration");
    Objects.requireNonNull(ttft, "ttft");
    Objects.requireNonNull(acquireTime, "acquireTime");
    if (inputTokenDetails == null) inputTokenDetails = InputTokenDetails.EMPTY;
    if (outputTokenDetails == null) outputTokenDetails = OutputTokenDetails.EMPTY;
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
    b.sessionDuration = sessionDuration;
    b.ttft = ttft;
    b.cancelled = cancelled;
    b.inputTokens = inputTokens;
    b.outputTokens = outputTokens;
    b.totalTokens = totalTokens;
    b.tokensPerSecond = tokensPerSecond;
    b.inputTokenDetails = inputTokenDetails;
    b.outputTokenDetails = outputTokenDetails;
    b.acquireTime = acquireTime;
    b.connectionReused = connectionReused;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link RealtimeModelMetrics} values. */
  public static final class Builder {
    private String label = "";
    private String requestId = "";
    private Instant timestamp = Instant.EPOCH;
    private Duration duration = Duration.ZERO;
    private Duration sessionDuration = Duration.ZERO;
    private Duration ttft = NOT_MEASURED;
    private boolean cancelled = false;
    private long inputTokens = 0;
    private long outputTokens = 0;
    private long totalTokens = 0;
    private double tokensPerSecond = 0;
    private InputTokenDetails inputTokenDetails = InputTokenDetails.EMPTY;
    private OutputTokenDetails outputTokenDetails = OutputTokenDetails.EMPTY;
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

    public Builder sessionDuration(Duration sessionDuration) {
      this.sessionDuration = sessionDuration;
      return this;
    }

    public Builder ttft(Duration ttft) {
      this.ttft = ttft;
      return this;
    }

    public Builder cancelled(boolean cancelled) {
      this.cancelled = cancelled;
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

    public Builder totalTokens(long totalTokens) {
      this.totalTokens = totalTokens;
      return this;
    }

    public Builder tokensPerSecond(double tokensPerSecond) {
      this.tokensPerSecond = tokensPerSecond;
      return this;
    }

    public Builder inputTokenDetails(InputTokenDetails inputTokenDetails) {
      this.inputTokenDetails = inputTokenDetails;
      return this;
    }

    public Builder outputTokenDetails(OutputTokenDetails outputTokenDetails) {
      this.outputTokenDetails = outputTokenDetails;
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

    public RealtimeModelMetrics build() {
      return new RealtimeModelMetrics(label, requestId, timestamp, duration, sessionDuration, ttft, cancelled, inputTokens, outputTokens, totalTokens, tokensPerSecond, inputTokenDetails, outputTokenDetails, acquireTime, connectionReused, metadata);
    }
  }

  /** The zero-usage metric LiveKit emits for each (re)connection: empty request id, no tokens. */
  public boolean isConnectionMetric() {
    return requestId.isEmpty();
  }

  /**
   * Input tokens by modality. Cached tokens are a subset of the others, not an addition to them.
   *
   * @param cachedTokensDetails cached tokens by modality, or {@code null} when the producer sent none
   */
  public record InputTokenDetails(
      long audioTokens,
      long textTokens,
      long imageTokens,
      long cachedTokens,
      CachedTokenDetails cachedTokensDetails) {

    public static final InputTokenDetails EMPTY = new InputTokenDetails(0, 0, 0, 0, null);
  }

  /** Cached input tokens by modality. */
  public record CachedTokenDetails(long audioTokens, long textTokens, long imageTokens) {
    public static final CachedTokenDetails EMPTY = new CachedTokenDetails(0, 0, 0);
  }

  /** Output tokens by modality; {@code imageTokens} is deprecated in LiveKit (realtime models emit none). */
  public record OutputTokenDetails(long textTokens, long audioTokens, long imageTokens) {
    public static final OutputTokenDetails EMPTY = new OutputTokenDetails(0, 0, 0);
  }
}
