package dev.agentharness.cli;

import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.json.MetricsDialect;
import dev.agentharness.metrics.json.MetricsJson;
import dev.agentharness.metrics.json.MetricsLogReader;
import dev.agentharness.room.StandingTime;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SessionEvent;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageProfile;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code report.json}: everything the tables show, for programs. Keys are snake_case as in LiveKit's JSON;
 * durations are seconds and times epoch seconds (decimal numbers, exact); usage summaries, per-model usage and
 * metrics are LiveKit's Python JSON ({@link MetricsJson}). The {@code metrics} array holds LiveKit
 * {@code metrics_collected} events, so it can be written out as a JSONL log and replayed.
 */
final class ReportJson {

  /** The {@code format} value; bumped when a key changes meaning. */
  static final String FORMAT = "agentharness-report/1";

  private ReportJson() {}

  static String write(Report r) {
    JsonWriter w = new JsonWriter(new StringBuilder(8192)).beginObject();
    w.field("format", FORMAT);
    w.field("command", r.session() != null ? "simulate" : "replay");
    w.field("version", VersionProvider.version());
    if (r.session() != null) session(w, r.session());
    if (r.log() != null) log(w, r.log());
    w.name("usage").rawValue(MetricsJson.write(r.usage()));
    if (r.session() != null) w.name("billed").rawValue(MetricsJson.write(r.session().billed()));
    w.name("profiles").beginArray();
    w.beginObject().field("id", UsageProfile.LIVEKIT_PYTHON.id()).field("reference", true)
        .name("usage").rawValue(MetricsJson.write(r.usage()));
    if (r.session() != null) reconciliation(w.name("reconciliation"), r.session().reconciliation());
    w.endObject();
    for (Report.ProfileUsage p : r.profiles()) {
      w.beginObject().field("id", p.profile().id()).field("reference", false);
      w.name("fields").beginArray();
      for (UsageField f : UsageField.values()) {
        if (p.profile().has(f)) w.value(f.liveKitName());
      }
      w.endArray();
      w.name("usage").rawValue(MetricsJson.write(p.usage()));
      if (p.reconciliation() != null) reconciliation(w.name("reconciliation"), p.reconciliation());
      w.endObject();
    }
    w.endArray();
    w.name("model_usage").rawValue(MetricsJson.write(r.modelUsage()));
    if (r.session() != null) {
      standingTime(w, r.session().standingTime());
      reconciliation(w.name("reconciliation"), r.session().reconciliation());
    }
    expectations(w, r);
    w.name("result").beginObject().field("exit_code", r.exitCode()).field("ok", r.exitCode() == Report.OK)
        .name("failures").beginArray();
    for (String f : r.failures()) w.value(f);
    w.endArray().endObject();
    if (r.session() != null) ledger(w, r.session().ledger());
    w.name("metrics").beginArray();
    for (int i = 0; i < r.metrics().size(); i++) {
      w.rawValue(MetricsJson.writeEvent(r.metrics().get(i), r.metricTimes().get(i), MetricsDialect.PYTHON));
    }
    w.endArray();
    if (r.session() != null) events(w, r.session().events());
    return w.endObject().toString();
  }

  private static void session(JsonWriter w, Report.Session s) {
    Scenario sc = s.scenario();
    w.name("scenario").beginObject().field("name", sc.name()).field("description", sc.description())
        .field("source", s.scenarioSource()).field("agent", Report.describe(sc.agent()))
        .field("turns", sc.turns().size())
        .name("bundled_options").beginArray();
    for (String o : s.bundledOptions()) w.value(o);
    w.endArray().endObject();
    w.name("session").beginObject();
    w.name("started_at");
    instant(w, s.startedAt());
    w.name("duration");
    seconds(w, s.sessionTime());
    w.field("close_reason", s.closeReason()).field("close_error", s.closeError())
        .field("stt_remainder_on_close", s.sttRemainderOnClose())
        .field("duplicate_metrics", s.duplicateMetrics()).endObject();
  }

  private static void log(JsonWriter w, Report.Log log) {
    w.name("log").beginObject().field("path", log.path())
        .field("python_lines", log.dialects().getOrDefault(MetricsDialect.PYTHON, 0))
        .field("js_lines", log.dialects().getOrDefault(MetricsDialect.JS, 0))
        .name("bad_lines").beginArray();
    for (MetricsLogReader.BadLine b : log.badLines()) {
      w.beginObject().field("line", b.lineNumber()).field("column", b.column()).field("field", b.field())
          .field("reason", b.reason()).field("text", b.text()).endObject();
    }
    w.endArray().endObject();
  }

  private static void reconciliation(JsonWriter w, Reconciliation r) {
    w.beginObject().field("matches", r.matches()).name("differences").beginArray();
    for (Reconciliation.Difference d : r.differences()) {
      w.beginObject().field("field", d.field().liveKitName()).name("billed");
      raw(w, d.field(), d.billed());
      w.name("collected");
      raw(w, d.field(), d.collected());
      w.name("responses").beginArray();
      for (Reconciliation.Contribution c : d.responses()) {
        w.beginObject().field("id", c.id()).name("billed");
        raw(w, d.field(), c.billed());
        w.name("collected");
        if (c.collected() < 0) {
          w.nullValue();
        } else {
          raw(w, d.field(), c.collected());
        }
        w.endObject();
      }
      w.endArray().field("likely_cause", d.likelyCause()).endObject();
    }
    w.endArray().endObject();
  }

