/**
 * {@link dev.agentharness.metrics.log.MetricsLog}: the lines LiveKit's {@code log_metrics} writes for a
 * metric, for {@link java.lang.System.Logger}, SLF4J or any other logger.
 */
package dev.agentharness.metrics.log;
