package dev.agentharness.room;

/** Why an {@code AgentSession} closed: LiveKit Agents' {@code CloseReason}. */
public enum CloseReason {
  ERROR("error"),
  JOB_SHUTDOWN("job_shutdown"),
  PARTICIPANT_DISCONNECTED("participant_disconnected"),
  USER_INITIATED("user_initiated"),
  /** Python only. */
  TASK_COMPLETED("task_completed");

  private final String value;

  CloseReason(String value) {
    this.value = value;
  }

  /** The value LiveKit Agents uses, e.g. {@code participant_disconnected}. */
  public String id() {
    return value;
  }
}
