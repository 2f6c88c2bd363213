package dev.agentharness.internal.json;

import java.util.List;

/** A parsed JSON value with the position it was read from. */
public sealed interface JsonValue
    permits JsonValue.Obj, JsonValue.Arr, JsonValue.Str, JsonValue.Num, JsonValue.Bool, JsonValue.Null {

  JsonPosition position();

  /** The JSON type name used in error messages: object, array, string, number, boolean, null. */
  String kind();

  default boolean isNull() {
    return this instanceof Null;
  }

  default Obj asObject(String what) {
    if (this instanceof Obj o) return o;
    throw new JsonException(what + ": expected an object, found " + describe(), position());
  }

  default Arr asArray(String what) {
    if (this instanceof Arr a) return a;
    throw new JsonException(what + ": expected an array, found " + describe(), position());
  }

  default String asString(String what) {
    if (this instanceof Str s) return s.value();
    throw new JsonException(what + ": expected a string, found " + describe(), position());
  }

  default boolean asBoolean(String what) {
    if (this instanceof Bool b) return b.value();
    throw new JsonException(what + ": expected true or false, found " + describe(), position());
  }

  default Num asNumber(String what) {
    if (this instanceof Num n) return n;
    throw new JsonException(what + ": expected a number, found " + describe(), position());
  }

  default long asLong(String what) {
    return asNumber(what).longValue(what);
  }

  default double asDouble(String what) {
    return asNumber(what).doubleValue();
  }

  /** A short rendering of this value for error messages, e.g. {@code "2,4s"} or {@code an object}. */
  default String describe() {
    if (this instanceof Str s) {
      return Json.quote(s.value().length() > 60 ? s.value().substring(0, 57) + "..." : s.value());
    }
    if (this instanceof Num n) return n.text();
    if (this instanceof Bool b) return String.valueOf(b.value());
    if (this instanceof Null) return "null";
    return this instanceof Obj ? "an object" : "an array";
  }

  /** A JSON object. Members keep their order; duplicate keys are rejected by the parser. */
  record Obj(List<Member> members, JsonPosition position) implements JsonValue {
    public Obj {
      members = List.copyOf(members);
    }

    public String kind() {
      return "object";
    }

    /** The value of {@code key}, or {@code null} when absent. */
    public JsonValue get(String key) {
      for (Member m : members) {
        if (m.key().equals(key)) return m.value();
      }
      return null;
    }

    /** The value of {@code key}, or {@code null} when absent or JSON null. */
    public JsonValue getPresent(String key) {
      JsonValue v = get(key);
      return v == null || v.isNull() ? null : v;
    }

    public boolean has(String key) {
      return get(key) != null;
    }
  }

  /** One {@code "key": value} pair, with the position of the key. */
  record Member(String key, JsonPosition keyPosition, JsonValue value) {}

  record Arr(List<JsonValue> items, JsonPosition position) implements JsonValue {
    public Arr {
      items = List.copyOf(items);
    }

    public String kind() {
      return "array";
    }
  }

  record Str(String value, JsonPosition position) implements JsonValue {
    public String kind() {
      return "string";
    }
  }

  /** A number, kept as its source text so that decimals convert exactly. */
  record Num(String text, JsonPosition position) implements JsonValue {
    public String kind() {
      return "number";
    }

    public boolean isIntegral() {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '.' || c == 'e' || c == 'E') return false;
      }
      return true;
    }

    public double doubleValue() {
      return Double.parseDouble(text);
    }

    /** The value as a long; a decimal with a zero fraction such as {@code 3.0} is accepted. */
    public long longValue(String what) {
      try {
        if (isIntegral()) return Long.parseLong(text);
        return new java.math.BigDecimal(text).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw new JsonException(what + ": expected a whole number, found " + text, position);
      }
    }

    public java.math.BigDecimal decimalValue() {
      return new java.math.BigDecimal(text);
    }
  }

  record Bool(boolean value, JsonPosition position) implements JsonValue {
    public String kind() {
      return "boolean";
    }
  }

  record Null(JsonPosition position) implements JsonValue {
    public String kind() {
      return "null";
    }
  }
}
