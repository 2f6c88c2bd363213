/**
 * The simulated agent session: plays a {@link dev.agentharness.scenario.Scenario} through the reference
 * clients against the fakes, on a shared clock, and publishes LiveKit's session events to listeners.
 * A LiveKit-semantics {@link dev.agentharness.usage.UsageCollector} and
 * {@link dev.agentharness.usage.ModelUsageCollector} are attached by default.
 */
package dev.agentharness.session;
