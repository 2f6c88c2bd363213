package dev.agentharness.junit;

import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.usage.UsageSummary;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions on what the fakes billed ({@link Ledger}).
 *
 * <pre>{@code
 * assertThat(openai.ledger()).hasSize(3).reconcilesWith(myBridge.usage());
 * assertThat(session.ledger()).summary().llmOutputAudioTokens().isEqualTo(406);
 * }</pre>
 */
public class LedgerAssert extends AbstractAssert<LedgerAssert, Ledger> {

  /** Set inside {@link AgentSoftAssertions}: navigation then returns soft proxies. */
  SoftAssertionsProvider softly;

  public LedgerAssert(Ledger actual) {
    super(actual, LedgerAssert.class);
  }

  /** Exactly {@code n} billed entries. */
  public LedgerAssert hasSize(int n) {
    isNotNull();
    List<LedgerEntry> entries = actual.entries();
    if (entries.size() == n) return myself;
    throw failure("%s", "Expected the ledger to hold " + Texts.plural(n, "entry", "entries") + ", but it holds "
        + entries.size() + ":\n" + listing(entries));
  }

  /** An entry with this id (response, completion, request or stream id) was billed. */
  public LedgerAssert containsEntry(String id) {
    isNotNull();
    if (actual.entry(id) != null) return myself;
    throw failure("%s", "Expected the ledger to hold an entry \"" + id + "\", but it does not. Entries:\n"
        + listing(actual.entries()));
  }

  /** Every entry has this status ({@code completed}, {@code cancelled}, {@code incomplete}, {@code failed}). */
  public LedgerAssert allEntriesHaveStatus(String status) {
    isNotNull();
    List<LedgerEntry> other = actual.entries(e -> !e.status().equals(status));
    if (other.isEmpty()) return myself;
    throw failure("%s", "Expected every ledger entry to be " + status + ", but "
        + (other.size() == 1 ? "1 is" : other.size() + " are") + " not:\n" + listing(other));
  }

  /**
   * {@code collected} matches what was billed, field by field. The message on failure is
   * {@link Reconciliation#report()}.
   */
  public LedgerAssert reconcilesWith(UsageSummary collected) {
    return reconcilesWith(collected, List.of());
  }

  /** As {@link #reconcilesWith(UsageSummary)}, naming the responses behind each difference from {@code metrics}. */
  public LedgerAssert reconcilesWith(UsageSummary collected, List<? extends AgentMetrics> metrics) {
    isNotNull();
    Reconciliation r = Reconciliation.of(actual, Objects.requireNonNull(collected, "collected"), metrics);
    if (!r.matches()) throw failure("%s", r.report().stripTrailing());
    return myself;
  }

  /** The totals billed, as a usage summary. */
  public UsageSummaryAssert summary() {
    if (softly == null) isNotNull();
    UsageSummaryAssert a = Navigation.child(softly, UsageSummaryAssert.class, UsageSummary.class,
        actual == null ? null : actual.summary(), UsageSummaryAssert::new);
    a.softly = softly;
    return a.as("billed usage");
  }

  static String listing(List<LedgerEntry> entries) {
    if (entries.isEmpty()) return "  (none)";
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (LedgerEntry e : entries) {
      if (i++ == Texts.MAX_LISTED) {
        sb.append("  ... ").append(entries.size() - Texts.MAX_LISTED).append(" more\n");
        break;
      }
      sb.append("  ").append(line(e)).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  static String line(LedgerEntry e) {
    StringBuilder sb = new StringBuilder(e.id()).append("  ").append(e.service()).append("  ")
        .append(e.billing().name().toLowerCase(java.util.Locale.ROOT)).append("  ").append(e.status()).append("  ")
        .append(Texts.quoted(e.provider())).append('/').append(Texts.quoted(e.model()));
    LedgerEntry.Tokens t = e.tokens();
    if (t.total() > 0) {
      sb.append("  tokens ").append(t.input()).append(" in (audio ").append(t.inputAudio()).append(") / ")
          .append(t.output()).append(" out (audio ").append(t.outputAudio()).append(')');
    }
    if (e.characters() > 0) sb.append("  ").append(e.characters()).append(" characters");
    if (!e.audio().isZero()) sb.append("  ").append(Texts.duration(e.audio())).append(" audio");
    return sb.toString();
  }
}
