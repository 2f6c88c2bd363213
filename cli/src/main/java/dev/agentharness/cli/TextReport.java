package dev.agentharness.cli;

import dev.agentharness.clock.Durations;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.json.MetricsDialect;
import dev.agentharness.metrics.json.MetricsLogReader;
import dev.agentharness.room.StandingTime;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.ModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageProfile;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The report as terminal tables: calm, aligned, colored only through {@link Style}. */
final class TextReport {

  private static final String INDENT = "  ";

  private final Report report;
  private final Style style;
  private final StringBuilder sb = new StringBuilder();

  private TextReport(Report report, Style style) {
    this.report = report;
    this.style = style;
  }

  static String render(Report report, Style style) {
    return new TextReport(report, style).render();
  }

  private String render() {
    if (report.session() != null) sessionHeader(report.session());
    if (report.log() != null) logHeader(report.log());
    usage();
    perModel();
    if (report.session() != null) {
      standingTime(report.session());
      reconciliation(report.session());
    } else {
      title("Reconciliation");
      sb.append(INDENT).append("none: a metrics log has no ledger to compare with (simulate a scenario for that).\n\n");
    }
    expectations();
    verdict();
    return sb.toString();
  }

  // ---------------------------------------------------------------- headers

  private void sessionHeader(Report.Session s) {
    Scenario sc = s.scenario();
    Tables t = new Tables("", "");
    t.row(style.bold("Scenario"), style.bold(sc.name()) + "  (" + s.scenarioSource() + ")");
    if (!sc.description().isEmpty()) t.row("", sc.description());
    t.row("Agent", Report.describe(sc.agent()));
    if (!s.bundledOptions().isEmpty()) t.row("Options", String.join(" ", s.bundledOptions())
        + "  (from the bundled scenario)");
    if (s.duplicateMetrics()) {
      t.row("Metrics", "every one collected twice (--duplicate-metrics), as LiveKit before 1.2.6 inside an AgentTask"
          + " (#3166), or a listener registered twice");
    }
    if (!s.sttRemainderOnClose()) {
      t.row("STT", "no remainder reported at close (--no-stt-remainder), as LiveKit's Deepgram plugin before 1.5.7"
          + " (#5498)");
    }
    String session = Durations.format(s.sessionTime()) + " of session time, closed: "
        + (s.closeReason() == null ? "no" : s.closeReason()) + "; " + count(report.metrics().size(), "metric")
        + ", " + count(s.ledger().size(), "billed item");
    t.row("Session", session);
    if (s.closeError() != null) t.row("", style.yellow("closed by an error: " + s.closeError()));
    sb.append(headerless(t)).append('\n');
  }

  private void logHeader(Report.Log log) {
    Tables t = new Tables("", "");
    List<String> parts = new ArrayList<>();
    int py = log.dialects().getOrDefault(MetricsDialect.PYTHON, 0);
    int js = log.dialects().getOrDefault(MetricsDialect.JS, 0);
    if (py > 0) parts.add(count(py, "Python line"));
    if (js > 0) parts.add(count(js, "JS line"));
    t.row(style.bold("Metrics log"), style.bold(log.path()));
    t.row("", count(report.metrics().size(), "metric") + (parts.isEmpty() ? "" : " (" + String.join(", ", parts)
        + ")"));
    if (!report.metricTimes().isEmpty()) {
      Instant first = report.metricTimes().stream().min(Instant::compareTo).orElseThrow();
      Instant last = report.metricTimes().stream().max(Instant::compareTo).orElseThrow();
      t.row("Time", first + " to " + last + " (" + Durations.format(Duration.between(first, last)) + ")");
    }
    if (!log.badLines().isEmpty()) {
      t.row("Skipped", style.yellow(count(log.badLines().size(), "bad line")) + ":");
      for (MetricsLogReader.BadLine b : log.badLines()) t.row("", "line " + b);
    }
    sb.append(headerless(t)).append('\n');
  }

  private static String headerless(Tables t) {
    String s = t.render("");
    return s.substring(s.indexOf('\n') + 1);
  }

  // ---------------------------------------------------------------- usage

