package dev.agentharness.ledger;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the fakes billed, in order. Thread-safe; fakes append, tests read. Its totals use the
 * collectors' vocabulary, so "did we count what was billed?" is one comparison:
 *
 * <pre>{@code
 * assertThat(collector.summary()).isEqualTo(ledger.summary());
 * }</pre>
 */
public final class Ledger {

  private final List<LedgerEntry> entries = new ArrayList<>();

  /** Appends one billed item. */
  public synchronized void record(LedgerEntry entry) {
    entries.add(Objects.requireNonNull(entry, "entry"));
  }

  /** Every entry so far, oldest first. */
  public synchronized List<LedgerEntry> entries() {
    return List.copyOf(entries);
  }

  /** The entries of one fake, e.g. {@code entries("openai-realtime")}. */
  public List<LedgerEntry> entries(String service) {
    return entries(e -> e.service().equals(service));
  }

  public synchronized List<LedgerEntry> entries(Predicate<LedgerEntry> filter) {
    return entries.stream().filter(filter).toList();
  }

  /** The entry with this id, or {@code null}. */
  public synchronized LedgerEntry entry(String id) {
    for (LedgerEntry e : entries) {
      if (e.id().equals(id)) return e;
    }
    return null;
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Forgets every entry. */
  public synchronized void clear() {
    entries.clear();
  }

  /** The metrics an exactly-measuring LiveKit plugin would have emitted, one per entry. */
  public List<AgentMetrics> idealMetrics() {
    return entries().stream().map(LedgerEntry::idealMetric).toList();
  }

  /** The totals billed, as LiveKit's {@code UsageSummary}. */
  public UsageSummary summary() {
    return UsageCollector.summarize(idealMetrics());
  }

  /** The totals billed per (provider, model), as LiveKit's {@code AgentSession.usage}. */
  public AgentSessionUsage usage() {
    return ModelUsageCollector.summarize(idealMetrics());
  }

  @Override
  public String toString() {
    return "Ledger[" + size() + " entries] " + summary();
  }
}
