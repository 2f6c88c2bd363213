package dev.agentharness.junit;

import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.room.CloseReason;
import dev.agentharness.room.StandingTime;
import dev.agentharness.session.SessionEvent;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions on a played {@link SimulatedSession}: its collected usage against what the fakes billed,
 * its metrics, its events and how it closed.
 *
 * <pre>{@code
 * session.run();
 * assertThat(session).usageMatchesLedger().hasNoErrors().closedWith(CloseReason.PARTICIPANT_DISCONNECTED);
 * assertThat(session).usage().llmOutputAudioTokens().isPositive();   // "..., but the fake billed 91"
 * assertThat(session).metrics().excludingConnectionMetrics().everyResponseHasUsage();
 * }</pre>
 */
public class SimulatedSessionAssert extends AbstractAssert<SimulatedSessionAssert, SimulatedSession> {

  /** Set inside {@link AgentSoftAssertions}: navigation then returns soft proxies. */
  SoftAssertionsProvider softly;

  public SimulatedSessionAssert(SimulatedSession actual) {
    super(actual, SimulatedSessionAssert.class);
  }

  // ------------------------------------------------------------------------------------------ navigation

  /**
   * The session's collected usage ({@link SimulatedSession#usage()}), with the ledger as context: failures
   * on a field say what the fake billed and, when they differ, the likely cause.
   */
  public UsageSummaryAssert usage() {
    if (softly == null) isNotNull();
    UsageSummary s = actual == null ? null : actual.usage();
    UsageSummaryAssert a = Navigation.child(softly, UsageSummaryAssert.class, UsageSummary.class, s,
        UsageSummaryAssert::new);
    a.softly = softly;
    a.reconciliation = actual == null ? null : actual.reconcile();
    return a;
  }

  /** Usage per (provider, model), with what the fakes billed per model as context. */
  public ModelUsageAssert modelUsage() {
    if (softly == null) isNotNull();
    AgentSessionUsage u = actual == null ? null : actual.modelUsage();
    ModelUsageAssert a = Navigation.child(softly, ModelUsageAssert.class, AgentSessionUsage.class, u,
        ModelUsageAssert::new);
    a.softly = softly;
    a.billed = actual == null ? null : actual.ledger().usage();
    return a;
  }

  /** Every metric the clients emitted, in order. */
  public MetricsAssert<AgentMetrics> metrics() {
    if (softly == null) isNotNull();
    List<AgentMetrics> m = actual == null ? null : actual.metrics();
    MetricsAssert<AgentMetrics> a = softly == null ? new MetricsAssert<>(m) : softMetrics(m);
    a.softly = softly;
    return a;
  }

  /** Every session event, in order; times in messages count from the session's start. */
  public SessionEventsAssert events() {
    if (softly == null) isNotNull();
    SessionEventsAssert a = Navigation.child(softly, SessionEventsAssert.class, List.class,
        actual == null ? null : actual.events(), l -> new SessionEventsAssert(events(l)));
    if (actual != null) a.origin = actual.startedAt();
    return a;
  }

  /** What the fakes billed. */
  public LedgerAssert ledger() {
    if (softly == null) isNotNull();
    LedgerAssert a = Navigation.child(softly, LedgerAssert.class, Ledger.class, actual == null ? null : actual.ledger(),
        LedgerAssert::new);
    a.softly = softly;
    return a;
  }

  /** How long the agents stood in the room, as of now ({@link SimulatedSession#standingTime()}). */
  public StandingTimeAssert standingTime() {
    if (softly == null) isNotNull();
    StandingTimeAssert a = Navigation.child(softly, StandingTimeAssert.class, StandingTime.class,
        actual == null ? null : actual.standingTime(), StandingTimeAssert::new);
    a.softly = softly;
    return a;
  }

  /** The collected usage against the ledger ({@link SimulatedSession#reconcile()}). */
  public ReconciliationAssert reconciliation() {
    if (softly == null) isNotNull();
    return Navigation.child(softly, ReconciliationAssert.class, Reconciliation.class,
        actual == null ? null : actual.reconcile(), ReconciliationAssert::new);
  }

  // ------------------------------------------------------------------------------------------ checks

  /**
   * The collected usage matches what the fakes billed, field by field. The failure message is
   * {@link Reconciliation#report()}: a table of field, ledger value, collected value and the responses
   * behind each difference, then the likely cause.
   */
  public SimulatedSessionAssert usageMatchesLedger() {
    requireRun("Expected the usage of session %s to match what the fakes billed");
    Reconciliation r = actual.reconcile();
    if (!r.matches()) throw failure("%s", r.report().stripTrailing());
    return myself;
  }

  /** The session closed, for this reason. */
  public SimulatedSessionAssert closedWith(CloseReason reason) {
    Objects.requireNonNull(reason, "reason");
    requireRun("Expected session %s to close with " + reason.id());
    SessionEvent.Close close = actual.closeEvent();
    if (close == null) {
      throw failure("%s", "Expected the session to close with " + reason.id() + ", but it has not closed");
    }
    if (close.reason() == reason) return myself;
    throw failure("%s", "Expected the session to close with " + reason.id() + ", but it closed with "
        + close.reason().id() + " at " + since(close) + (close.error() == null ? ""
            : ": " + SessionEventsAssert.error(close.error())));
  }

  /** No {@code error} event was emitted; on failure, each error with its source, time and message. */
  public SimulatedSessionAssert hasNoErrors() {
    isNotNull();
    events(actual).hasNoErrors();
    return myself;
  }

  /** These event types were emitted in this order, possibly with others between them. */
  public SimulatedSessionAssert emittedInOrder(String... types) {
    isNotNull();
    events(actual).emittedInOrder(types);
    return myself;
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** A plain events assert carrying this one's description, for the checks that delegate to it. */
  private SessionEventsAssert events(SimulatedSession s) {
    SessionEventsAssert a = new SessionEventsAssert(s.events());
    a.origin = s.startedAt();
    a.getWritableAssertionInfo().useRepresentation(info.representation());
    if (info.description() != null) a.describedAs(info.description());
    return a;
  }

  @SuppressWarnings("unchecked")
  private static List<SessionEvent> events(List<?> l) {
    return (List<SessionEvent>) l;
  }

  /** @param expectation "Expected ... %s ..." with %s for the session's name */
  private void requireRun(String expectation) {
    isNotNull();
    if (actual.startedAt() == null) {
      throw failure("%s", String.format(expectation, "\"" + actual.scenario().name() + "\"")
          + ", but the session has not run: call session.run() first");
    }
  }

  private String since(SessionEvent e) {
    return actual.startedAt() == null ? e.createdAt().toString()
        : Texts.duration(Duration.between(actual.startedAt(), e.createdAt()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private MetricsAssert<AgentMetrics> softMetrics(List<AgentMetrics> m) {
    return (MetricsAssert<AgentMetrics>) softly.proxy((Class) MetricsAssert.class, (Class) List.class, m);
  }
}
