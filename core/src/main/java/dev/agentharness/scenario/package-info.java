/**
 * Scenarios: one conversation, described once and played by the fakes, the reference clients and the
 * simulated room.
 *
 * <p>Two equal front doors: the fluent {@link dev.agentharness.scenario.Scenario#builder()} and JSON
 * files read by {@link dev.agentharness.scenario.ScenarioParser} (documented in {@code docs/scenarios.md},
 * with a JSON Schema for editor completion). Bad input fails with a
 * {@link dev.agentharness.scenario.ScenarioException} that says where and what was expected.
 */
package dev.agentharness.scenario;
