package dev.agentharness.internal.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Parses JSON text into {@link JsonValue}s that remember where they were read from. */
public final class Json {

  private static final int MAX_DEPTH = 512;

  private final String text;
  private int pos;
  private int line = 1;
  private int lineStart;
  private int depth;

  private Json(String text) {
    this.text = text;
  }

  /** Parses one JSON document; anything but whitespace after it is an error. */
  public static JsonValue parse(String text) {
    Json p = new Json(text);
    p.skipWhitespace();
    JsonValue v = p.readValue();
    p.skipWhitespace();
    if (p.pos < text.length()) {
      throw p.error("unexpected " + p.describeHere() + " after the end of the JSON value");
    }
    return v;
  }

  /** Parses one JSON object, e.g. one frame of a WebSocket protocol. */
  public static JsonValue.Obj parseObject(String text) {
    return parse(text).asObject("message");
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    JsonWriter.appendQuoted(sb, s);
    return sb.toString();
  }

  private JsonValue readValue() {
    if (pos >= text.length()) throw error("unexpected end of input; expected a value");
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> readObject();
      case '[' -> readArray();
      case '"' -> {
        JsonPosition start = here();
        yield new JsonValue.Str(readString(), start);
      }
      case 't' -> readLiteral("true", new JsonValue.Bool(true, here()));
      case 'f' -> readLiteral("false", new JsonValue.Bool(false, here()));
      case 'n' -> readLiteral("null", new JsonValue.Null(here()));
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) yield readNumber();
        throw error("unexpected " + describeHere() + "; expected a value");
      }
    };
  }

  private JsonValue readObject() {
    JsonPosition start = here();
    enter();
    pos++; // {
    List<JsonValue.Member> members = new ArrayList<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return new JsonValue.Obj(members, start);
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') throw error("unexpected " + describeHere() + "; expected a key in quotes");
      JsonPosition keyPos = here();
      String key = readString();
      for (JsonValue.Member m : members) {
        if (m.key().equals(key)) {
          throw new JsonException("duplicate key " + quote(key) + " (first at " + m.keyPosition() + ")", keyPos);
        }
      }
      skipWhitespace();
      if (peek() != ':') throw error("unexpected " + describeHere() + "; expected ':' after key " + quote(key));
      pos++;
      skipWhitespace();
      members.add(new JsonValue.Member(key, keyPos, readValue()));
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') break;
      if (c != ',') {
        pos--;
        throw error("unexpected " + describeHere() + "; expected ',' or '}'");
      }
    }
    depth--;
    return new JsonValue.Obj(members, start);
  }

  private JsonValue readArray() {
    JsonPosition start = here();
    enter();
    pos++; // [
    List<JsonValue> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return new JsonValue.Arr(items, start);
    }
    while (true) {
      skipWhitespace();
      items.add(readValue());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') break;
      if (c != ',') {
        pos--;
        throw error("unexpected " + describeHere() + "; expected ',' or ']'");
      }
    }
    depth--;
    return new JsonValue.Arr(items, start);
  }

  private String readString() {
    int start = ++pos; // after the opening quote
    // fast path: no escapes
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return text.substring(start, i);
      }
      if (c == '\\' || c < 0x20) break;
    }
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) throw error("unterminated string");
      char c = text.charAt(pos++);
      if (c == '"') return sb.toString();
      if (c < 0x20) {
        pos--;
        throw error("control character U+" + String.format("%04X", (int) c) + " in a string; escape it");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) throw error("unterminated string");
      char e = text.charAt(pos++);
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) throw error("incomplete \\u escape");
          int cp = 0;
          for (int k = 0; k < 4; k++) {
            char h = text.charAt(pos + k);
            int d = h < 0x80 ? Character.digit(h, 16) : -1; // ASCII hex digits only
            if (d < 0) throw error("bad \\u escape");
            cp = cp * 16 + d;
          }
          pos += 4;
          sb.append((char) cp);
        }
        default -> {
          pos -= 2;
          throw error("bad escape \\" + e);
        }
      }
    }
  }

  private JsonValue readNumber() {
    JsonPosition start = here();
    int s = pos;
    if (peek() == '-') pos++;
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) pos++;
    } else {
      throw error("bad number: expected a digit");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) throw error("bad number: expected a digit after '.'");
      while (isDigit(peek())) pos++;
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') pos++;
      if (!isDigit(peek())) throw error("bad number: expected a digit in the exponent");
      while (isDigit(peek())) pos++;
    }
    return new JsonValue.Num(text.substring(s, pos), start);
  }

  private JsonValue readLiteral(String word, JsonValue value) {
    if (!text.startsWith(word, pos)) throw error("unexpected " + describeHere() + "; expected a value");
    pos += word.length();
    return value;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        lineStart = pos + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private JsonPosition here() {
    return position(pos);
  }

  private JsonPosition position(int offset) {
    return new JsonPosition(line, offset - lineStart + 1, offset);
  }

  private String describeHere() {
    if (pos >= text.length()) return "end of input";
    char c = text.charAt(pos);
    return c < 0x20 ? "character U+" + String.format("%04X", (int) c) : "'" + c + "'";
  }

  private JsonException error(String reason) {
    return new JsonException(reason, here());
  }

  /**
   * Formats a double the way Python's {@code repr} does, which is how LiveKit's JSON writes floats:
   * {@code 1.0}, {@code 0.68}, {@code 0.0001}, {@code 1e-05}, {@code 1e+16}.
   */
  public static String pythonFloat(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("not representable in JSON: " + d);
    }
    if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
    BigDecimal exact = shortest(d);
    int exponent = exact.precision() - exact.scale() - 1; // power of ten of the leading digit
    if (exponent < -4 || exponent >= 16) {
      String digits = exact.unscaledValue().abs().toString();
      StringBuilder sb = new StringBuilder();
      if (d < 0) sb.append('-');
      sb.append(digits.charAt(0));
      if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
      sb.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) sb.append('0');
      sb.append(abs);
      return sb.toString();
    }
    String plain = exact.toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }

  /**
   * The shortest decimal that reads back as {@code d}, the nearest one if several: Python's {@code repr}
   * digits. {@code Double.toString} gives the same except for some values with 16 or more digits, where
   * JDK 17 can give a longer one ({@code 2e23} prints as {@code 1.9999999999999998E23}).
   */
  private static BigDecimal shortest(double d) {
    BigDecimal s = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (s.precision() < 16) return s;
    BigDecimal exact = new BigDecimal(d);
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal r = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(r.toString()) == d) return r.stripTrailingZeros();
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
