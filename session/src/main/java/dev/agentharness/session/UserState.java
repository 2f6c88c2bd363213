package dev.agentharness.session;

import java.util.Locale;

/** LiveKit's user states ({@code user_state_changed}). */
public enum UserState {
  SPEAKING,
  LISTENING,
  AWAY;

  /** LiveKit's spelling, e.g. {@code "listening"}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
