package dev.agentharness.room;

import java.time.Instant;
import java.util.Objects;

/**
 * One presence of a participant in a {@link Room}: a leave and a rejoin give the same identity a new
 * presence with a new sid, as in LiveKit.
 *
 * @param sid LiveKit's participant sid, {@code PA_…}
 * @param joinedAt when this presence began
 */
public record Participant(String sid, String identity, ParticipantKind kind, Instant joinedAt) {
  public Participant {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(joinedAt, "joinedAt");
  }

  public boolean isAgent() {
    return kind == ParticipantKind.AGENT;
  }
}
