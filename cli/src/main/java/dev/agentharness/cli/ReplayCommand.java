package dev.agentharness.cli;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.json.MetricsDialect;
import dev.agentharness.metrics.json.MetricsFormatException;
import dev.agentharness.metrics.json.MetricsJson;
import dev.agentharness.metrics.json.MetricsLogReader;
import dev.agentharness.usage.UsageProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Replay a LiveKit metrics log: usage per collector semantics, per model, profiles side by side.",
    description = {
        "Read a log of LiveKit metrics_collected payloads (one JSON object per line, Python or JS dialect, told"
            + " apart per line) and report the usage LiveKit's UsageCollector sums from it, per model; with"
            + " --profile, what other collectors would have reported, side by side. There is no ledger, so nothing"
            + " is reconciled.",
        ""},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  the log was read and every expectation holds",
        "  1  an expectation failed",
        "  2  bad input: a bad line (file:line:column, see --skip-bad-lines),",
        "     no such file, an option, an expectation",
        "",
        "Examples:",
        "  agentharness replay metrics.jsonl --profile livekit-js-legacy",
        "  agentharness replay metrics.jsonl --skip-bad-lines \\",
        "      --profile livekit-js-legacy,livekit-python-pre-1.2.6",
        "  agentharness replay metrics.jsonl --expect 'llmOutputAudioTokens>0' --json"})
final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "The metrics log: JSONL, one metrics_collected payload per line.")
  Path file;

  @Option(names = "--profile", paramLabel = "ID", split = ",",
      description = "Also show what another collector would have reported: livekit-js-legacy,"
          + " livekit-python-pre-1.2.6 (repeatable, or a comma list).")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--skip-bad-lines",
      description = "Report and count lines that cannot be read, and go on (default: stop at the first, exit 2).")
  boolean skipBadLines;

  @Option(names = "--expect", paramLabel = "EXPR",
      description = "A gate, repeatable, as in simulate: e.g. 'llmOutputAudioTokens>0',"
          + " 'metrics.count[tts_metrics]>=3'."
          + " Standing time and session duration are not in a log.")
  List<String> expect = new ArrayList<>();

  @Option(names = "--report", paramLabel = "DIR",
      description = "Write DIR/report.json, DIR/report.html (with a timeline of the metrics) and DIR/metrics.jsonl.")
  Path reportDir;

  @Option(names = "--json", description = "Print the report as JSON instead of tables.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Expectation> expectations = new ArrayList<>();
    for (String e : expect) {
      Expectation x = SimulateCommand.parseExpectation(e);
      Expectation.Kind k = x.subject().kind();
      if (k != Expectation.Kind.FIELD && k != Expectation.Kind.METRICS_COUNT) {
        throw new BadInput("--expect \"" + e + "\": " + x.subject().display()
            + " is not in a metrics log (it comes from the room of a simulated session); replay checks usage fields"
            + " and metrics.count");
      }
      expectations.add(x);
    }
    List<UsageProfile> usageProfiles = SimulateCommand.profiles(profiles);
    if (!Files.exists(file)) throw new BadInput(file + ": no such file");
    if (!Files.isRegularFile(file)) throw new BadInput(file + ": not a file");

    MetricsLogReader.Result result;
    try {
      result = (skipBadLines ? MetricsLogReader.skippingBadLines() : MetricsLogReader.strict()).read(file);
    } catch (MetricsFormatException e) {
      throw new BadInput(e.getMessage() + " (--skip-bad-lines reports such lines and goes on)", e);
    } catch (MalformedInputException e) {
      throw new BadInput(file + ": not UTF-8 text", e);
    } catch (NoSuchFileException e) {
      throw new BadInput(file + ": no such file", e);
    } catch (IOException e) {
      throw new BadInput(file + ": cannot be read: " + e, e);
    }
    List<AgentMetrics> metrics = result.metrics();
    Report.Log log = new Report.Log(file.toString(), dialects(file), result.badLines());
    Report report = Report.of(log, metrics, usageProfiles, expectations);
    if (!result.badLines().isEmpty()) {
      err.println("agentharness replay: skipped " + result.badLines().size() + " bad line"
          + (result.badLines().size() == 1 ? "" : "s") + " of " + file + " (listed in the report)");
    }
    Output.write(report, json, reportDir, out, err);
    return report.exitCode();
  }

  /** How many lines are in each dialect (lines that cannot be read count in neither). */
  static Map<MetricsDialect, Integer> dialects(Path file) {
    Map<MetricsDialect, Integer> counts = new EnumMap<>(MetricsDialect.class);
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) continue;
        MetricsDialect d = dialect(line.startsWith("\uFEFF") ? line.substring(1) : line);
        if (d != null) counts.merge(d, 1, Integer::sum);
      }
    } catch (IOException e) {
      return counts;
    }
    return counts;
  }

  /** The dialect a line reads in: Python first (it names every field), then JS; null when neither. */
  static MetricsDialect dialect(String line) {
    for (MetricsDialect d : new MetricsDialect[] {MetricsDialect.PYTHON, MetricsDialect.JS}) {
      try {
        MetricsJson.read(line, d);
        return d;
      } catch (MetricsFormatException e) {
        // not this one
      }
    }
    return null;
  }
}
