package dev.agentharness.metrics.json;

/**
 * A metric, event or log line that could not be read: where ({@code file:line:column}), which field
 * (a dotted path inside the metric object, e.g. {@code input_token_details.cached_tokens_details.audio_tokens};
 * empty when the problem is not one field) and what was expected.
 *
 * <p>The message reads {@code metrics.jsonl:3:57: ttft: expected a number of seconds, found "fast"}.
 */
public final class MetricsFormatException extends RuntimeException {

  private final String source;
  private final int line;
  private final int column;
  private final String field;
  private final String reason;

  MetricsFormatException(String source, int line, int column, String field, String reason) {
    super(format(source, line, column, field, reason));
    this.source = source;
    this.line = line;
    this.column = column;
    this.field = field == null ? "" : field;
    this.reason = reason;
  }

  /** The file or other source name, or {@code null} when the JSON came from a string. */
  public String source() {
    return source;
  }

  /** 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** The field path inside the metric object, or an empty string. */
  public String field() {
    return field;
  }

  /** What was wrong and what was expected, without position or field. */
  public String reason() {
    return reason;
  }

  /** The same error, located in {@code source} with its line shifted by {@code lineOffset}. */
  MetricsFormatException relocate(String source, int lineOffset) {
    return new MetricsFormatException(source, (line > 0 ? line : 1) + lineOffset, column, field, reason);
  }

  private static String format(String source, int line, int column, String field, String reason) {
    StringBuilder sb = new StringBuilder();
    if (source != null) sb.append(source).append(':');
    if (line > 0) sb.append(line).append(':').append(column).append(':');
    if (sb.length() > 0) sb.append(' ');
    if (field != null && !field.isEmpty()) sb.append(field).append(": ");
    return sb.append(reason).toString();
  }
}
