package dev.agentharness.scenario;

import dev.agentharness.room.ParticipantKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who is in the room and when: participants join and leave on the scenario's clock, and may drop out
 * and reconnect. Standing time is measured from this.
 *
 * @param name the room name (used in webhooks)
 */
public record RoomScript(String name, List<ParticipantScript> participants, List<Reconnect> reconnects) {

  public static final String DEFAULT_NAME = "agentharness-room";

  public RoomScript {
    if (name == null) name = DEFAULT_NAME;
    participants = List.copyOf(participants);
    reconnects = reconnects == null ? List.of() : List.copyOf(reconnects);
  }

  /** The default room: an agent and a user, both present from the start until the end. */
  public static RoomScript defaults() {
    return new RoomScript(null, List.of(
        new ParticipantScript("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.END),
        new ParticipantScript("user", ParticipantKind.STANDARD, TimeRef.START, TimeRef.END)), List.of());
  }

  /** The agent participants, in order. */
  public List<ParticipantScript> agents() {
    return participants.stream().filter(p -> p.kind() == ParticipantKind.AGENT).toList();
  }

  /** One participant: identity, LiveKit kind, when it joins and when it leaves. */
  public record ParticipantScript(String identity, ParticipantKind kind, TimeRef join, TimeRef leave) {
    public ParticipantScript {
      Objects.requireNonNull(identity, "identity");
      if (kind == null) kind = ParticipantKind.STANDARD;
      if (join == null) join = TimeRef.START;
      if (leave == null) leave = TimeRef.END;
      if (join.isNever()) throw new IllegalArgumentException(identity + ": join cannot be never");
    }
  }

  /** A participant drops out at {@code at} and is back {@code gap} later. */
  public record Reconnect(String identity, Duration at, Duration gap) {
    public Reconnect {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(gap, "gap");
      if (gap.isNegative() || gap.isZero()) throw new IllegalArgumentException("reconnect gap must be positive: " + gap);
    }
  }
}
