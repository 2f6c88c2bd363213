/**
 * LiveKit's metric types as immutable Java values: one record per type under the sealed
 * {@link dev.agentharness.metrics.AgentMetrics}.
 *
 * <p>Field for field these are LiveKit Agents' {@code metrics/base.py} (1.7), with Java names,
 * {@link java.time.Duration} for LiveKit's seconds/milliseconds and {@link java.time.Instant} for
 * its epoch timestamps. A time LiveKit reports as {@code -1} when nothing was measured (ttft, ttfb)
 * is {@link dev.agentharness.metrics.AgentMetrics#NOT_MEASURED}.
 */
package dev.agentharness.metrics;
