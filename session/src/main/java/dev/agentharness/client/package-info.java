/**
 * Reference clients: they talk to a provider (a fake, or the real one at its base URL) and emit
 * {@link dev.agentharness.metrics.AgentMetrics} exactly as LiveKit Agents' plugins measure them.
 *
 * <p>Each client reads time from a {@link dev.agentharness.clock.SessionClock}. On a virtual clock it
 * reports every frame it has handled (its {@link dev.agentharness.clock.Link}), so that the clock reads
 * exactly the scripted instant whenever a measurement is taken. Failures surface as
 * {@link dev.agentharness.client.ProviderException}s that name the provider, the event and the cause.
 */
package dev.agentharness.client;
