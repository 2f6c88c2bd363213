package dev.agentharness.client;

/**
 * Cheap reads of a JSON frame's {@code "type"} and of one string field, for the hot path (audio deltas
 * are 99% of a realtime stream's bytes). Anything unusual falls back to the full parser.
 */
public final class Frames {

  private Frames() {}

  /** The value of the top-level {@code "type"} if it is among the first members, else {@code null}. */
  public static String type(String json) {
    int i = json.indexOf("\"type\"");
    if (i < 0 || i > 64) return null;
    return stringAfterKey(json, i + 6);
  }

  /** The string value of {@code "key"} (first occurrence), if it has no escapes; else {@code null}. */
  public static String string(String json, String key) {
    int i = json.indexOf("\"" + key + "\"");
    if (i < 0) return null;
    return stringAfterKey(json, i + key.length() + 2);
  }

  /**
   * The decoded byte count of the base64 string value of {@code "key"}, computed from its length
   * without copying or decoding it; -1 if the value is not a plain string.
   */
  public static long base64Length(String json, String key) {
    int k = json.indexOf("\"" + key + "\"");
    if (k < 0) return -1;
    int i = k + key.length() + 2;
    while (i < json.length() && (json.charAt(i) == ' ' || json.charAt(i) == ':')) i++;
    if (i >= json.length() || json.charAt(i) != '"') return -1;
    int end = json.indexOf('"', i + 1);
    if (end < 0) return -1;
    int n = end - i - 1;
    if (n % 4 != 0) return -1;
    if (n == 0) return 0;
    int padding = json.charAt(end - 1) == '=' ? (json.charAt(end - 2) == '=' ? 2 : 1) : 0;
    return (long) n / 4 * 3 - padding;
  }

  /** A parsed value written back as compact JSON. */
  public static String compact(dev.agentharness.internal.json.JsonValue v) {
    dev.agentharness.internal.json.JsonWriter w = new dev.agentharness.internal.json.JsonWriter();
    write(w, v);
    return w.toString();
  }

  private static void write(dev.agentharness.internal.json.JsonWriter w, dev.agentharness.internal.json.JsonValue v) {
    if (v instanceof dev.agentharness.internal.json.JsonValue.Obj o) {
      w.beginObject();
      for (dev.agentharness.internal.json.JsonValue.Member m : o.members()) {
        w.name(m.key());
        write(w, m.value());
      }
      w.endObject();
    } else if (v instanceof dev.agentharness.internal.json.JsonValue.Arr a) {
      w.beginArray();
      for (dev.agentharness.internal.json.JsonValue item : a.items()) write(w, item);
      w.endArray();
    } else if (v instanceof dev.agentharness.internal.json.JsonValue.Str s) {
      w.value(s.value());
    } else if (v instanceof dev.agentharness.internal.json.JsonValue.Num n) {
      w.rawValue(n.text());
    } else if (v instanceof dev.agentharness.internal.json.JsonValue.Bool b) {
      w.value(b.value());
    } else {
      w.nullValue();
    }
  }

  private static String stringAfterKey(String json, int from) {
    int i = from;
    while (i < json.length() && (json.charAt(i) == ' ' || json.charAt(i) == ':')) i++;
    if (i >= json.length() || json.charAt(i) != '"') return null;
    int end = json.indexOf('"', i + 1);
    if (end < 0) return null;
    String value = json.substring(i + 1, end);
    return value.indexOf('\\') >= 0 ? null : value;
  }
}