  private static void standingTime(JsonWriter w, StandingTime st) {
    w.name("standing_time").beginObject().name("total");
    seconds(w, st.total());
    w.field("agent_still_present", st.agentStillPresent()).name("session_duration");
    if (st.sessionDuration().isPresent()) {
      seconds(w, st.sessionDuration().get());
    } else {
      w.nullValue();
    }
    w.name("agents").beginArray();
    for (StandingTime.AgentStanding a : st.agents().values()) {
      w.beginObject().field("identity", a.identity()).name("total");
      seconds(w, a.total());
      w.field("still_present", a.stillPresent()).name("presences").beginArray();
      for (StandingTime.Presence p : a.presences()) {
        w.beginObject().field("sid", p.sid()).name("from");
        instant(w, p.from());
        w.name("until");
        instant(w, p.until());
        w.field("open", p.open()).name("duration");
        seconds(w, p.duration());
        w.endObject();
      }
      w.endArray().endObject();
    }
    w.endArray().endObject();
  }

  private static void expectations(JsonWriter w, Report r) {
    w.name("expectations").beginArray();
    for (Expectation.Result x : r.expectations()) {
      Expectation e = x.expectation();
      w.beginObject().field("expression", e.text()).field("subject", e.subject().display())
          .field("operator", e.op().symbol).field("unit", e.subject().isDuration() ? "seconds" : "count")
          .name("expected");
      number(w, e.subject().isDuration(), e.expected());
      w.name("actual");
      if (x.actual() == null) {
        w.nullValue();
      } else {
        number(w, e.subject().isDuration(), x.actual());
      }
      w.field("passed", x.passed()).field("error", x.error()).endObject();
    }
    w.endArray();
  }

  private static void ledger(JsonWriter w, List<LedgerEntry> entries) {
    w.name("ledger").beginArray();
    for (LedgerEntry e : entries) {
      LedgerEntry.Tokens t = e.tokens();
      w.beginObject().field("id", e.id()).field("service", e.service()).field("provider", e.provider())
          .field("model", e.model()).field("billing", e.billing().name().toLowerCase(java.util.Locale.ROOT))
          .field("status", e.status()).name("start");
      instant(w, e.start());
      w.name("end");
      instant(w, e.end());
      w.name("tokens").beginObject().field("input_text", t.inputText()).field("input_audio", t.inputAudio())
          .field("input_image", t.inputImage()).field("cached_text", t.cachedText())
          .field("cached_audio", t.cachedAudio())
          .field("cached_image", t.cachedImage()).field("output_text", t.outputText())
          .field("output_audio", t.outputAudio()).field("reasoning", t.reasoning()).endObject();
      w.field("characters", e.characters()).name("audio_duration");
      seconds(w, e.audio());
      w.endObject();
    }
    w.endArray();
  }

  private static void events(JsonWriter w, List<SessionEvent> events) {
    w.name("events").beginArray();
    for (SessionEvent e : events) {
      if (e instanceof SessionEvent.MetricsCollected m) {
        w.rawValue(MetricsJson.writeEvent(m.metrics(), m.createdAt(), MetricsDialect.PYTHON));
        continue;
      }
      w.beginObject().field("type", e.type());
      if (e instanceof SessionEvent.SessionUsageUpdated u) {
        w.name("usage").rawValue(MetricsJson.write(u.usage()));
      } else if (e instanceof SessionEvent.AgentStateChanged a) {
        w.field("old_state", a.oldState().id()).field("new_state", a.newState().id());
      } else if (e instanceof SessionEvent.UserStateChanged u) {
        w.field("old_state", u.oldState().id()).field("new_state", u.newState().id());
      } else if (e instanceof SessionEvent.ParticipantJoined j) {
        participant(w, j.participant());
      } else if (e instanceof SessionEvent.ParticipantLeft l) {
        participant(w, l.participant());
        w.field("reason", l.reason() == null ? null : l.reason().name());
      } else if (e instanceof SessionEvent.ConversationItemAdded c) {
        w.name("item").beginObject().field("role", c.role()).field("text", c.text())
            .field("interrupted", c.interrupted()).endObject();
      } else if (e instanceof SessionEvent.Error x) {
        w.field("source", x.source()).field("error", x.error() == null ? null : x.error().getMessage());
      } else if (e instanceof SessionEvent.Close c) {
        w.field("reason", c.reason().id()).field("error", c.error() == null ? null : c.error().getMessage());
      }
      w.name("created_at");
      instant(w, e.createdAt());
      w.endObject();
    }
    w.endArray();
  }

  private static void participant(JsonWriter w, dev.agentharness.room.Participant p) {
    w.name("participant").beginObject().field("sid", p.sid()).field("identity", p.identity())
        .field("kind", p.kind().name()).endObject();
  }

  private static void raw(JsonWriter w, UsageField f, long raw) {
    number(w, f.isDuration(), raw);
  }

  private static void number(JsonWriter w, boolean duration, long raw) {
    if (duration) {
      seconds(w, Duration.ofNanos(raw));
    } else {
      w.value(raw);
    }
  }

  /** Exact decimal seconds, Python style ({@code 2.4}, {@code 0.0}). */
  static void seconds(JsonWriter w, Duration d) {
    w.rawValue(decimal(BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))));
  }

  static void instant(JsonWriter w, Instant t) {
    if (t == null) {
      w.nullValue();
      return;
    }
    w.rawValue(decimal(BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9))));
  }

  private static String decimal(BigDecimal d) {
    String s = d.stripTrailingZeros().toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  /** The metric list written as a JSONL log: {@code replay} reads it back. */
  static String metricsLog(List<AgentMetrics> metrics, List<Instant> times) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < metrics.size(); i++) {
      sb.append(MetricsJson.writeEvent(metrics.get(i), times.get(i), MetricsDialect.PYTHON)).append('\n');
    }
    return sb.toString();
  }
}
