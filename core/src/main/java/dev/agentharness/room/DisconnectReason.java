package dev.agentharness.room;

/** Why a participant left: LiveKit's {@code DisconnectReason}, with its protocol numbers. */
public enum DisconnectReason {
  /** The protocol default; never sent in webhooks (protojson omits it). */
  UNKNOWN_REASON(0),
  /** The client disconnected: the default for {@link Room#leave(String)}. */
  CLIENT_INITIATED(1),
  DUPLICATE_IDENTITY(2),
  SERVER_SHUTDOWN(3),
  PARTICIPANT_REMOVED(4),
  /** The room was deleted: what {@link Room#close()} gives everyone still in it. */
  ROOM_DELETED(5),
  STATE_MISMATCH(6),
  /** The client could not connect fully: what {@link Room#connectionAborted} reports. */
  JOIN_FAILURE(7),
  MIGRATION(8),
  /** The signal connection closed unexpectedly: the leave half of {@link Room#reconnect}. */
  SIGNAL_CLOSE(9),
  ROOM_CLOSED(10),
  USER_UNAVAILABLE(11),
  USER_REJECTED(12),
  SIP_TRUNK_FAILURE(13),
  CONNECTION_TIMEOUT(14),
  MEDIA_FAILURE(15),
  /** The agent failed; its job ends {@code JS_FAILED}. */
  AGENT_ERROR(16);

  private final int number;

  DisconnectReason(int number) {
    this.number = number;
  }

  /** The enum number in LiveKit's protobuf. */
  public int number() {
    return number;
  }
}
