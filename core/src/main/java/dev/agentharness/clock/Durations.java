package dev.agentharness.clock;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations as people write them in scenario files and on the command line: {@code "2.4s"},
 * {@code "300ms"}, {@code "1m30s"}, {@code "1h"}, {@code "250us"}.
 */
public final class Durations {

  private Durations() {}

  /**
   * Parses a duration such as {@code 2.4s}, {@code 300ms} or {@code 1m30s}.
   *
   * @throws IllegalArgumentException with a message saying what was expected
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) throw invalid(text, "it is empty");
    long nanos = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
      if (i == start) throw invalid(text, "expected a number at '" + s.substring(i) + "'");
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw invalid(text, i < s.length() ? "unexpected '" + s.charAt(i) + "'" : "a unit is missing after " + number);
      }
      long unitNanos = switch (unit) {
        case "h" -> 3_600_000_000_000L;
        case "m", "min" -> 60_000_000_000L;
        case "s" -> 1_000_000_000L;
        case "ms" -> 1_000_000L;
        case "us", "µs" -> 1_000L;
        case "ns" -> 1L;
        default -> throw invalid(text, "unknown unit '" + unit + "'");
      };
      BigDecimal value;
      try {
        value = new BigDecimal(number);
      } catch (NumberFormatException e) {
        throw invalid(text, "'" + number + "' is not a number");
      }
      try {
        nanos = Math.addExact(nanos, value.multiply(BigDecimal.valueOf(unitNanos)).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
      } catch (ArithmeticException e) {
        throw invalid(text, "it is too long");
      }
    }
    return Duration.ofNanos(nanos);
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "\"" + text + "\" is not a duration (" + why + "); expected e.g. \"2.4s\", \"300ms\" or \"1m30s\"");
  }

  /** A duration for people: {@code 300ms}, {@code 2.4s}, {@code 1m30s}, {@code 1h2m3.5s}, {@code 0s}. */
  public static String format(Duration d) {
    if (d.isNegative()) return "-" + format(d.negated());
    if (d.isZero()) return "0s";
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      if (d.getNano() % 1_000_000 == 0) return d.toMillis() + "ms";
      return decimal(d.getNano(), 6) + "ms";
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    long s = d.toSecondsPart();
    StringBuilder sb = new StringBuilder();
    if (h > 0) sb.append(h).append('h');
    if (m > 0) sb.append(m).append('m');
    if (s > 0 || d.getNano() > 0 || sb.length() == 0) {
      sb.append(s);
      if (d.getNano() > 0) {
        String frac = decimal(d.getNano(), 9);
        sb.append(frac, frac.indexOf('.'), frac.length());
      }
      sb.append('s');
    }
    return sb.toString();
  }

  /** Seconds as a decimal without trailing zeros: {@code 2.4}, {@code 0.0}, {@code 120.0}. */
  public static String seconds(Duration d) {
    String s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).stripTrailingZeros()
        .toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  private static String decimal(long value, int scale) {
    return BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
  }
}
