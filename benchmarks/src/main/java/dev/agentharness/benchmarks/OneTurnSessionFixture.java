package dev.agentharness.benchmarks;

import static dev.agentharness.junit.AgentAssertions.assertThat;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.session.SimulatedSession;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A one-turn {@code @AgentSession} test, repeated: fakes up, one realtime turn, assertions, teardown. Run by
 * {@link PerTestOverheadBench} through the JUnit Platform; not a test of this project.
 */
@AgentSession(scenario = "scenarios/one-turn.json")
public class OneTurnSessionFixture {

  @RepeatedTest(PerTestOverheadBench.REPETITIONS)
  void oneTurn(SimulatedSession session) {
    session.run();
    assertThat(session).usage().llmOutputAudioTokens().isPositive();
    assertThat(session).usageMatchesLedger().hasNoErrors();
  }
}
