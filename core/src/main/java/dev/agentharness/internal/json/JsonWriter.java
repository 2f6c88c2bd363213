package dev.agentharness.internal.json;

import java.math.BigDecimal;

/**
 * Writes compact JSON into a {@link StringBuilder}; commas are placed for the caller.
 *
 * <pre>{@code
 * String s = new JsonWriter().beginObject().name("type").value("session.created").endObject().toString();
 * }</pre>
 */
public final class JsonWriter {

  private final StringBuilder out;
  // one bit per open container: 1 = nothing written in it yet
  private long firstBits;
  private int depth;
  private boolean afterName;

  public JsonWriter() {
    this(new StringBuilder(256));
  }

  public JsonWriter(StringBuilder out) {
    this.out = out;
  }

  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    push();
    return this;
  }

  public JsonWriter endObject() {
    pop();
    out.append('}');
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    push();
    return this;
  }

  public JsonWriter endArray() {
    pop();
    out.append(']');
    return this;
  }

  public JsonWriter name(String name) {
    if (afterName) throw new IllegalStateException("two names in a row: " + name);
    comma();
    appendQuoted(out, name);
    out.append(':');
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    if (s == null) return nullValue();
    beforeValue();
    appendQuoted(out, s);
    return this;
  }

  public JsonWriter value(long n) {
    beforeValue();
    out.append(n);
    return this;
  }

  public JsonWriter value(boolean b) {
    beforeValue();
    out.append(b);
    return this;
  }

  /**
   * A string known to need no escaping (base64, ids): written as is, without scanning it. The caller
   * guarantees it holds no quote, backslash or control character.
   */
  public JsonWriter plainValue(String s) {
    beforeValue();
    out.append('"').append(s).append('"');
    return this;
  }

  /** A float written the way Python's json module writes it (see {@link Json#pythonFloat}). */
  public JsonWriter value(double d) {
    beforeValue();
    out.append(Json.pythonFloat(d));
    return this;
  }

  /** A decimal written in plain notation, e.g. {@code 1732665600.25}. */
  public JsonWriter value(BigDecimal d) {
    beforeValue();
    out.append(d.toPlainString());
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /** Appends already-serialized JSON as the next value. */
  public JsonWriter rawValue(String json) {
    beforeValue();
    out.append(json);
    return this;
  }

  // shorthands for the common "name": value pair

  public JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, double value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, boolean value) {
    return name(name).value(value);
  }

  public StringBuilder builder() {
    return out;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void push() {
    if (depth >= 63) throw new IllegalStateException("nested too deep");
    depth++;
    firstBits |= 1L << depth;
  }

  private void pop() {
    if (depth == 0) throw new IllegalStateException("nothing to end");
    firstBits &= ~(1L << depth);
    depth--;
    afterName = false;
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
    } else {
      comma();
    }
  }

  private void comma() {
    if (depth == 0) return;
    long bit = 1L << depth;
    if ((firstBits & bit) != 0) {
      firstBits &= ~bit;
    } else {
      out.append(',');
    }
  }

  static void appendQuoted(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    int runStart = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      sb.append(s, runStart, i);
      runStart = i + 1;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> sb.append(String.format("\\u%04x", (int) c));
      }
    }
    sb.append(s, runStart, n);
    sb.append('"');
  }
}
