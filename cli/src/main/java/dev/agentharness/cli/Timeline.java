package dev.agentharness.cli;

import dev.agentharness.clock.Durations;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.room.ParticipantKind;
import dev.agentharness.session.AgentState;
import dev.agentharness.session.SessionEvent;
import dev.agentharness.session.UserState;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened when, as lanes of bars: user speech, the model's audio, each billed response with its tokens,
 * TTS segments, STT streams, and who was in the room. {@link ReportHtml} draws it as SVG.
 */
record Timeline(Instant start, Instant end, List<Lane> lanes) {

  /** How a bar is drawn; the HTML legend names each. */
  enum Kind {
    USER("user speech"),
    AGENT("model audio"),
    OK("billed and collected alike"),
    DIFFERS("collected differs from billed"),
    MISSING("billed, never collected"),
    UNMATCHED("billed (the metrics do not name it)"),
    COLLECTED("collected metric"),
    PRESENT("in the room"),
    AGENT_PRESENT("agent in the room"),
    STILL_PRESENT("agent still present at the end");

    final String legend;

    Kind(String legend) {
      this.legend = legend;
    }
  }

  record Bar(Instant from, Instant until, Kind kind, String label, String tooltip) {}

  record Lane(String name, List<Bar> bars) {}

  /** The timeline of a simulated session: from its events, its ledger and its metrics. */
  static Timeline of(Report.Session s, List<AgentMetrics> metrics) {
    Instant start = s.startedAt();
    Instant end = start.plus(s.sessionTime());
    for (LedgerEntry e : s.ledger()) {
      if (e.end().isAfter(end)) end = e.end();
    }
    List<Lane> lanes = new ArrayList<>();
    lanes.add(new Lane("User speech", states(s.events(), true, end)));
    lanes.add(new Lane("Model audio", states(s.events(), false, end)));

    Map<String, UsageSummary> collected = perId(metrics);
    // per kind of billing: do the metrics name the ledger's ids at all? (Gemini's do not: LiveKit makes up its own)
    Map<Billing, Boolean> named = new java.util.EnumMap<>(Billing.class);
    for (LedgerEntry e : s.ledger()) named.merge(e.billing(), collected.containsKey(e.id()), Boolean::logicalOr);
    List<Bar> responses = new ArrayList<>();
    List<Bar> tts = new ArrayList<>();
    List<Bar> stt = new ArrayList<>();
    for (LedgerEntry e : s.ledger()) {
      UsageSummary billed = UsageCollector.summarize(List.of(e.idealMetric()));
      UsageSummary got = collected.get(e.id());
      boolean idsMatch = named.get(e.billing());
      Kind kind = !idsMatch ? Kind.UNMATCHED : got == null ? Kind.MISSING : got.equals(billed) ? Kind.OK : Kind.DIFFERS;
      String status = "completed".equals(e.status()) ? "" : " (" + e.status() + ")";
      String collectedText = !idsMatch ? "collected: not matched by id (the metrics carry other request ids)"
          : got == null ? "collected: nothing" : "collected: " + describe(e.billing(), got);
      String tip = e.id() + status + ", " + e.service() + " " + e.model() + ", "
          + Durations.format(Duration.between(start, e.start())) + " to "
          + Durations.format(Duration.between(start, e.end()))
          + "\nbilled: " + describe(e.billing(), billed) + "\n" + collectedText;
      if (e.billing() == Billing.REALTIME_RESPONSE || e.billing() == Billing.LLM_COMPLETION) {
        responses.add(new Bar(e.start(), e.end(), kind, e.tokens().total() + " tok" + status, tip));
      } else if (e.billing() == Billing.TTS_SYNTHESIS) {
        tts.add(new Bar(e.start(), e.end(), kind, e.characters() + " chars" + status, tip));
      } else {
        stt.add(new Bar(e.start(), e.end(), kind, Durations.format(e.audio()), tip));
      }
    }
    lanes.add(new Lane("Responses (tokens)", responses));
    if (!tts.isEmpty() || s.scenario().agent().tts() != null) lanes.add(new Lane("TTS segments", tts));
    if (!stt.isEmpty() || s.scenario().agent().stt() != null) lanes.add(new Lane("STT streams", stt));

    Map<String, List<Bar>> room = new LinkedHashMap<>();
    Map<String, Instant> joined = new LinkedHashMap<>();
    Map<String, Boolean> agent = new LinkedHashMap<>();
    for (SessionEvent e : s.events()) {
      if (e instanceof SessionEvent.ParticipantJoined j) {
        String id = j.participant().identity();
        room.computeIfAbsent(id, k -> new ArrayList<>());
        joined.put(id, e.createdAt());
        agent.put(id, j.participant().kind() == ParticipantKind.AGENT);
      } else if (e instanceof SessionEvent.ParticipantLeft l) {
        String id = l.participant().identity();
        Instant from = joined.remove(id);
        if (from == null) continue;
        room.computeIfAbsent(id, k -> new ArrayList<>()).add(presence(start, from, e.createdAt(), agent.get(id), false,
            l.reason() == null ? "" : l.reason().name()));
      }
    }
    for (Map.Entry<String, Instant> open : joined.entrySet()) {
      boolean isAgent = agent.get(open.getKey());
      room.get(open.getKey()).add(presence(start, open.getValue(), end, isAgent, true, ""));
    }
    room.forEach((identity, bars) ->
        lanes.add(new Lane("Room: " + identity + (agent.get(identity) ? " (agent)" : ""), bars)));
    return new Timeline(start, end, lanes);
  }