  private void usage() {
    boolean billed = report.session() != null;
    List<Report.ProfileUsage> profiles = report.profiles();
    if (billed) {
      title("Usage: collected (LiveKit UsageCollector) against billed (the fakes' ledger)");
    } else {
      title("Usage (LiveKit UsageCollector semantics)");
    }
    List<String> header = new ArrayList<>();
    header.add("field");
    header.add(profiles.isEmpty() ? "collected" : UsageProfile.LIVEKIT_PYTHON.id());
    for (Report.ProfileUsage p : profiles) header.add(p.profile().id());
    if (billed) header.add("billed");
    header.add("");
    Tables t = new Tables(style, header.toArray(String[]::new));
    int[] right = new int[header.size() - 2];
    for (int i = 0; i < right.length; i++) right[i] = i + 1;
    t.alignRight(right);
    UsageSummary ref = report.usage();
    UsageSummary bill = billed ? report.session().billed() : null;
    for (UsageField f : UsageField.values()) {
      long c = ref.get(f);
      long b = billed ? bill.get(f) : c;
      boolean allZero = c == 0 && b == 0 && profiles.stream().allMatch(p -> p.usage().get(f) == 0);
      List<String> row = new ArrayList<>();
      List<String> notes = report.notes(f);
      row.add(allZero ? style.dim(f.liveKitName()) : f.liveKitName());
      row.add(cell(f, c, c != b, allZero));
      for (Report.ProfileUsage p : profiles) {
        long v = p.usage().get(f);
        row.add(cell(f, v, v != (billed ? b : c), allZero));
      }
      if (billed) row.add(cell(f, b, false, allZero));
      row.add(notes.isEmpty() ? "" : style.red(String.join("; ", notes)));
      t.row(row.toArray());
    }
    sb.append(t.render(INDENT)).append('\n');
  }

  private String cell(UsageField f, long v, boolean bad, boolean dim) {
    String s = f.format(v);
    if (bad) return style.red(s);
    return dim ? style.dim(s) : s;
  }

  private void perModel() {
    title("Per model (LiveKit's session_usage_updated)");
    List<LlmModelUsage> llm = report.modelUsage().ofType(LlmModelUsage.class);
    List<TtsModelUsage> tts = report.modelUsage().ofType(TtsModelUsage.class);
    List<SttModelUsage> stt = report.modelUsage().ofType(SttModelUsage.class);
    if (llm.isEmpty() && tts.isEmpty() && stt.isEmpty()) {
      sb.append(INDENT).append("no model usage\n\n");
      return;
    }
    if (!llm.isEmpty()) {
      Tables t = new Tables(style, "LLM", "model", "input", "cached", "in audio", "in text", "output", "out audio",
          "out text").alignRight(2, 3, 4, 5, 6, 7, 8);
      for (LlmModelUsage u : llm) {
        t.row(u.provider(), u.model(), u.inputTokens(), u.inputCachedTokens(), u.inputAudioTokens(),
            u.inputTextTokens(),
            u.outputTokens(), u.outputAudioTokens(), u.outputTextTokens());
      }
      if (llm.size() > 1) {
        t.row("total", "", sum(llm, LlmModelUsage::inputTokens), sum(llm, LlmModelUsage::inputCachedTokens),
            sum(llm, LlmModelUsage::inputAudioTokens), sum(llm, LlmModelUsage::inputTextTokens),
            sum(llm, LlmModelUsage::outputTokens), sum(llm, LlmModelUsage::outputAudioTokens),
            sum(llm, LlmModelUsage::outputTextTokens));
      }
      sb.append(t.render(INDENT)).append('\n');
    }
    if (!tts.isEmpty()) {
      Tables t = new Tables(style, "TTS", "model", "characters", "audio", "in tokens", "out tokens")
          .alignRight(2, 3, 4, 5);
      for (TtsModelUsage u : tts) {
        t.row(u.provider(), u.model(), u.charactersCount(), Durations.format(u.audioDuration()), u.inputTokens(),
            u.outputTokens());
      }
      if (tts.size() > 1) {
        t.row("total", "", sum(tts, TtsModelUsage::charactersCount),
            Durations.format(tts.stream().map(TtsModelUsage::audioDuration).reduce(Duration.ZERO, Duration::plus)),
            sum(tts, TtsModelUsage::inputTokens), sum(tts, TtsModelUsage::outputTokens));
      }
      sb.append(t.render(INDENT)).append('\n');
    }
    if (!stt.isEmpty()) {
      Tables t = new Tables(style, "STT", "model", "audio", "in tokens", "out tokens").alignRight(2, 3, 4);
      for (SttModelUsage u : stt) {
        t.row(u.provider(), u.model(), Durations.format(u.audioDuration()), u.inputTokens(), u.outputTokens());
      }
      if (stt.size() > 1) {
        t.row("total", "",
            Durations.format(stt.stream().map(SttModelUsage::audioDuration).reduce(Duration.ZERO, Duration::plus)),
            sum(stt, SttModelUsage::inputTokens), sum(stt, SttModelUsage::outputTokens));
      }
      sb.append(t.render(INDENT)).append('\n');
    }
    if (tts.isEmpty() || stt.isEmpty()) {
      String none = tts.isEmpty() && stt.isEmpty() ? "TTS, STT" : tts.isEmpty() ? "TTS" : "STT";
      sb.append(INDENT).append(style.dim(none + ": none")).append("\n\n");
    }
  }

