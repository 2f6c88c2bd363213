package dev.agentharness.room;

import java.time.Instant;
import java.util.Objects;

/** What a {@link Room} tells its listeners, in order: participants joining and leaving. */
public sealed interface RoomEvent permits RoomEvent.ParticipantJoined, RoomEvent.ParticipantLeft {

  /** When it happened, on the room's clock. */
  Instant at();

  Participant participant();

  /** {@code participant_joined}. */
  record ParticipantJoined(Instant at, Participant participant) implements RoomEvent {
    public ParticipantJoined {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(participant, "participant");
    }
  }

  /** {@code participant_left}; a {@link Room#reconnect reconnect} is a left then a joined. */
  record ParticipantLeft(Instant at, Participant participant, DisconnectReason reason) implements RoomEvent {
    public ParticipantLeft {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(participant, "participant");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
