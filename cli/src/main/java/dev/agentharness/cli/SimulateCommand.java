package dev.agentharness.cli;

import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.ScenarioException;
import dev.agentharness.scenario.ScenarioParser;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Simulate a scenario: usage collected against billed, per model, standing time, reconciliation.",
    description = {
        "Play a scenario through the fake providers and the reference clients (on a virtual clock), and report the"
            + " usage LiveKit's collectors count against what the fakes billed, per model, the agents' standing time"
            + " in the room, and the reconciliation.",
        ""},
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  every expectation holds and the collected usage matches the ledger",
        "  1  an expectation failed, or the usage differs from the ledger",
        "  2  bad input: the scenario (file:line:column), an option, an expectation",
        "",
        "Examples:",
        "  agentharness simulate --list",
        "  agentharness simulate greeting-openai-realtime \\",
        "      --expect 'llmOutputAudioTokens>0' --expect 'standingTime<=30s'",
        "  agentharness simulate my-scenario.json --report build/agentharness",
        "  agentharness simulate agents-js-legacy-summary --json | jq .result"})
final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
      description = "A scenario file (JSON, see docs/scenarios.md), or the name of a bundled scenario (see --list).")
  String scenario;

  @Option(names = "--list", description = "List the bundled scenarios with what each reproduces, and exit.")
  boolean list;

  @Option(names = "--expect", paramLabel = "EXPR",
      description = {"A gate, repeatable: SUBJECT OP VALUE, e.g. 'llmOutputAudioTokens>0', 'standingTime<=30s',"
          + " 'ttsCharactersCount==42'. OP: == != > >= < <=. SUBJECT: a usage field (Java or LiveKit name),"
          + " standingTime, standingTime[identity], sessionDuration, agentsStillPresent, metrics.count,"
          + " metrics.count[type]. Quote it: < and > are shell redirections."})
  List<String> expect = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "ID", split = ",",
      description = "Also show what another collector would have reported, and reconcile it: livekit-js-legacy,"
          + " livekit-python-pre-1.2.6 (repeatable, or a comma list).")
  List<String> profiles = new ArrayList<>();

  @Option(names = "--stt-remainder", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "The pipeline's Deepgram STT reports the connection's unreported time at close, as LiveKit 1.5.7+"
          + " does (default). --no-stt-remainder measures as before 1.5.7 (livekit/agents #5498).")
  boolean sttRemainder = true;

  @Option(names = "--duplicate-metrics",
      description = "Collect every metric twice, as LiveKit before 1.2.6 did inside an AgentTask (#3166), or a"
          + " listener registered twice: the usage, per-model usage, reconciliation and report count each twice.")
  boolean duplicateMetrics;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Write DIR/report.json, DIR/report.html (self-contained, with an SVG timeline) and"
          + " DIR/metrics.jsonl (the metric stream, replayable).")
  Path reportDir;

  @Option(names = "--json", description = "Print the report as JSON (what report.json holds) instead of tables.")
  boolean json;

  @Option(names = "--otlp", paramLabel = "ENDPOINT",
      description = "Also export the usage as OpenTelemetry metrics (OTLP/HTTP JSON), e.g. http://127.0.0.1:4318.")
  java.net.URI otlp;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (list) {
      out.print(listing());
      out.flush();
      return Report.OK;
    }
    if (scenario == null) {
      throw new BadInput("give a scenario file or the name of a bundled scenario (agentharness simulate --list)");
    }
    // everything that can be checked before the run is checked first
    BundledScenarios.Entry bundled = BundledScenarios.isFile(scenario) ? null : BundledScenarios.find(scenario);
    List<String> expressions = new ArrayList<>(bundled == null ? List.of() : bundled.expectations());
    expressions.addAll(expect);
    List<Expectation> expectations = new ArrayList<>();
    for (String e : expressions) expectations.add(parseExpectation(e));
    Set<String> profileIds = new LinkedHashSet<>(bundled == null ? List.of() : bundled.profiles());
    profileIds.addAll(profiles);
    List<UsageProfile> usageProfiles = profiles(profileIds);
    // an explicit --[no-]stt-remainder wins over what a bundled scenario brings
    boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--stt-remainder");
    boolean remainder = explicit || bundled == null ? sttRemainder : bundled.sttRemainder();
    boolean duplicate = duplicateMetrics || bundled != null && bundled.duplicateMetrics();
    Scenario s;
    String source;
    if (bundled != null) {
      s = bundled.scenario();
      source = "bundled scenario " + bundled.name();
    } else if (BundledScenarios.isFile(scenario)) {
      s = ScenarioParser.read(Path.of(scenario));
      source = scenario;
    } else {
      throw new BadInput(BundledScenarios.notFound(scenario));
    }

    SimulatedSession.Builder b = SimulatedSession.builder(s).sttRemainderOnClose(remainder);
    Progress progress = json ? null : Progress.onConsole(s.turns().size(), s.origin());
    if (progress != null) b.listener(progress);
    try (SimulatedSession session = b.build(); Progress p = progress == null ? null : progress.start()) {
      session.run();
      if (p != null) p.close();
      Report report = Report.of(session, source, bundled == null ? List.of() : bundled.options(), remainder,
          duplicate, usageProfiles, expectations);
      Output.write(report, json, reportDir, out, err);
      if (otlp != null) {
        try {
          OtlpExporter.export(otlp, session, report.modelUsage());
        } catch (OtlpExporter.OtlpExportException | IllegalArgumentException e) {
          err.println("agentharness simulate: " + e.getMessage());
          return Report.BAD_INPUT;
        }
      }
      return report.exitCode();
    }
  }

  static Expectation parseExpectation(String text) {
    try {
      return Expectation.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadInput(e.getMessage());
    }
  }

  /** Profiles by id, in order, without the reference one (it is always shown). */
  static List<UsageProfile> profiles(Iterable<String> ids) {
    List<UsageProfile> out = new ArrayList<>();
    List<String> known = java.util.Arrays.stream(UsageProfile.values()).map(UsageProfile::id).toList();
    for (String id : ids) {
      UsageProfile p = UsageProfile.byId(id.strip());
      if (p == null) {
        String hint = Suggest.didYouMean(id, known);
        throw new BadInput("--profile " + id + ": no such collector profile" + (hint.isEmpty() ? "." : hint)
            + " Profiles: " + String.join(", ", known));
      }
      if (p != UsageProfile.LIVEKIT_PYTHON && !out.contains(p)) out.add(p);
    }
    return out;
  }

  static String listing() {
    StringBuilder sb = new StringBuilder("Bundled scenarios (agentharness simulate NAME):\n\n");
    List<BundledScenarios.Entry> entries = BundledScenarios.entries();
    int w = entries.stream().mapToInt(e -> e.name().length()).max().orElse(0);
    for (BundledScenarios.Entry e : entries) {
      Scenario s;
      try {
        s = e.scenario();
      } catch (ScenarioException ex) {
        sb.append("  ").append(e.name()).append("  (cannot be read: ").append(ex.getMessage()).append(")\n");
        continue;
      }
      sb.append("  ").append(e.name()).append(" ".repeat(w - e.name().length())).append("  ").append(s.description())
          .append('\n');
      if (!e.options().isEmpty()) {
        sb.append("  ").append(" ".repeat(w)).append("  runs with: ").append(String.join(" ", e.options()))
            .append('\n');
      }
    }
    return sb.toString();
  }
}
