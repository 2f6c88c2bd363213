package dev.agentharness.cli;

import dev.agentharness.clock.Durations;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.room.StandingTime;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageProfile;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no external assets) with an SVG
 * timeline and the tables of the text report.
 */
final class ReportHtml {

  static final int WIDTH = 1100;
  private static final int LABEL_WIDTH = 190;
  private static final int RIGHT_MARGIN = 20;
  private static final int LANE_HEIGHT = 30;
  private static final int BAR_HEIGHT = 18;
  private static final int AXIS_HEIGHT = 28;
  private static final double CHAR_WIDTH = 6.4; // 11px sans-serif, on average

  private static final String CSS = """
      :root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa;
              --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
      * { box-sizing: border-box; }
      body { margin: 0 auto; max-width: 1160px; padding: 24px 28px 48px; color: var(--fg); background: var(--bg);
             font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
      h1 { font-size: 22px; margin: 0 0 4px; }
      h2 { font-size: 16px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
      p { margin: 4px 0; }
      .muted { color: var(--muted); }
      .verdict { display: inline-block; margin-top: 10px; padding: 4px 10px; border-radius: 6px; font-weight: 600; }
      .verdict.ok { background: #dafbe1; color: var(--ok); }
      .verdict.failed { background: #ffebe9; color: var(--bad); }
      table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
      th, td { padding: 3px 12px 3px 0; text-align: left; vertical-align: top; }
      th { color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--line); }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      tr.zero td { color: #8c959f; }
      .bad { color: var(--bad); font-weight: 600; }
      .good { color: var(--ok); font-weight: 600; }
      .warn { color: var(--warn); }
      code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
      pre { background: var(--soft); padding: 10px 12px; border-radius: 6px; overflow-x: auto; font-size: 12.5px; }
      svg.timeline { width: 100%; height: auto; background: var(--bg); }
      svg.timeline text { font: 11px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; fill: var(--fg); }
      svg.timeline .lane-label { font-weight: 600; }
      svg.timeline .axis { fill: var(--muted); }
      svg.timeline .grid { stroke: #eaeef2; stroke-width: 1; }
      svg.timeline .bar-label { fill: #ffffff; font-size: 10px; }
      svg.timeline .bar-label.on-STILL_PRESENT { fill: #5c0000; font-weight: 700; stroke: #ffffff;
             stroke-width: 3px; paint-order: stroke; }
      .legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 12px; margin: 6px 0 0; padding: 0;
                list-style: none; }
      .legend span.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px;
             vertical-align: -2px; }
      .k-USER { fill: #4e79a7; background: #4e79a7; }
      .k-AGENT { fill: #59a14f; background: #59a14f; }
      .k-OK { fill: #5f9ea0; background: #5f9ea0; }
      .k-DIFFERS { fill: #e8871e; background: #e8871e; }
      .k-MISSING { fill: #d62728; background: #d62728; }
      .k-UNMATCHED { fill: #8c8c8c; background: #8c8c8c; }
      .k-COLLECTED { fill: #5f9ea0; background: #5f9ea0; }
      .k-PRESENT { fill: #a0cbe8; background: #a0cbe8; }
      .k-AGENT_PRESENT { fill: #7b66d2; background: #7b66d2; }
      .k-STILL_PRESENT { fill: url(#still); background: repeating-linear-gradient(45deg, #d62728 0 3px,
          #f4b6b6 3px 6px); }
      footer { margin-top: 36px; font-size: 12px; color: var(--muted); }
      """;

  private final Report report;
  private final StringBuilder sb = new StringBuilder(32_768);

  private ReportHtml(Report report) {
    this.report = report;
  }

  static String write(Report report) {
    return new ReportHtml(report).render();
  }

  private String render() {
    String title = report.session() != null ? report.session().scenario().name() : report.log().path();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>agentharness report: ").append(esc(title)).append("</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n");
    header(title);
    timeline();
    usage();
    perModel();
    if (report.session() != null) {
      standingTime(report.session());
      reconciliation(report.session());
    }
    expectations();
    if (report.session() != null) ledger(report.session().ledger(), report.session().startedAt());
    if (report.log() != null && !report.log().badLines().isEmpty()) badLines();
    sb.append("<footer>agentharness ").append(esc(VersionProvider.version()))
        .append(". <code>report.json</code> next to this page holds the same data, the metric stream in LiveKit's")
        .append(" Python JSON and the session events.</footer>\n</body>\n</html>\n");
    return sb.toString();
  }

