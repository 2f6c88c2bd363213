package dev.agentharness.room;

/** LiveKit's participant kinds ({@code ParticipantInfo.Kind}), with their protocol numbers. */
public enum ParticipantKind {
  STANDARD(0),
  INGRESS(1),
  EGRESS(2),
  SIP(3),
  AGENT(4),
  CONNECTOR(7),
  BRIDGE(8);

  private final int number;

  ParticipantKind(int number) {
    this.number = number;
  }

  /** The enum number in LiveKit's protobuf. */
  public int number() {
    return number;
  }
}
