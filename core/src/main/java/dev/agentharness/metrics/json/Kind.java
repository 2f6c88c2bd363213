package dev.agentharness.metrics.json;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.metrics.AgentMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * How one JSON value maps to a Java value in each dialect. Numbers convert exactly from their source
 * text: seconds and milliseconds become nanoseconds by moving the decimal point, rounded half-even to the
 * nearest nanosecond only when the text has more digits than that.
 */
interface Kind<T> {

  /** What the value should be, for error messages: "a number of seconds". */
  String expected(MetricsDialect dialect);

  /** Reads a present, non-null value; {@code field} is the path for error messages. */
  T read(JsonValue v, MetricsDialect dialect, String field);

  /** Writes a non-null value. */
  void write(JsonWriter w, MetricsDialect dialect, T value);

  /** The value JSON {@code null} stands for, or {@code null} when null is not a value of this kind. */
  default T fromNull() {
    return null;
  }

  Kind<String> STRING = new Kind<>() {
    public String expected(MetricsDialect d) {
      return "a string";
    }

    public String read(JsonValue v, MetricsDialect d, String field) {
      if (v instanceof JsonValue.Str s) return s.value();
      throw mismatch(this, v, d, field);
    }

    public void write(JsonWriter w, MetricsDialect d, String value) {
      w.value(value);
    }
  };

  Kind<Boolean> BOOL = new Kind<>() {
    public String expected(MetricsDialect d) {
      return "true or false";
    }

    public Boolean read(JsonValue v, MetricsDialect d, String field) {
      if (v instanceof JsonValue.Bool b) return b.value();
      throw mismatch(this, v, d, field);
    }

    public void write(JsonWriter w, MetricsDialect d, Boolean value) {
      w.value(value.booleanValue());
    }
  };

  /** A token, character or request count. {@code 3.0} is accepted; {@code 3.5} is not. */
  Kind<Long> COUNT = new Kind<>() {
    public String expected(MetricsDialect d) {
      return "a whole number";
    }

    public Long read(JsonValue v, MetricsDialect d, String field) {
      if (v instanceof JsonValue.Num n) {
        try {
          return n.decimalValue().longValueExact();
        } catch (ArithmeticException e) {
          // falls through to the mismatch
        }
      }
      throw mismatch(this, v, d, field);
    }

    public void write(JsonWriter w, MetricsDialect d, Long value) {
      w.value(value.longValue());
    }
  };

  /**
   * A float such as {@code tokens_per_second}. Non-finite values are written as {@code null}, as pydantic
   * and {@code JSON.stringify} write them, and {@code null} reads back as NaN.
   */
  Kind<Double> NUMBER = new Kind<>() {
    public String expected(MetricsDialect d) {
      return "a number";
    }

    public Double read(JsonValue v, MetricsDialect d, String field) {
      if (v instanceof JsonValue.Num n) {
        double x = n.doubleValue();
        if (Double.isFinite(x)) return x;
        throw Schema.error(field, v.position(), "expected " + expected(d) + ", found " + n.text() + " (out of range)");
      }
      throw mismatch(this, v, d, field);
    }

    public void write(JsonWriter w, MetricsDialect d, Double value) {
      double x = value;
      if (!Double.isFinite(x)) {
        w.nullValue();
      } else {
        w.rawValue(d == MetricsDialect.PYTHON ? Json.pythonFloat(x) : jsNumber(x));
      }
    }

    public Double fromNull() {
      return Double.NaN;
    }
  };

  /** A duration: float seconds in Python, milliseconds in JS. */
  Kind<Duration> DURATION = new Kind<>() {
    public String expected(MetricsDialect d) {
      return d == MetricsDialect.PYTHON ? "a number of seconds" : "a number of milliseconds";
    }

    public Duration read(JsonValue v, MetricsDialect d, String field) {
      long[] sn = secondsAndNanos(this, v, d, field);
      return Duration.ofSeconds(sn[0], sn[1]);
    }

    public void write(JsonWriter w, MetricsDialect d, Duration value) {
      w.rawValue(decimal(value.getSeconds(), value.getNano(), d));
    }
  };

  /**
   * A ttft or ttfb: a duration whose negative values mean "never measured". Any negative value reads as
   * {@link AgentMetrics#NOT_MEASURED}, which is written as LiveKit's {@code -1}.
   */
  Kind<Duration> LATENCY = new Kind<>() {
    public String expected(MetricsDialect d) {
      return DURATION.expected(d) + " (-1 if not measured)";
    }

    public Duration read(JsonValue v, MetricsDialect d, String field) {
      long[] sn = secondsAndNanos(this, v, d, field);
      Duration x = Duration.ofSeconds(sn[0], sn[1]);
      return x.isNegative() ? AgentMetrics.NOT_MEASURED : x;
    }

    public void write(JsonWriter w, MetricsDialect d, Duration value) {
      if (value.isNegative()) {
        w.rawValue(d == MetricsDialect.PYTHON ? "-1.0" : "-1");
      } else {
        DURATION.write(w, d, value);
      }
    }
  };

