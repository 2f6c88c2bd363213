/**
 * Usage collectors with LiveKit's semantics.
 *
 * <ul>
 *   <li>{@link dev.agentharness.usage.UsageCollector} and {@link dev.agentharness.usage.UsageSummary}:
 *       LiveKit Agents (Python) 1.3.1+ {@code UsageCollector}, its 15 fields.
 *   <li>{@link dev.agentharness.usage.ModelUsageCollector}: LiveKit 1.5+ usage per (provider, model),
 *       the payload of {@code session_usage_updated}.
 *   <li>{@link dev.agentharness.usage.UsageProfile}: what other collectors report for the same stream
 *       (agents-js legacy, Python before 1.2.6), to show where a zero comes from.
 * </ul>
 *
 * <p>Durations are summed exactly (in nanoseconds); LiveKit sums float seconds, which can differ in the
 * last digits.
 */
package dev.agentharness.usage;