  /** The timeline of a metrics log: each metric where its timestamp and duration put it. */
  static Timeline of(List<AgentMetrics> metrics) {
    List<Bar> llm = new ArrayList<>();
    List<Bar> tts = new ArrayList<>();
    List<Bar> stt = new ArrayList<>();
    Instant start = null;
    Instant end = null;
    for (AgentMetrics m : metrics) {
      Bar b = null;
      List<Bar> lane = null;
      if (m instanceof RealtimeModelMetrics r) {
        if (r.isConnectionMetric()) continue;
        b = new Bar(r.timestamp(), r.timestamp().plus(nonNegative(r.duration())), Kind.COLLECTED,
            r.totalTokens() + " tok", r.requestId() + ": " + r.inputTokens() + " in, " + r.outputTokens() + " out ("
            + r.outputTokenDetails().audioTokens() + " audio)" + (r.cancelled() ? ", cancelled" : ""));
        lane = llm;
      } else if (m instanceof LlmMetrics l) {
        b = new Bar(l.timestamp().minus(nonNegative(l.duration())), l.timestamp(), Kind.COLLECTED,
            l.totalTokens() + " tok", l.requestId() + ": " + l.promptTokens() + " prompt, " + l.completionTokens()
            + " completion");
        lane = llm;
      } else if (m instanceof TtsMetrics t) {
        b = new Bar(t.timestamp().minus(nonNegative(t.duration())), t.timestamp(), Kind.COLLECTED,
            t.charactersCount() + " chars", t.requestId() + ": " + t.charactersCount() + " characters, "
            + Durations.format(t.audioDuration()) + " audio");
        lane = tts;
      } else if (m instanceof SttMetrics t) {
        if (t.audioDuration().isZero()) continue;
        b = new Bar(t.timestamp().minus(t.audioDuration()), t.timestamp(), Kind.COLLECTED,
            Durations.format(t.audioDuration()), t.requestId() + ": " + Durations.format(t.audioDuration())
                + " audio reported");
        lane = stt;
      }
      if (b == null) continue;
      lane.add(b);
      start = start == null || b.from().isBefore(start) ? b.from() : start;
      end = end == null || b.until().isAfter(end) ? b.until() : end;
    }
    if (start == null) {
      Instant t = metrics.isEmpty() ? Instant.EPOCH : metrics.get(0).timestamp();
      start = t;
      end = t.plusSeconds(1);
    }
    List<Lane> lanes = new ArrayList<>();
    lanes.add(new Lane("Responses (tokens)", llm));
    if (!tts.isEmpty()) lanes.add(new Lane("TTS segments", tts));
    if (!stt.isEmpty()) lanes.add(new Lane("STT reports", stt));
    return new Timeline(start, end, lanes);
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Bar presence(Instant start, Instant from, Instant until, boolean agent, boolean open, String reason) {
    Kind kind = open ? (agent ? Kind.STILL_PRESENT : Kind.PRESENT) : (agent ? Kind.AGENT_PRESENT : Kind.PRESENT);
    String span = Durations.format(Duration.between(start, from)) + " to "
        + (open ? "the end, still present" : Durations.format(Duration.between(start, until)))
        + " (" + Durations.format(Duration.between(from, until)) + ")" + (reason.isEmpty() ? "" : ", left: " + reason);
    String label = open && agent ? "still present" : Durations.format(Duration.between(from, until));
    return new Bar(from, until, kind, label, span);
  }

  /** Speaking intervals of the user ({@code user}) or the agent, from the state events. */
  private static List<Bar> states(List<SessionEvent> events, boolean user, Instant end) {
    List<Bar> bars = new ArrayList<>();
    Instant since = null;
    for (SessionEvent e : events) {
      boolean speaking;
      boolean was;
      if (user && e instanceof SessionEvent.UserStateChanged u) {
        speaking = u.newState() == UserState.SPEAKING;
        was = u.oldState() == UserState.SPEAKING;
      } else if (!user && e instanceof SessionEvent.AgentStateChanged a) {
        speaking = a.newState() == AgentState.SPEAKING;
        was = a.oldState() == AgentState.SPEAKING;
      } else {
        continue;
      }
      if (speaking && since == null) {
        since = e.createdAt();
      } else if (was && !speaking && since != null) {
        bars.add(speech(since, e.createdAt(), user));
        since = null;
      }
    }
    if (since != null) bars.add(speech(since, end, user));
    return bars;
  }

  private static Bar speech(Instant from, Instant until, boolean user) {
    String d = Durations.format(Duration.between(from, until));
    return new Bar(from, until, user ? Kind.USER : Kind.AGENT, d, (user ? "user speaks " : "agent speaks ") + d);
  }

  private static Map<String, UsageSummary> perId(List<AgentMetrics> metrics) {
    Map<String, UsageCollector> byId = new LinkedHashMap<>();
    for (AgentMetrics m : metrics) {
      String id = requestId(m);
      if (id == null || id.isEmpty()) continue;
      byId.computeIfAbsent(id, k -> new UsageCollector()).collect(m);
    }
    Map<String, UsageSummary> out = new LinkedHashMap<>();
    byId.forEach((k, v) -> out.put(k, v.summary()));
    return out;
  }

  static String requestId(AgentMetrics m) {
    if (m instanceof RealtimeModelMetrics r) return r.requestId();
    if (m instanceof LlmMetrics l) return l.requestId();
    if (m instanceof TtsMetrics t) return t.requestId();
    if (m instanceof SttMetrics s) return s.requestId();
    return null;
  }

  private static String describe(Billing billing, UsageSummary u) {
    return switch (billing) {
      case REALTIME_RESPONSE -> u.llmPromptTokens() + " input (" + u.llmInputAudioTokens() + " audio, "
          + u.llmInputTextTokens()
          + " text), " + u.llmCompletionTokens() + " output (" + u.llmOutputAudioTokens() + " audio, "
          + u.llmOutputTextTokens() + " text)";
      case LLM_COMPLETION -> u.llmPromptTokens() + " prompt (" + u.llmPromptCachedTokens() + " cached), "
          + u.llmCompletionTokens() + " completion tokens";
      case TTS_SYNTHESIS -> u.ttsCharactersCount() + " characters, " + Durations.format(u.ttsAudioDuration())
          + " audio";
      case STT_STREAM -> Durations.format(u.sttAudioDuration()) + " audio";
    };
  }
}
