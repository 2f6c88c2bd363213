package dev.agentharness.session;

/** A session could not be played to its end: it stalled, timed out, or the clock failed. */
public class SessionException extends RuntimeException {
  public SessionException(String message) {
    super(message);
  }

  public SessionException(String message, Throwable cause) {
    super(message, cause);
  }
}
