package dev.agentharness.cli;

import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.ScenarioException;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.ModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Run a scenario through the fake providers and the reference clients, and print its usage report.")
final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
      description = "A scenario file, or the name of a bundled scenario (see --list).")
  String scenario;

  @Option(names = "--list", description = "List the bundled scenarios.")
  boolean list;

  @Option(names = "--otlp", paramLabel = "ENDPOINT",
      description = "Also export the usage as OpenTelemetry metrics (OTLP/HTTP JSON), e.g. http://127.0.0.1:4318.")
  java.net.URI otlp;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (list) {
      for (String name : BundledScenarios.names()) out.println(name);
      return 0;
    }
    if (scenario == null) {
      err.println("agentharness simulate: give a scenario file or a bundled scenario name (agentharness simulate --list)");
      return 2;
    }
    Scenario s;
    try {
      s = BundledScenarios.load(scenario);
    } catch (ScenarioException | IllegalArgumentException e) {
      err.println("agentharness simulate: " + e.getMessage());
      return 2;
    }
    try (SimulatedSession session = SimulatedSession.of(s)) {
      session.run();
      Reconciliation r = session.reconcile();
      out.print(report(s, session, r));
      out.flush();
      if (otlp != null) {
        try {
          OtlpExporter.export(otlp, session);
        } catch (OtlpExporter.OtlpExportException | IllegalArgumentException e) {
          err.println("agentharness simulate: " + e.getMessage());
          return 2;
        }
      }
      return r.matches() ? 0 : 1;
    }
  }

  static String report(Scenario s, SimulatedSession session, Reconciliation r) {
    StringBuilder sb = new StringBuilder();
    sb.append("Scenario ").append(s.name());
    if (!s.description().isEmpty()) sb.append(": ").append(s.description());
    sb.append('\n').append("Session time ").append(UsageSummary.formatDuration(session.clock().elapsed()))
        .append(", closed: ").append(session.closeEvent() == null ? "no" : session.closeEvent().reason().id()).append("\n\n");
    sb.append("Usage (LiveKit UsageCollector semantics) against what the fakes billed:\n");
    UsageSummary collected = r.collected();
    UsageSummary billed = r.billed();
    Tables t = new Tables("field", "collected", "billed", "").alignRight(1, 2);
    for (UsageField f : UsageField.values()) {
      long c = collected.get(f);
      long b = billed.get(f);
      t.row(f.liveKitName(), f.format(c), f.format(b), c == b ? "" : "differs");
    }
    sb.append(t.render("  ")).append('\n');
    sb.append("Per model (session_usage_updated):\n");
    Tables m = new Tables("type", "provider", "model", "input", "output", "characters", "audio").alignRight(3, 4, 5, 6);
    for (ModelUsage u : session.modelUsage().modelUsage()) {
      if (u instanceof LlmModelUsage l) {
        m.row(u.type(), u.provider(), u.model(), l.inputTokens(), l.outputTokens(), "-", "-");
      } else if (u instanceof TtsModelUsage tts) {
        m.row(u.type(), u.provider(), u.model(), tts.inputTokens(), tts.outputTokens(), tts.charactersCount(),
            UsageSummary.formatDuration(tts.audioDuration()));
      } else if (u instanceof SttModelUsage stt) {
        m.row(u.type(), u.provider(), u.model(), stt.inputTokens(), stt.outputTokens(), "-",
            UsageSummary.formatDuration(stt.audioDuration()));
      } else {
        m.row(u.type(), u.provider(), u.model(), "-", "-", "-", "-");
      }
    }
    sb.append(m.render("  ")).append('\n');
    sb.append("Standing time (agents in the room):\n");
    dev.agentharness.room.StandingTime st = session.standingTime();
    Tables a = new Tables("agent", "standing time", "presences", "").alignRight(1, 2);
    st.agents().forEach((identity, standing) -> a.row(identity, UsageSummary.formatDuration(standing.total()),
        standing.presences().size(), standing.stillPresent() ? "STILL PRESENT" : "left"));
    sb.append(a.render("  "));
    st.sessionDuration().ifPresent(d -> sb.append("  session (close - started_at): ").append(UsageSummary.formatDuration(d)).append('\n'));
    sb.append('\n');
    sb.append(r.matches() ? "Reconciliation: OK, the collector matches the ledger.\n" : r.report());
    return sb.toString();
  }
}
