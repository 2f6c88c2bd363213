package dev.agentharness.session;

import java.util.Locale;

/** Why a session closed: LiveKit's {@code CloseReason}. */
public enum CloseReason {
  ERROR,
  JOB_SHUTDOWN,
  PARTICIPANT_DISCONNECTED,
  USER_INITIATED,
  TASK_COMPLETED;

  /** LiveKit's spelling, e.g. {@code "participant_disconnected"}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
