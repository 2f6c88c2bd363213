package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One LLM completion stream ({@code llm_metrics}). Token counts come from the stream's final usage
 * chunk and are 0 when none arrived.
 *
 * @param ttft time to the first chunk that carries content or a tool call; {@link #NOT_MEASURED} if none
 * @param cacheCreationTokens prompt-cache writes; {@code promptCachedTokens} counts cache reads
 * @param speechId the reply the stream belongs to, or {@code null}
 */
public record LlmMetrics(
    String label,
    String requestId,
    Instant timestamp,
    Duration duration,
    Duration ttft,
    boolean cancelled,
    long completionTokens,
    long promptTokens,
    long promptCachedTokens,
    long cacheCreationTokens,
    long totalTokens,
    double tokensPerSecond,
    String speechId,
    Metadata metadata)
    implements AgentMetrics {

  public LlmMetrics {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(ttft, "ttft");
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
    b.ttft = ttft;
    b.cancelled = cancelled;
    b.completionTokens = completionTokens;
    b.promptTokens = promptTokens;
    b.promptCachedTokens = promptCachedTokens;
    b.cacheCreationTokens = cacheCreationTokens;
    b.totalTokens = totalTokens;
    b.tokensPerSecond = tokensPerSecond;
    b.speechId = speechId;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link LlmMetrics} values. */
  public static final class Builder {
    private String label = "";
    private String requestId = "";
    private Instant timestamp = Instant.EPOCH;
    private Duration duration = Duration.ZERO;
    private Duration ttft = NOT_MEASURED;
    private boolean cancelled = false;
    private long completionTokens = 0;
    private long promptTokens = 0;
    private long promptCachedTokens = 0;
    private long cacheCreationTokens = 0;
    private long totalTokens = 0;
    private double tokensPerSecond = 0;
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

    public Builder duration(Duration duration) {
      this.duration = duration;
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

    public Builder completionTokens(long completionTokens) {
      this.completionTokens = completionTokens;
      return this;
    }

    public Builder promptTokens(long promptTokens) {
      this.promptTokens = promptTokens;
      return this;
    }

    public Builder promptCachedTokens(long promptCachedTokens) {
      this.promptCachedTokens = promptCachedTokens;
      return this;
    }

    public Builder cacheCreationTokens(long cacheCreationTokens) {
      this.cacheCreationTokens = cacheCreationTokens;
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

    public Builder speechId(String speechId) {
      this.speechId = speechId;
      return this;
    }

    public Builder metadata(Metadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public LlmMetrics build() {
      return new LlmMetrics(label, requestId, timestamp, duration, ttft, cancelled, completionTokens, promptTokens, promptCachedTokens, cacheCreationTokens, totalTokens, tokensPerSecond, speechId, metadata);
    }
  }
}
