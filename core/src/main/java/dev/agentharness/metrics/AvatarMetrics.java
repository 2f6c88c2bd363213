package dev.agentharness.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Avatar playback timing ({@code avatar_metrics}, LiveKit 1.5.11+).
 *
 * @param sessionStartedTime when the avatar session started, or {@code null}
 * @param avatarJoinedTime when the avatar joined the room, or {@code null}
 */
public record AvatarMetrics(
    Instant timestamp,
    Duration playbackLatency,
    Instant sessionStartedTime,
    Instant avatarJoinedTime,
    Metadata metadata)
    implements AgentMetrics {

  public AvatarMetrics {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(playbackLatency, "playbackLatency");
  }

  /** A builder that starts from LiveKit's defaults: zero counts and durations, no metadata. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metric's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timestamp = timestamp;
    b.playbackLatency = playbackLatency;
    b.sessionStartedTime = sessionStartedTime;
    b.avatarJoinedTime = avatarJoinedTime;
    b.metadata = metadata;
    return b;
  }

  /** Builds {@link AvatarMetrics} values. */
  public static final class Builder {
    private Instant timestamp = Instant.EPOCH;
    private Duration playbackLatency = Duration.ZERO;
    private Instant sessionStartedTime = null;
    private Instant avatarJoinedTime = null;
    private Metadata metadata = null;

    private Builder() {}

    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder playbackLatency(Duration playbackLatency) {
      this.playbackLatency = playbackLatency;
      return this;
    }

    public Builder sessionStartedTime(Instant sessionStartedTime) {
      this.sessionStartedTime = sessionStartedTime;
      return this;
    }

    public Builder avatarJoinedTime(Instant avatarJoinedTime) {
      this.avatarJoinedTime = avatarJoinedTime;
      return this;
    }

    public Builder metadata(Metadata metadata) {
      this.metadata = metadata;
      return this;
    }

    public AvatarMetrics build() {
      return new AvatarMetrics(timestamp, playbackLatency, sessionStartedTime, avatarJoinedTime, metadata);
    }
  }
}
