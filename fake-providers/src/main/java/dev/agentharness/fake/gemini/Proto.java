package dev.agentharness.fake.gemini;

import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Reading proto-JSON as Google's servers do: every field may be spelled in lowerCamelCase (the JSON
 * name) or snake_case (the proto name), at every level.
 */
final class Proto {

  private Proto() {}

  /** {@code generationConfig} → {@code generation_config}. */
  static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) sb.append('_').append(Character.toLowerCase(c));
      else sb.append(c);
    }
    return sb.toString();
  }

  /** {@code generation_config} → {@code generationConfig}. */
  static String camel(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean up = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }

  /** The value of field {@code camelName} in either spelling, or {@code null} when absent or JSON null. */
  static JsonValue get(JsonValue.Obj o, String camelName) {
    if (o == null) return null;
    JsonValue v = o.getPresent(camelName);
    if (v != null) return v;
    String snake = snake(camelName);
    return snake.equals(camelName) ? null : o.getPresent(snake);
  }

  static JsonValue.Obj obj(JsonValue.Obj o, String camelName) {
    return get(o, camelName) instanceof JsonValue.Obj x ? x : null;
  }

  static JsonValue.Arr arr(JsonValue.Obj o, String camelName) {
    return get(o, camelName) instanceof JsonValue.Arr x ? x : null;
  }

  static String str(JsonValue.Obj o, String camelName) {
    return get(o, camelName) instanceof JsonValue.Str x ? x.value() : null;
  }

  static boolean bool(JsonValue.Obj o, String camelName) {
    return get(o, camelName) instanceof JsonValue.Bool b && b.value();
  }

  static Long integer(JsonValue.Obj o, String camelName) {
    JsonValue v = get(o, camelName);
    if (v instanceof JsonValue.Num n && n.isIntegral()) return n.longValue(camelName);
    // proto-JSON writes int64 as strings
    if (v instanceof JsonValue.Str s) {
      try {
        return Long.parseLong(s.value());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** An enum value by name, upper-cased ({@code "audio"} and {@code "AUDIO"} both read as {@code AUDIO}). */
  static String enumName(JsonValue v) {
    return v instanceof JsonValue.Str s ? s.value().toUpperCase(Locale.ROOT) : null;
  }

  /** A protobuf {@code Duration} in JSON: {@code "10s"}, {@code "1.500s"}. */
  static String duration(Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNano();
    if (nanos == 0) return seconds + "s";
    String frac;
    if (nanos % 1_000_000 == 0) frac = String.format(Locale.ROOT, "%03d", nanos / 1_000_000);
    else if (nanos % 1_000 == 0) frac = String.format(Locale.ROOT, "%06d", nanos / 1_000);
    else frac = String.format(Locale.ROOT, "%09d", nanos);
    return seconds + "." + frac + "s";
  }

  /** Writes {@code v} back as compact JSON. */
  static String raw(JsonValue v) {
    JsonWriter w = new JsonWriter();
    write(w, v);
    return w.toString();
  }

  private static void write(JsonWriter w, JsonValue v) {
    if (v instanceof JsonValue.Obj o) {
      w.beginObject();
      for (JsonValue.Member m : o.members()) {
        w.name(m.key());
        write(w, m.value());
      }
      w.endObject();
    } else if (v instanceof JsonValue.Arr a) {
      w.beginArray();
      for (JsonValue item : a.items()) write(w, item);
      w.endArray();
    } else if (v instanceof JsonValue.Str s) {
      w.value(s.value());
    } else if (v instanceof JsonValue.Num n) {
      w.rawValue(n.text());
    } else if (v instanceof JsonValue.Bool b) {
      w.value(b.value());
    } else {
      w.nullValue();
    }
  }
}
