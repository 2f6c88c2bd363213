package dev.agentharness.clock;

/** The clock could not go on: a frame was never handled, or a scheduled action failed. */
public class ClockException extends RuntimeException {
  public ClockException(String message) {
    super(message);
  }

  public ClockException(String message, Throwable cause) {
    super(message, cause);
  }
}
