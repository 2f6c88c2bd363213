/**
 * The ground truth: what each fake billed, and the reconciliation of a collector's totals against it.
 *
 * <p>Every fake appends one {@link dev.agentharness.ledger.LedgerEntry} per response, request or stream
 * it bills. Each entry also knows the metric an ideal LiveKit plugin would have emitted for it, so the
 * ledger answers totals in the collectors' own vocabulary ({@link dev.agentharness.usage.UsageSummary},
 * {@link dev.agentharness.usage.AgentSessionUsage}) and
 * {@link dev.agentharness.ledger.Reconciliation} compares the two in one call.
 */
package dev.agentharness.ledger;