  // ---------------------------------------------------------------- header

  private void header(String title) {
    sb.append("<header>\n<h1>").append(esc(title)).append("</h1>\n");
    if (report.session() != null) {
      Report.Session s = report.session();
      Scenario sc = s.scenario();
      if (!sc.description().isEmpty()) sb.append("<p>").append(esc(sc.description())).append("</p>\n");
      sb.append("<p class=\"muted\">").append(esc(Report.describe(sc.agent()))).append(" · ")
          .append(esc(Durations.format(s.sessionTime()))).append(" of session time · closed: ")
          .append(esc(s.closeReason() == null ? "no" : s.closeReason())).append(" · ").append(report.metrics().size())
          .append(" metrics · ").append(s.ledger().size()).append(" billed items · source: ")
          .append(esc(s.scenarioSource()));
      if (!s.bundledOptions().isEmpty()) sb.append(" · options: <code>").append(esc(String.join(" ",
          s.bundledOptions()))).append("</code>");
      if (s.duplicateMetrics()) sb.append(" · every metric collected twice (<code>--duplicate-metrics</code>)");
      if (!s.sttRemainderOnClose()) {
        sb.append(" · no STT remainder reported at close (<code>--no-stt-remainder</code>)");
      }
      sb.append("</p>\n");
      if (s.closeError() != null) sb.append("<p class=\"warn\">Closed by an error: ").append(esc(s.closeError()))
          .append("</p>\n");
    } else {
      Report.Log log = report.log();
      sb.append("<p class=\"muted\">Replayed metrics log: ").append(report.metrics().size()).append(" metrics (")
          .append(log.dialects().values().stream().mapToInt(Integer::intValue).sum()).append(" lines read, ")
          .append(log.badLines().size()).append(" bad lines skipped). No ledger: nothing to reconcile.</p>\n");
    }
    List<String> failures = report.failures();
    if (failures.isEmpty()) {
      sb.append("<p class=\"verdict ok\">Result: OK</p>\n");
    } else {
      sb.append("<p class=\"verdict failed\">Result: ").append(report.exitCode() == Report.BAD_INPUT ? "ERROR"
          : "FAILED")
          .append(" — ").append(esc(String.join("; ", failures))).append("</p>\n");
    }
    sb.append("</header>\n");
  }

  // ---------------------------------------------------------------- timeline

  private void timeline() {
    Timeline t = report.session() != null ? Timeline.of(report.session(), report.metrics())
        : Timeline.of(report.metrics());
    sb.append("<section>\n<h2>Timeline</h2>\n");
    svg(t);
    Set<Timeline.Kind> used = EnumSet.noneOf(Timeline.Kind.class);
    t.lanes().forEach(l -> l.bars().forEach(b -> used.add(b.kind())));
    sb.append("<ul class=\"legend\">");
    for (Timeline.Kind k : used) {
      sb.append("<li><span class=\"swatch k-").append(k.name()).append("\"></span>").append(esc(k.legend))
          .append("</li>");
    }
    sb.append("</ul>\n<p class=\"muted\">Hover a bar for its details. Times are session time from the start.</p>\n")
        .append("</section>\n");
  }

