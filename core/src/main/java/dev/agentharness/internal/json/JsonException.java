package dev.agentharness.internal.json;

/** Text that is not JSON, or JSON of the wrong shape. Carries the position of the offending value. */
public class JsonException extends RuntimeException {

  private final JsonPosition position;
  private final String reason;

  public JsonException(String reason, JsonPosition position) {
    super(position.isKnown() ? position + ": " + reason : reason);
    this.reason = reason;
    this.position = position;
  }

  public JsonPosition position() {
    return position;
  }

  /** The message without the position prefix. */
  public String reason() {
    return reason;
  }
}
