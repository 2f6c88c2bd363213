package dev.agentharness.junit;

import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageSummary;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The report entries published after a test (or, per class, after all tests): what was collected, how it
 * compares with the ledger, and what the session knows besides. Keys are stable; values are for people.
 */
final class UsageReport {

  /** The collected {@link UsageSummary}, in LiveKit's spelling. */
  static final String USAGE = "agentharness.usage";
  /** {@code OK}, or the reconciliation report: the fields that differ from the ledger and the likely cause. */
  static final String RECONCILIATION = "agentharness.reconciliation";
  /** How long the agents stood in the room ({@code StandingTime}), for sessions that ran. */
  static final String STANDING_TIME = "agentharness.standingTime";
  /** What the fakes billed, when nothing was collected to compare it with (fakes driven by your own client). */
  static final String BILLED = "agentharness.billed";

  private UsageReport() {}

  /** The entries of a harness, in publication order; empty if it never started. */
  static Map<String, String> of(Harness harness) {
    if (!harness.started()) return Map.of();
    Optional<SimulatedSession> session = harness.startedSession();
    if (session.isPresent()) return of(session.get());
    Map<String, String> entries = new LinkedHashMap<>();
    Optional<Reconciliation> r = harness.reconciliation();
    if (r.isPresent()) {
      entries.put(USAGE, r.get().collected().toString());
      entries.put(RECONCILIATION, text(r.get()));
    } else {
      Optional<Ledger> ledger = harness.startedLedger();
      if (ledger.isPresent() && ledger.get().size() > 0) entries.put(BILLED, ledger.get().summary().toString());
    }
    return entries;
  }

  /** The entries of a simulated session: one per fact the session reports. */
  static Map<String, String> of(SimulatedSession session) {
    Map<String, String> entries = new LinkedHashMap<>();
    Reconciliation r = session.reconcile();
    entries.put(USAGE, r.collected().toString());
    entries.put(RECONCILIATION, text(r));
    if (session.startedAt() != null) entries.put(STANDING_TIME, session.standingTime().toString());
    return entries;
  }

  /** {@code OK}, or the report without trailing blank lines. */
  static String text(Reconciliation r) {
    return r.matches() ? "OK" : r.report().strip();
  }
}