  private void svg(Timeline t) {
    double plot = WIDTH - LABEL_WIDTH - RIGHT_MARGIN;
    long span = Math.max(1, Duration.between(t.start(), t.end()).toNanos());
    int height = AXIS_HEIGHT + t.lanes().size() * LANE_HEIGHT + 8;
    sb.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" aria-label=\"timeline of the session\">\n");
    sb.append("<defs><pattern id=\"still\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"")
        .append(" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4b6b6\"/>")
        .append("<rect width=\"3\" height=\"6\" fill=\"#d62728\"/></pattern></defs>\n");
    // axis and grid
    long step = tickStep(span);
    for (long at = 0; at <= span; at += step) {
      double x = LABEL_WIDTH + plot * at / span;
      sb.append("<line class=\"grid\" x1=\"").append(f(x)).append("\" y1=\"").append(AXIS_HEIGHT - 6).append("\" x2=\"")
          .append(f(x)).append("\" y2=\"").append(height - 4).append("\"/>");
      sb.append("<text class=\"axis\" x=\"").append(f(x)).append("\" y=\"14\" text-anchor=\"middle\">")
          .append(esc(Durations.format(Duration.ofNanos(at)))).append("</text>\n");
    }
    int y = AXIS_HEIGHT;
    for (Timeline.Lane lane : t.lanes()) {
      sb.append("<text class=\"lane-label\" x=\"4\" y=\"").append(y + LANE_HEIGHT / 2 + 4).append("\">")
          .append(esc(shorten(lane.name(), 30))).append("</text>\n");
      if (lane.bars().isEmpty()) {
        sb.append("<text class=\"axis\" x=\"").append(LABEL_WIDTH + 4).append("\" y=\"").append(y + LANE_HEIGHT / 2 + 4)
            .append("\">none</text>\n");
      }
      for (Timeline.Bar b : lane.bars()) {
        double x0 = LABEL_WIDTH + plot * clamp(Duration.between(t.start(), b.from()).toNanos(), span) / span;
        double x1 = LABEL_WIDTH + plot * clamp(Duration.between(t.start(), b.until()).toNanos(), span) / span;
        double w = Math.max(2, x1 - x0);
        int by = y + (LANE_HEIGHT - BAR_HEIGHT) / 2;
        sb.append("<g><title>").append(esc(b.tooltip())).append("</title><rect class=\"k-").append(b.kind().name())
            .append("\" x=\"").append(f(x0)).append("\" y=\"").append(by).append("\" width=\"").append(f(w))
            .append("\" height=\"").append(BAR_HEIGHT).append("\" rx=\"3\"/>");
        if (b.label().length() * CHAR_WIDTH + 6 <= w) {
          sb.append("<text class=\"bar-label on-").append(b.kind().name()).append("\" x=\"").append(f(x0 + 4))
              .append("\" y=\"").append(by + BAR_HEIGHT / 2 + 4)
              .append("\">").append(esc(b.label())).append("</text>");
        }
        sb.append("</g>\n");
      }
      y += LANE_HEIGHT;
    }
    sb.append("</svg>\n");
  }

  private static long clamp(long v, long max) {
    return Math.max(0, Math.min(max, v));
  }

