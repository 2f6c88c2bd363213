package dev.agentharness.cli;

import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.json.MetricsDialect;
import dev.agentharness.metrics.json.MetricsLogReader;
import dev.agentharness.room.StandingTime;
import dev.agentharness.scenario.Agent;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SessionEvent;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageProfile;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code simulate} or {@code replay} found, in one value: the tables print it, {@code report.json}
 * and {@code report.html} write it, and the exit code is decided from it.
 *
 * @param session what only a simulated session has (scenario, ledger, room, events); null for a replay
 * @param log what only a replayed metrics log has; null for a simulation
 * @param usage the reference collector's summary (LiveKit Python 1.3.1+ semantics)
 * @param profiles what the other collectors asked for with {@code --profile} report, in the order asked
 * @param modelUsage usage per (provider, model), LiveKit's {@code session_usage_updated}
 * @param metrics every metric, in order
 * @param metricTimes when each metric was collected ({@code created_at}); for a log, the metric's own timestamp
 * @param expectations the {@code --expect} results, in the order given
 */
record Report(
    Session session,
    Log log,
    UsageSummary usage,
    List<ProfileUsage> profiles,
    AgentSessionUsage modelUsage,
    List<AgentMetrics> metrics,
    List<Instant> metricTimes,
    List<Expectation.Result> expectations) implements Expectation.Facts {

  /** Exit code: every expectation and reconciliation held. */
  static final int OK = 0;
  /** Exit code: an expectation or a reconciliation failed. */
  static final int FAILED = 1;
  /** Exit code: bad input (scenario, log, option, expectation). */
  static final int BAD_INPUT = 2;

  Report {
    Objects.requireNonNull(usage, "usage");
    profiles = List.copyOf(profiles);
    metrics = List.copyOf(metrics);
    metricTimes = List.copyOf(metricTimes);
    expectations = List.copyOf(expectations);
  }

  /**
   * The simulated session's part.
   *
   * @param scenarioSource the file or bundled name given on the command line
   * @param bundledOptions the options the bundled scenario brings (see {@link BundledScenarios}), or empty
   * @param sttRemainderOnClose whether the STT reported its remainder at close (LiveKit 1.5.7+)
   * @param duplicateMetrics whether every metric was collected twice ({@code --duplicate-metrics})
   * @param sessionTime session time from start to close
   * @param closeReason LiveKit's close reason, e.g. {@code participant_disconnected}
   * @param closeError the error the session closed with, or null
   * @param billed what the fakes billed, in collector terms
   * @param reconciliation the reference collector against the ledger
   */
  record Session(
      Scenario scenario,
      String scenarioSource,
      List<String> bundledOptions,
      boolean sttRemainderOnClose,
      boolean duplicateMetrics,
      Instant startedAt,
      Duration sessionTime,
      String closeReason,
      String closeError,
      UsageSummary billed,
      Reconciliation reconciliation,
      StandingTime standingTime,
      List<LedgerEntry> ledger,
      List<SessionEvent> events) {

    Session {
      bundledOptions = List.copyOf(bundledOptions);
      ledger = List.copyOf(ledger);
      events = List.copyOf(events);
    }
  }

  /**
   * The replayed log's part.
   *
   * @param dialects how many lines were in each dialect
   * @param badLines the lines skipped with {@code --skip-bad-lines}
   */
  record Log(String path, Map<MetricsDialect, Integer> dialects, List<MetricsLogReader.BadLine> badLines) {
    Log {
      dialects = Map.copyOf(dialects);
      badLines = List.copyOf(badLines);
    }
  }

  /**
   * What another collector reports for the same stream.
   *
   * @param reconciliation against the ledger; null in a replay
   */
  record ProfileUsage(UsageProfile profile, UsageSummary usage, Reconciliation reconciliation) {}

  // ---------------------------------------------------------------- building

  /**
   * The report of a session that has run.
   *
   * @param duplicateMetrics collect every metric twice ({@code --duplicate-metrics}): the usage, each profile's,
   *     the per-model usage, the reconciliation and the metric stream all see each metric twice in a row
   */
  static Report of(SimulatedSession s, String scenarioSource, List<String> bundledOptions, boolean sttRemainder,
      boolean duplicateMetrics, List<UsageProfile> profiles, List<Expectation> expectations) {
    List<SessionEvent> events = s.events();
    // what the listening side collects: every metric_collected event, once, or twice in a row
    List<AgentMetrics> metrics = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (SessionEvent e : events) {
      if (!(e instanceof SessionEvent.MetricsCollected m)) continue;
      for (int copy = duplicateMetrics ? 2 : 1; copy > 0; copy--) {
        metrics.add(m.metrics());
        times.add(m.createdAt());
      }
    }
    UsageSummary usage = UsageCollector.summarize(metrics);
    Reconciliation r = Reconciliation.of(s.ledger(), usage, metrics);
    SessionEvent.Close close = s.closeEvent();
    Instant started = s.startedAt() != null ? s.startedAt() : s.scenario().origin();
    Instant end = close != null ? close.createdAt() : s.clock().now();
    List<ProfileUsage> others = new ArrayList<>();
    for (UsageProfile p : profiles) {
      UsageSummary u = UsageCollector.summarize(metrics, p);
      others.add(new ProfileUsage(p, u, Reconciliation.of(s.ledger(), u, metrics)));
    }
    Session session = new Session(s.scenario(), scenarioSource, bundledOptions, sttRemainder, duplicateMetrics,
        started, Duration.between(started, end), close == null ? null : close.reason().id(),
        close == null || close.error() == null ? null : close.error().getMessage(),
        r.billed(), r, s.standingTime(), s.ledger().entries(), events);
    Report partial = new Report(session, null, usage, others, ModelUsageCollector.summarize(metrics), metrics, times,
        List.of());
    return partial.withExpectations(expectations);
  }

  /** The report of a metrics log. */
  static Report of(Log log, List<AgentMetrics> metrics, List<UsageProfile> profiles, List<Expectation> expectations) {
    List<ProfileUsage> others = new ArrayList<>();
    for (UsageProfile p : profiles) others.add(new ProfileUsage(p, UsageCollector.summarize(metrics, p), null));
    List<Instant> times = metrics.stream().map(AgentMetrics::timestamp).toList();
    Report partial = new Report(null, log, UsageCollector.summarize(metrics), others,
        ModelUsageCollector.summarize(metrics), metrics, times, List.of());
    return partial.withExpectations(expectations);
  }

  private Report withExpectations(List<Expectation> list) {
    List<Expectation.Result> results = list.stream().map(e -> e.evaluate(this)).toList();
    return new Report(session, log, usage, profiles, modelUsage, metrics, metricTimes, results);
  }

  // ---------------------------------------------------------------- Expectation.Facts

  @Override
  public StandingTime standingTime() {
    return session == null ? null : session.standingTime();
  }

  // ---------------------------------------------------------------- verdict

  /** Whether the reference collector and every profile match the ledger (always true without a ledger). */
  boolean reconciled() {
    if (session == null) return true;
    return session.reconciliation().matches()
        && profiles.stream().allMatch(p -> p.reconciliation() == null || p.reconciliation().matches());
  }

  long failedExpectations() {
    return expectations.stream().filter(r -> r.error() == null && !r.passed()).count();
  }

  long badExpectations() {
    return expectations.stream().filter(r -> r.error() != null).count();
  }

  /** 0 all held, 1 an expectation or reconciliation failed, 2 an expectation could not be checked. */
  int exitCode() {
    if (badExpectations() > 0) return BAD_INPUT;
    return reconciled() && failedExpectations() == 0 ? OK : FAILED;
  }

  /**
   * What failed, for people: {@code reconciliation: 5 fields differ; expectations: 1 of 2 failed}; empty when
   * all held.
   */
  List<String> failures() {
    List<String> out = new ArrayList<>();
    if (session != null && !session.reconciliation().matches()) {
      out.add("reconciliation (" + UsageProfile.LIVEKIT_PYTHON.id() + "): " + fields(session.reconciliation())
          + " from the ledger");
    }
    for (ProfileUsage p : profiles) {
      if (p.reconciliation() != null && !p.reconciliation().matches()) {
        out.add("reconciliation (" + p.profile().id() + "): " + fields(p.reconciliation()) + " from the ledger");
      }
    }
    long failed = failedExpectations();
    if (failed > 0) out.add("expectations: " + failed + " of " + expectations.size() + " failed");
    long bad = badExpectations();
    if (bad > 0) out.add("expectations: " + bad + " could not be checked");
    return out;
  }

  private static String fields(Reconciliation r) {
    int n = r.differences().size();
    return n + (n == 1 ? " field differs" : " fields differ");
  }

  /**
   * Notes on one row of the usage table: {@code differs from billed}, {@code no such field in livekit-js-legacy},
   * {@code livekit-python-pre-1.2.6 differs}; empty when all agree.
   */
  List<String> notes(UsageField f) {
    List<String> notes = new ArrayList<>();
    long c = usage.get(f);
    if (session != null && c != session.billed().get(f)) notes.add("differs from billed");
    List<String> lacking = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    for (ProfileUsage p : profiles) {
      if (p.usage().get(f) == c) continue;
      (p.profile().has(f) ? differing : lacking).add(p.profile().id());
    }
    if (!lacking.isEmpty()) notes.add("no such field in " + String.join(", ", lacking));
    if (!differing.isEmpty()) notes.add(String.join(", ", differing) + (differing.size() == 1 ? " differs"
        : " differ"));
    return notes;
  }

  // ---------------------------------------------------------------- descriptions

  /**
   * {@code OpenAI Realtime gpt-realtime (GA protocol)} or
   * {@code Deepgram nova-3 -> OpenAI gpt-4.1-mini -> OpenAI gpt-4o-mini-tts (http)}.
   */
  static String describe(Agent a) {
    if (a.isRealtime()) {
      Agent.RealtimeModel r = a.realtime();
      if (r.provider() == Providers.Realtime.OPENAI) {
        return "OpenAI Realtime " + r.model() + " (" + (r.dialect() == Providers.OpenAiDialect.BETA ? "beta" : "GA")
            + " protocol)";
      }
      return "Gemini Live " + r.model();
    }
    StringBuilder sb = new StringBuilder();
    if (a.stt() != null) sb.append(name(a.stt().provider().id())).append(' ').append(a.stt().model()).append(" -> ");
    sb.append(name(a.llm().provider().id())).append(' ').append(a.llm().model());
    if (a.tts() != null) {
      sb.append(" -> ").append(name(a.tts().provider().id())).append(' ').append(a.tts().model())
          .append(" (").append(a.tts().transport().id()).append(')');
    }
    return sb.toString();
  }

  private static String name(String id) {
    return switch (id) {
      case "openai" -> "OpenAI";
      case "deepgram" -> "Deepgram";
      case "elevenlabs" -> "ElevenLabs";
      case "cartesia" -> "Cartesia";
      case "gemini" -> "Gemini";
      default -> id;
    };
  }
}
