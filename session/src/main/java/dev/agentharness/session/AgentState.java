package dev.agentharness.session;

import java.util.Locale;

/** LiveKit's agent states ({@code agent_state_changed}). */
public enum AgentState {
  INITIALIZING,
  IDLE,
  LISTENING,
  THINKING,
  SPEAKING;

  /** LiveKit's spelling, e.g. {@code "speaking"}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