  /** A tick step giving about 6 to 12 ticks: 1, 2, 5 × 10^n ms, then whole seconds and minutes. */
  static long tickStep(long spanNanos) {
    long[] steps = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000,
        300_000, 600_000, 900_000, 1_800_000, 3_600_000};
    for (long ms : steps) {
      long n = ms * 1_000_000;
      if (spanNanos / n <= 12) return n;
    }
    return 3_600_000L * 1_000_000 * Math.max(1, spanNanos / (3_600_000L * 1_000_000 * 12));
  }

  // ---------------------------------------------------------------- tables

  private void usage() {
    boolean billed = report.session() != null;
    sb.append("<section>\n<h2>Usage</h2>\n<p class=\"muted\">")
        .append(billed ? "What LiveKit's UsageCollector collected against what the fakes billed."
            : "What LiveKit's UsageCollector sums from this log.")
        .append("</p>\n<table>\n<tr><th>field</th><th class=\"num\">")
        .append(report.profiles().isEmpty() ? "collected" : esc(UsageProfile.LIVEKIT_PYTHON.id())).append("</th>");
    for (Report.ProfileUsage p : report.profiles()) sb.append("<th class=\"num\">").append(esc(p.profile().id()))
        .append("</th>");
    if (billed) sb.append("<th class=\"num\">billed</th>");
    sb.append("<th></th></tr>\n");
    UsageSummary ref = report.usage();
    for (UsageField f : UsageField.values()) {
      long c = ref.get(f);
      long b = billed ? report.session().billed().get(f) : c;
      boolean zero = c == 0 && b == 0 && report.profiles().stream().allMatch(p -> p.usage().get(f) == 0);
      List<String> notes = report.notes(f);
      sb.append(zero ? "<tr class=\"zero\">" : "<tr>").append("<td class=\"mono\">").append(f.liveKitName())
          .append("</td>");
      sb.append(num(f.format(c), c != b));
      for (Report.ProfileUsage p : report.profiles()) {
        long v = p.usage().get(f);
        sb.append(num(f.format(v), v != b));
      }
      if (billed) sb.append(num(f.format(b), false));
      sb.append("<td class=\"bad\">").append(esc(String.join("; ", notes))).append("</td></tr>\n");
    }
    sb.append("</table>\n</section>\n");
  }

  private void perModel() {
    sb.append("<section>\n<h2>Per model</h2>\n<p class=\"muted\">LiveKit's <code>session_usage_updated</code>.</p>\n");
    List<LlmModelUsage> llm = report.modelUsage().ofType(LlmModelUsage.class);
    List<TtsModelUsage> tts = report.modelUsage().ofType(TtsModelUsage.class);
    List<SttModelUsage> stt = report.modelUsage().ofType(SttModelUsage.class);
    if (!llm.isEmpty()) {
      table(List.of("LLM", "model", "#input", "#cached", "#in audio", "#in text", "#output", "#out audio", "#out text"),
          llm.stream().map(u -> List.<Object>of(u.provider(), u.model(), u.inputTokens(), u.inputCachedTokens(),
              u.inputAudioTokens(), u.inputTextTokens(), u.outputTokens(), u.outputAudioTokens(),
                  u.outputTextTokens())).toList());
    }
    if (!tts.isEmpty()) {
      table(List.of("TTS", "model", "#characters", "#audio", "#in tokens", "#out tokens"),
          tts.stream().map(u -> List.<Object>of(u.provider(), u.model(), u.charactersCount(),
              Durations.format(u.audioDuration()), u.inputTokens(), u.outputTokens())).toList());
    }
    if (!stt.isEmpty()) {
      table(List.of("STT", "model", "#audio", "#in tokens", "#out tokens"),
          stt.stream().map(u -> List.<Object>of(u.provider(), u.model(), Durations.format(u.audioDuration()),
              u.inputTokens(), u.outputTokens())).toList());
    }
    if (tts.isEmpty() || stt.isEmpty()) {
      String none = tts.isEmpty() && stt.isEmpty() ? "TTS, STT" : tts.isEmpty() ? "TTS" : "STT";
      sb.append("<p class=\"muted\">").append(none).append(": none</p>\n");
    }
    sb.append("</section>\n");
  }

  private void standingTime(Report.Session s) {
    StandingTime st = s.standingTime();
    sb.append("<section>\n<h2>Standing time</h2>\n");
    List<List<Object>> rows = new ArrayList<>();
    st.agents().forEach((identity, a) -> {
      StandingTime.Presence last = a.presences().get(a.presences().size() - 1);
      String state = a.stillPresent()
          ? "<span class=\"bad\">STILL PRESENT</span> (measured to " + esc(at(s.startedAt(), last.until())) + ")"
          : "left at " + esc(at(s.startedAt(), last.until()));
      rows.add(List.of(identity, Durations.format(a.total()), a.presences().size(), new Raw(state)));
    });
    if (rows.isEmpty()) {
      sb.append("<p>No agent joined the room.</p>\n");
    } else {
      table(List.of("agent", "#standing", "#presences", ""), rows);
    }
    String session = st.sessionDuration().map(Durations::format).orElse("not closed");
    sb.append("<p>Session (close − started_at): ").append(esc(session))
        .append("</p>\n</section>\n");
  }

  private void reconciliation(Report.Session s) {
    sb.append("<section>\n<h2>Reconciliation against the ledger</h2>\n");
    block(report.profiles().isEmpty() ? null : UsageProfile.LIVEKIT_PYTHON.id(), s.reconciliation(), s);
    for (Report.ProfileUsage p : report.profiles()) block(p.profile().id(), p.reconciliation(), s);
    sb.append("</section>\n");
  }

  private void block(String profile, Reconciliation r, Report.Session s) {
    String who = profile == null ? "" : "<code>" + esc(profile) + "</code>: ";
    if (r.matches()) {
      sb.append("<p>").append(who).append("<span class=\"good\">OK</span>, all ").append(UsageField.values().length)
          .append(" fields match what the fakes billed (").append(s.ledger().size()).append(" billed items).</p>\n");
      return;
    }
    int n = r.differences().size();
    sb.append("<p>").append(who).append("<span class=\"bad\">").append(n).append(n == 1 ? " field differs"
        : " fields differ")
        .append("</span> from what the fakes billed.</p>\n");
    List<List<Object>> rows = new ArrayList<>();
    for (Reconciliation.Difference d : r.differences()) {
      rows.add(List.of(new Raw("<code>" + d.field().liveKitName() + "</code>"), d.field().format(d.billed()),
          d.field().format(d.collected()), d.responsesText()));
    }
    table(List.of("field", "#billed", "#collected", "responses"), rows);
    for (String c : r.causes()) sb.append("<p><strong>Likely cause:</strong> ").append(esc(c)).append("</p>\n");
  }

  private void expectations() {
    if (report.expectations().isEmpty()) return;
    sb.append("<section>\n<h2>Expectations</h2>\n");
    List<List<Object>> rows = new ArrayList<>();
    for (Expectation.Result r : report.expectations()) {
      Expectation e = r.expectation();
      String status = r.error() != null ? "<span class=\"bad\">ERROR</span>"
          : r.passed() ? "<span class=\"good\">ok</span>" : "<span class=\"bad\">FAILED</span>";
      String note = r.error() != null ? r.error() : r.passed() ? "" : "expected " + e.op().symbol + " "
          + e.expectedText();
      rows.add(List.of(new Raw(status), new Raw("<code>" + esc(e.toString()) + "</code>"), r.actualText(), note));
    }
    table(List.of("", "expectation", "#actual", ""), rows);
    sb.append("</section>\n");
  }

  private void ledger(List<LedgerEntry> entries, Instant start) {
    sb.append("<section>\n<h2>Ledger: what the fakes billed</h2>\n");
    List<List<Object>> rows = new ArrayList<>();
    for (LedgerEntry e : entries) {
      LedgerEntry.Tokens t = e.tokens();
      rows.add(List.of(new Raw("<code>" + esc(e.id()) + "</code>"), e.service(), e.status(), at(start, e.start()),
          at(start, e.end()), t.input(), t.output(), t.outputAudio(), e.characters(), Durations.format(e.audio())));
    }
    if (rows.isEmpty()) {
      sb.append("<p>Nothing was billed.</p>\n");
    } else {
      table(List.of("id", "service", "status", "#from", "#to", "#input tok", "#output tok", "#out audio tok",
          "#characters", "#audio"), rows);
    }
    sb.append("</section>\n");
  }

  private void badLines() {
    sb.append("<section>\n<h2>Skipped lines</h2>\n<pre>");
    report.log().badLines().forEach(b -> sb.append(esc("line " + b)).append('\n'));
    sb.append("</pre>\n</section>\n");
  }

  /** Already-escaped HTML in a cell. */
  private record Raw(String html) {}

  /** A table; a header starting with {@code #} is a right-aligned number column. */
  private void table(List<String> header, List<List<Object>> rows) {
    sb.append("<table>\n<tr>");
    for (String h : header) {
      boolean num = h.startsWith("#");
      sb.append(num ? "<th class=\"num\">" : "<th>").append(esc(num ? h.substring(1) : h)).append("</th>");
    }
    sb.append("</tr>\n");
    for (List<Object> r : rows) {
      sb.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        boolean num = header.get(i).startsWith("#");
        sb.append(num ? "<td class=\"num\">" : "<td>").append(v instanceof Raw raw ? raw.html()
            : esc(String.valueOf(v)))
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n");
  }

  private static String num(String text, boolean bad) {
    return "<td class=\"num" + (bad ? " bad" : "") + "\">" + esc(text) + "</td>";
  }

  private static String at(Instant start, Instant t) {
    return Durations.format(Duration.between(start, t));
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    if (s == null) return "";
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
