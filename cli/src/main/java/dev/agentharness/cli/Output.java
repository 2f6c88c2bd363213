package dev.agentharness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prints a report (tables or JSON) and writes its files: shared by {@code simulate} and {@code replay}. */
final class Output {

  private Output() {}

  /**
   * Tables (or JSON with {@code json}) on {@code out}; with {@code dir}, {@code report.json}, {@code report.html}
   * and {@code metrics.jsonl} there, named on {@code err}. With JSON on stdout, the verdict of a failed run goes
   * to {@code err}, so that a person sees why the exit code is not 0.
   */
  static void write(Report report, boolean json, Path dir, PrintWriter out, PrintWriter err) {
    String jsonText = json || dir != null ? ReportJson.write(report) : null;
    if (json) {
      out.println(jsonText);
    } else {
      out.print(TextReport.render(report, Style.auto()));
    }
    out.flush();
    if (dir != null) {
      try {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), jsonText + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), ReportHtml.write(report), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("metrics.jsonl"), ReportJson.metricsLog(report.metrics(), report.metricTimes()),
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new BadInput("--report " + dir + ": cannot write the report: " + e, e);
      }
      err.println("agentharness: report written to " + dir.resolve("report.html")
          + " (and report.json, metrics.jsonl)");
    }
    if (json && report.exitCode() != Report.OK) err.println("agentharness: " + TextReport.verdictLine(report));
    err.flush();
  }
}