  /** A point in time: epoch seconds in Python, epoch milliseconds in JS. */
  Kind<Instant> INSTANT = new Kind<>() {
    public String expected(MetricsDialect d) {
      return d == MetricsDialect.PYTHON ? "a number of epoch seconds" : "a number of epoch milliseconds";
    }

    public Instant read(JsonValue v, MetricsDialect d, String field) {
      long[] sn = secondsAndNanos(this, v, d, field);
      try {
        return Instant.ofEpochSecond(sn[0], sn[1]);
      } catch (DateTimeException e) {
        throw outOfRange(this, v, d, field);
      }
    }

    public void write(JsonWriter w, MetricsDialect d, Instant value) {
      w.rawValue(decimal(value.getEpochSecond(), value.getNano(), d));
    }
  };

  /** A nested object read and written by {@code schema}. */
  static <T> Kind<T> object(Schema<T, ?> schema) {
    return new Kind<>() {
      public String expected(MetricsDialect d) {
        return "an object";
      }

      public T read(JsonValue v, MetricsDialect d, String field) {
        if (v instanceof JsonValue.Obj o) return schema.read(o, d, field + ".");
        throw mismatch(this, v, d, field);
      }

      public void write(JsonWriter w, MetricsDialect d, T value) {
        schema.write(w, d, value);
      }
    };
  }

  private static MetricsFormatException mismatch(Kind<?> kind, JsonValue v, MetricsDialect d, String field) {
    return Schema.error(field, v.position(), "expected " + kind.expected(d) + ", found " + v.describe());
  }

  private static MetricsFormatException outOfRange(Kind<?> kind, JsonValue v, MetricsDialect d, String field) {
    String reason = "expected " + kind.expected(d) + ", found " + v.describe() + " (out of range)";
    return Schema.error(field, v.position(), reason);
  }

  /** Seconds in Python, milliseconds in JS, to {seconds, nano-of-second}. */
  private static long[] secondsAndNanos(Kind<?> kind, JsonValue v, MetricsDialect d, String field) {
    if (!(v instanceof JsonValue.Num n)) throw mismatch(kind, v, d, field);
    BigDecimal x = n.decimalValue();
    if (x.signum() == 0) return new long[] {0, 0};
    int magnitude = x.precision() - x.scale(); // digits before the decimal point; negative for 0.00x
    if (magnitude > 25) throw outOfRange(kind, v, d, field);
    if (magnitude < -12) return new long[] {0, 0}; // under a thousandth of a nanosecond
    BigDecimal nanos = x.movePointRight(d == MetricsDialect.PYTHON ? 9 : 6).setScale(0, RoundingMode.HALF_EVEN);
    if (nanos.precision() <= 18) { // fits a long: the common case, without BigInteger division
      long total = nanos.longValueExact();
      return new long[] {Math.floorDiv(total, 1_000_000_000L), Math.floorMod(total, 1_000_000_000L)};
    }
    BigDecimal[] qr = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000));
    try {
      return new long[] {qr[0].longValueExact(), qr[1].longValueExact()};
    } catch (ArithmeticException e) {
      throw outOfRange(kind, v, d, field);
    }
  }

  /**
   * Exact seconds (Python: {@code 0.68}, {@code 1.0}, {@code 1732665600.123456789}) or milliseconds (JS:
   * {@code 680}, {@code 0.5}) of a time given as seconds and nano-of-second.
   */
  static String decimal(long seconds, int nanos, MetricsDialect d) {
    BigDecimal x = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
    if (d == MetricsDialect.JS) x = x.movePointRight(3);
    String s = x.stripTrailingZeros().toPlainString();
    return d == MetricsDialect.PYTHON && s.indexOf('.') < 0 ? s + ".0" : s;
  }

  /** A double as JavaScript's {@code JSON.stringify} writes it: {@code 12}, {@code 12.5}, {@code 1e-7}. */
  static String jsNumber(double x) {
    if (x == 0) return "0";
    String python = Json.pythonFloat(x); // the same shortest digits JS uses
    double abs = Math.abs(x);
    if (abs >= 1e-6 && abs < 1e21) return new BigDecimal(python).stripTrailingZeros().toPlainString();
    return python.replace("e-0", "e-").replace("e+0", "e+"); // 1e-07 -> 1e-7
  }
}
