package dev.agentharness.scenario;

import dev.agentharness.clock.Durations;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonPosition;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One JSON value of a scenario file being read: knows its source and key path ({@code turns[2].reply.audio}),
 * reads it as the type the format expects, and turns every problem into a {@link ScenarioException} at the
 * value's line and column.
 */
final class Cursor {

  private final String source;
  private final String path;
  private final JsonValue value;

  Cursor(String source, String path, JsonValue value) {
    this.source = source;
    this.path = path;
    this.value = value;
  }

  String path() {
    return path;
  }

  boolean isNull() {
    return value.isNull();
  }

  /** A problem with this value, reported at its position. */
  ScenarioException error(String problem) {
    return error(value.position(), path, problem);
  }

  private ScenarioException error(JsonPosition at, String path, String problem) {
    return new ScenarioException(source, at.line(), at.column(), path, problem);
  }

  /** Runs a record constructor; its {@link IllegalArgumentException} is reported at this value. */
  <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  // objects

  /** Checks that this is an object whose keys are all in {@code keys}; unknown keys fail with a suggestion. */
  Cursor object(List<String> keys) {
    JsonValue.Obj o = asObject();
    for (JsonValue.Member m : o.members()) {
      if (keys.contains(m.key())) continue;
      String suggestion = closest(m.key(), keys);
      String hint = suggestion == null ? "keys here: " : "did you mean " + quote(suggestion) + "? Keys here: ";
      throw error(m.keyPosition(), child(m.key()), "unknown key; " + hint + String.join(", ", keys));
    }
    return this;
  }

  /** The member {@code key} of this object, or {@code null} when absent. */
  Cursor get(String key) {
    JsonValue v = asObject().get(key);
    return v == null ? null : new Cursor(source, child(key), v);
  }

  /** {@code read} applied to member {@code key}, or {@code null} when the key is absent. */
  <T> T optional(String key, Function<Cursor, T> read) {
    Cursor c = get(key);
    return c == null ? null : read.apply(c);
  }

  /**
   * {@code read} applied to member {@code key}, which must be present.
   *
   * @param example what to write, for the message: {@code "\"provider\": \"openai\""}
   */
  <T> T required(String key, String example, Function<Cursor, T> read) {
    Cursor c = get(key);
    if (c == null) throw error("missing required key " + quote(key) + "; e.g. " + example);
    return read.apply(c);
  }

