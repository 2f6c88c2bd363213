package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * End-of-utterance timing ({@code eou_metrics}). LiveKit emits it straight to the session, so it never
 * reaches the usage collector.
 *
 * @param lastSpeakingTime when the user last spoke (LiveKit 1.2.0–1.3.0 and agents-js), or {@code null}
 */
public record EouMetrics(
    Instant timestamp,
    Duration endOfUtteranceDelay,
    Duration transcriptionDelay,
    Duration onUserTurnCompletedDelay,
    Instant lastSpeakingTime,
    String speechId,
    Metadata metadata)
    implements AgentMetrics {

  public EouMetrics {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(endOfUtteranceDelay, "endOfUtteranceDelay");
    Objects.requireNonNull(transcriptionDelay, "transcriptionDelay");
    Objects.requireNonNull(onUserTurnCompletedDelay, "onUserTurnCompletedDelay");
  }

  /** A builder that starts from LiveKit's defaults: zero counts and durations, no metadata. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metric's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timestamp = timestamp;
    b.endOfUtteranceDelay = endOfUtteranceDelay;
    b.transcriptionDelay = transcriptionDelay;
    b.onUserTurnCompletedDelay = onUserTurnCompletedDelay;
    b.lastSpeakingTime = lastSpeakingTime;
    b.speechId = speechId;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link EouMetrics} values. */
  public static final class Builder {
    private Instant timestamp = Instant.EPOCH;
    private Duration endOfUtteranceDelay = Duration.ZERO;
    private Duration transcriptionDelay = Duration.ZERO;
    private Duration onUserTurnCompletedDelay = Duration.ZERO;
    private Instant lastSpeakingTime = null;
    private String speechId = null;
    private Metadata metadata = null;

    private Builder() {}

    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder endOfUtteranceDelay(Duration endOfUtteranceDelay) {
      this.endOfUtteranceDelay = endOfUtteranceDelay;
      return this;
    }

    public Builder transcriptionDelay(Duration transcriptionDelay) {
      this.transcriptionDelay = transcriptionDelay;
      return this;
    }

    public Builder onUserTurnCompletedDelay(Duration onUserTurnCompletedDelay) {
      this.onUserTurnCompletedDelay = onUserTurnCompletedDelay;
      return this;
    }

    public Builder lastSpeakingTime(Instant lastSpeakingTime) {
      this.lastSpeakingTime = lastSpeakingTime;
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

    public EouMetrics build() {
      return new EouMetrics(timestamp, endOfUtteranceDelay, transcriptionDelay, onUserTurnCompletedDelay, lastSpeakingTime, speechId, metadata);
    }
  }
}
