package dev.agentharness.scenario;

/**
 * A scenario that cannot be read. The message says where ({@code file:line:column}), which key
 * ({@code turns[2].reply.audio}), what was found and what was expected:
 *
 * <pre>
 * scenarios/balance.json:12:18: turns[2].reply.audio: "2,4s" is not a duration (unexpected ','); expected e.g. "2.4s", ...
 * </pre>
 */
public class ScenarioException extends RuntimeException {

  private final String source;
  private final int line;
  private final int column;
  private final String path;
  private final String problem;

  public ScenarioException(String source, int line, int column, String path, String problem) {
    super(format(source, line, column, path, problem));
    this.source = source;
    this.line = line;
    this.column = column;
    this.path = path;
    this.problem = problem;
  }

  private static String format(String source, int line, int column, String path, String problem) {
    StringBuilder sb = new StringBuilder(source == null ? "scenario" : source);
    if (line > 0) sb.append(':').append(line).append(':').append(column);
    sb.append(": ");
    if (path != null && !path.isEmpty()) sb.append(path).append(": ");
    return sb.append(problem).toString();
  }

  /** The file or resource the scenario came from. */
  public String source() {
    return source;
  }

  /** 1-based line of the offending value, or 0 if unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the offending value, or 0 if unknown. */
  public int column() {
    return column;
  }

  /** The key path of the offending value, e.g. {@code turns[2].reply.audio}. */
  public String path() {
    return path;
  }

  /** What is wrong and what was expected, without the location. */
  public String problem() {
    return problem;
  }
}
