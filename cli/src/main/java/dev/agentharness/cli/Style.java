package dev.agentharness.cli;

import java.util.Map;

/**
 * Terminal colors, used sparingly: bold titles, green OK, red failures, dim headers and zeros. On only when
 * stdout is a terminal ({@link System#console()}), {@code NO_COLOR} is unset or empty and {@code TERM} is not
 * {@code dumb}; {@link #PLAIN} otherwise.
 */
final class Style {

  static final Style PLAIN = new Style(false);
  static final Style ANSI = new Style(true);

  private final boolean color;

  private Style(boolean color) {
    this.color = color;
  }

  /** Colors when the environment allows them (see the class comment). */
  static Style auto() {
    return forTerminal(System.console() != null, System.getenv());
  }

  static Style forTerminal(boolean terminal, Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    boolean allowed = terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    return allowed ? ANSI : PLAIN;
  }

  boolean colored() {
    return color;
  }

  String bold(String s) {
    return wrap("1", s);
  }

  String dim(String s) {
    return wrap("2", s);
  }

  String red(String s) {
    return wrap("31", s);
  }

  String green(String s) {
    return wrap("32", s);
  }

  String yellow(String s) {
    return wrap("33", s);
  }

  private String wrap(String code, String s) {
    return color && !s.isEmpty() ? "\u001B[" + code + "m" + s + "\u001B[0m" : s;
  }

  /** The length of {@code s} without its ANSI escape sequences. */
  static int visibleLength(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u001B' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
        i += 2;
        while (i < s.length() && !Character.isLetter(s.charAt(i))) i++;
        continue;
      }
      n++;
    }
    return n;
  }
}