  private JsonValue.Obj asObject() {
    if (value instanceof JsonValue.Obj o) return o;
    throw error("expected an object, found " + value.describe());
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  // arrays

  /** The items of this array, each with its path ({@code turns[2]}). */
  List<Cursor> items() {
    if (!(value instanceof JsonValue.Arr a)) throw error("expected an array, found " + value.describe());
    List<Cursor> items = new ArrayList<>(a.items().size());
    for (int i = 0; i < a.items().size(); i++) {
      items.add(new Cursor(source, path + "[" + i + "]", a.items().get(i)));
    }
    return items;
  }

  /** {@code read} applied to every item of this array. */
  <T> List<T> list(Function<Cursor, T> read) {
    return items().stream().map(read).toList();
  }

  // scalars

  boolean isString() {
    return value instanceof JsonValue.Str;
  }

  boolean isObject() {
    return value instanceof JsonValue.Obj;
  }

  /** The value as written, for messages: {@code "2,4s"}, {@code 500}, {@code an array}. */
  String describe() {
    return value.describe();
  }

  String string() {
    if (value instanceof JsonValue.Str s) return s.value();
    throw error("expected a string, found " + value.describe());
  }

  String nonEmptyString() {
    String s = string();
    if (s.isBlank()) throw error("expected a non-empty string, found " + value.describe());
    return s;
  }

  /** A duration string with units: {@code "2.4s"}, {@code "300ms"}, {@code "1m30s"}. */
  Duration duration() {
    if (!(value instanceof JsonValue.Str s)) {
      throw error("expected a duration string such as \"500ms\", found " + value.describe());
    }
    try {
      return Durations.parse(s.value());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** A duration longer than zero. */
  Duration positiveDuration() {
    Duration d = duration();
    if (d.isZero()) throw error(value.describe() + " is zero; expected a duration longer than zero, such as \"100ms\"");
    return d;
  }

  /** A time in the scenario: {@code "2s"}, {@code "end"}, {@code "end+5s"}, {@code "never"}. */
  TimeRef time() {
    if (!(value instanceof JsonValue.Str s)) {
      throw error("expected a time such as \"2s\", \"end\", \"end+5s\" or \"never\", found " + value.describe());
    }
    try {
      return TimeRef.parse(s.value());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** An ISO-8601 instant: {@code "2026-01-01T00:00:00Z"}. */
  Instant instant() {
    String text = expecting("an instant such as \"2026-01-01T00:00:00Z\"");
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw error(value.describe() + " is not an instant; expected e.g. \"2026-01-01T00:00:00Z\"");
    }
  }

  private String expecting(String what) {
    if (value instanceof JsonValue.Str s) return s.value();
    throw error("expected " + what + ", found " + value.describe());
  }

  /** A token count: a whole number, 0 or more. */
  long count() {
    long n = wholeNumber("a whole number of tokens");
    if (n < 0) throw error(n + " is negative; expected a whole number of tokens, 0 or more");
    return n;
  }

  /** A whole number from {@code min} to {@code max}. */
  int intBetween(int min, int max, String what) {
    String expected = what + " from " + min + " to " + max;
    long n = wholeNumber(expected);
    if (n < min || n > max) throw error(n + " is out of range; expected " + expected);
    return (int) n;
  }

  private long wholeNumber(String what) {
    if (value instanceof JsonValue.Num n && isWhole(n)) {
      try {
        return n.decimalValue().longValueExact();
      } catch (ArithmeticException e) {
        // too large: reported below
      }
    }
    throw error("expected " + what + ", found " + value.describe());
  }

  private static boolean isWhole(JsonValue.Num n) {
    return n.decimalValue().stripTrailingZeros().scale() <= 0;
  }

  /** A number greater than zero. */
  double positiveNumber() {
    if (!(value instanceof JsonValue.Num n)) throw error("expected a number greater than 0, found " + value.describe());
    double d = n.doubleValue();
    if (!(d > 0) || Double.isInfinite(d)) throw error(n.text() + " is not positive; expected a number greater than 0");
    return d;
  }

  /**
   * One of {@code options} by its id, matched exactly (or ignoring case); a near miss gets a suggestion.
   *
   * @param what what the options are, for the message: {@code "a realtime provider"}
   */
  <E> E choice(String what, List<E> options, Function<E, String> id, boolean ignoreCase) {
    List<String> ids = options.stream().map(id).toList();
    String expected = "one of: " + String.join(", ", ids);
    if (!(value instanceof JsonValue.Str s)) {
      throw error("expected " + what + " (" + expected + "), found " + value.describe());
    }
    for (E option : options) {
      String optionId = id.apply(option);
      if (ignoreCase ? optionId.equalsIgnoreCase(s.value()) : optionId.equals(s.value())) return option;
    }
    String suggestion = closest(s.value(), ids);
    String hint = suggestion == null ? "; expected " : "; did you mean " + quote(suggestion) + "? Expected ";
    throw error(value.describe() + " is not " + what + hint + expected);
  }

  /** An object written back as compact JSON text, numbers exactly as in the source. */
  String jsonObject() {
    asObject();
    JsonWriter w = new JsonWriter();
    write(w, value);
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

  // suggestions

  /**
   * The candidate closest to {@code word} ignoring case, if it is close enough to be a likely typo:
   * at most 1 edit for words up to 4 letters, 2 up to 8, 3 beyond (transposed letters count as one edit);
   * failing that, the only candidate that {@code word} (4 letters or more) is the start of.
   */
  static String closest(String word, Collection<String> candidates) {
    String typo = closestByEdits(word, candidates);
    if (typo != null || word.length() < 4) return typo;
    String w = word.toLowerCase(Locale.ROOT);
    List<String> extended = candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).startsWith(w)).toList();
    return extended.size() == 1 ? extended.get(0) : null;
  }

  private static String closestByEdits(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = word.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int d = distance(w, candidate.toLowerCase(Locale.ROOT));
      int longest = Math.max(w.length(), candidate.length());
      int allowed = longest <= 4 ? 1 : longest <= 8 ? 2 : 3;
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  static String quote(String s) {
    return Json.quote(s);
  }
}
