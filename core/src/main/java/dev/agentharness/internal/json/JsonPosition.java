package dev.agentharness.internal.json;

/** Where a JSON value starts in its source text: 1-based line and column, 0-based offset. */
public record JsonPosition(int line, int column, int offset) {

  public static final JsonPosition UNKNOWN = new JsonPosition(0, 0, -1);

  public boolean isKnown() {
    return line > 0;
  }

  @Override
  public String toString() {
    return isKnown() ? line + ":" + column : "?";
  }
}
