package dev.agentharness.metrics.json;

import dev.agentharness.metrics.AgentMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a JSONL metric log: one {@code metrics_collected} event (or bare metric) per line, each line in
 * either {@link MetricsDialect}, told from its keys, so a log may mix them. Blank lines are skipped.
 *
 * <pre>{@code
 * List<AgentMetrics> metrics = MetricsLogReader.strict().read(Path.of("metrics.jsonl")).metrics();
 *
 * var result = MetricsLogReader.skippingBadLines().read(path);   // keeps going past bad lines
 * result.badLines().forEach(b -> System.err.println(path + ":" + b));
 *
 * MetricsLogReader.strict().forEach(path, collector::collect);   // streams: nothing is held
 * }</pre>
 *
 * <p>A {@linkplain #strict() strict} reader stops at the first bad line with a
 * {@link MetricsFormatException} whose message is {@code file:line:column: field: reason}; one that is
 * {@linkplain #skippingBadLines() skipping bad lines} reports each as a {@link BadLine} instead.
 */
public final class MetricsLogReader {

  private static final int MAX_TEXT = 200;

  private final boolean skipBadLines;

  private MetricsLogReader(boolean skipBadLines) {
    this.skipBadLines = skipBadLines;
  }

  /** A reader that fails on the first line it cannot read. */
  public static MetricsLogReader strict() {
    return new MetricsLogReader(false);
  }

  /** A reader that collects each line it cannot read as a {@link BadLine} and goes on. */
  public static MetricsLogReader skippingBadLines() {
    return new MetricsLogReader(true);
  }

  /**
   * A line that could not be read.
   *
   * @param lineNumber 1-based line in the log
   * @param column 1-based column of the offending value, or 0 when unknown
   * @param field the field path inside the metric, or an empty string
   * @param text the line, cut to 200 characters
   */
  public record BadLine(int lineNumber, int column, String field, String reason, String text) {

    /** {@code 3:57: ttft: expected a number of seconds, found "fast"}. */
    @Override
    public String toString() {
      return lineNumber + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + reason;
    }
  }

  /**
   * What a log held.
   *
   * @param metrics the metrics in log order
   * @param badLines the lines that were skipped; always empty for a strict reader
   */
  public record Result(String source, List<AgentMetrics> metrics, List<BadLine> badLines) {
    public Result {
      metrics = List.copyOf(metrics);
      badLines = List.copyOf(badLines);
    }
  }

  /** Reads a UTF-8 log file. */
  public Result read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  /** Reads a log; {@code sourceName} names it in errors. Does not close {@code in}. */
  public Result read(Reader in, String sourceName) throws IOException {
    List<AgentMetrics> metrics = new ArrayList<>();
    List<BadLine> bad = forEach(in, sourceName, metrics::add);
    return new Result(sourceName, metrics, bad);
  }

  /** Passes each metric of a UTF-8 log file to {@code action} as it is read; returns the skipped lines. */
  public List<BadLine> forEach(Path file, Consumer<? super AgentMetrics> action) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return forEach(in, file.toString(), action);
    }
  }

  /**
   * Passes each metric to {@code action} as it is read, so a log of any length needs no memory; returns
   * the skipped lines. Does not close {@code in}.
   */
  public List<BadLine> forEach(Reader in, String sourceName, Consumer<? super AgentMetrics> action) throws IOException {
    Objects.requireNonNull(action, "action");
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<BadLine> bad = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      if (number == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
      if (line.isBlank()) continue;
      AgentMetrics m;
      try {
        m = MetricsJson.read(line);
      } catch (MetricsFormatException e) {
        if (!skipBadLines) throw e.relocate(sourceName, number - 1);
        String text = line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT - 3) + "..." : line;
        bad.add(new BadLine(number, e.column(), e.field(), e.reason(), text));
        continue;
      }
      action.accept(m);
    }
    return bad;
  }
}