  private static <T extends ModelUsage> long sum(List<T> list, java.util.function.ToLongFunction<T> f) {
    return list.stream().mapToLong(f).sum();
  }

  // ---------------------------------------------------------------- room

  private void standingTime(Report.Session s) {
    title("Standing time (agents in the room)");
    StandingTime st = s.standingTime();
    Instant start = s.startedAt();
    if (st.agents().isEmpty()) {
      sb.append(INDENT).append("no agent joined the room\n");
    } else {
      Tables t = new Tables(style, "agent", "standing", "presences", "").alignRight(1, 2);
      st.agents().forEach((identity, a) -> {
        StandingTime.Presence last = a.presences().get(a.presences().size() - 1);
        String state = a.stillPresent()
            ? style.red("STILL PRESENT") + " (measured to " + at(start, last.until()) + ")"
            : "left at " + at(start, last.until());
        t.row(identity, Durations.format(a.total()), a.presences().size(), state);
      });
      if (st.agents().size() > 1) t.row("total", Durations.format(st.total()), "", "");
      sb.append(t.render(INDENT));
    }
    sb.append(INDENT).append("session (close - started_at): ")
        .append(st.sessionDuration().map(Durations::format).orElse("not closed")).append("\n\n");
  }

  private static String at(Instant start, Instant t) {
    return Durations.format(Duration.between(start, t));
  }

  // ---------------------------------------------------------------- reconciliation

  private void reconciliation(Report.Session s) {
    reconciliationBlock(report.profiles().isEmpty() ? "Reconciliation against the ledger"
        : "Reconciliation against the ledger: " + UsageProfile.LIVEKIT_PYTHON.id(), s.reconciliation(), s);
    for (Report.ProfileUsage p : report.profiles()) {
      reconciliationBlock("Reconciliation against the ledger: " + p.profile().id(), p.reconciliation(), s);
    }
  }

  private void reconciliationBlock(String title, Reconciliation r, Report.Session s) {
    title(title);
    if (r.matches()) {
      sb.append(INDENT).append(style.green("OK")).append(": all ").append(UsageField.values().length)
          .append(" fields match what the fakes billed (").append(count(s.ledger().size(), "billed item"))
              .append(").\n\n");
      return;
    }
    int n = r.differences().size();
    sb.append(INDENT).append(style.red("DIFFERS")).append(": ").append(n).append(n == 1 ? " field differs"
        : " fields differ")
        .append(" from what the fakes billed:\n\n");
    sb.append(r.table().replace("\n  ", "\n    ").replaceFirst("^  ", "    "));
    List<String> causes = r.causes();
    if (!causes.isEmpty()) sb.append('\n');
    for (String c : causes) sb.append(INDENT).append(style.bold("Likely cause")).append(": ").append(c).append('\n');
    sb.append('\n');
  }

  // ---------------------------------------------------------------- expectations and verdict

  private void expectations() {
    if (report.expectations().isEmpty()) return;
    title("Expectations");
    Tables t = new Tables(style, "", "expectation", "actual", "").alignRight(2);
    for (Expectation.Result r : report.expectations()) {
      Expectation e = r.expectation();
      String status = r.error() != null ? style.red("ERROR") : r.passed() ? style.green("ok") : style.red("FAILED");
      String note = r.error() != null ? r.error() : r.passed() ? "" : "expected " + e.op().symbol + " "
          + e.expectedText();
      t.row(status, e.toString(), r.actualText(), note);
    }
    sb.append(t.render(INDENT)).append('\n');
  }

  private void verdict() {
    List<String> failures = report.failures();
    if (failures.isEmpty()) {
      sb.append(style.bold("Result: ")).append(style.green("OK")).append('\n');
    } else {
      sb.append(style.bold("Result: ")).append(style.red(report.exitCode() == Report.BAD_INPUT ? "ERROR" : "FAILED"))
          .append(": ").append(String.join("; ", failures)).append('\n');
    }
  }

  /** The one-line verdict, for stderr when stdout carries JSON. */
  static String verdictLine(Report report) {
    List<String> failures = report.failures();
    return failures.isEmpty() ? "OK" : (report.exitCode() == Report.BAD_INPUT ? "ERROR: " : "FAILED: ")
        + String.join("; ", failures);
  }

  private void title(String text) {
    sb.append(style.bold(text)).append('\n');
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
