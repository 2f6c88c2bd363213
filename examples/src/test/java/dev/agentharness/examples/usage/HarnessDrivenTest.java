package dev.agentharness.examples.usage;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static java.time.Duration.ofSeconds;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.room.CloseReason;
import dev.agentharness.session.SimulatedSession;
import org.junit.jupiter.api.Test;

/**
 * <b>Way of use 1, harness-driven.</b> {@code @AgentSession} plays a scenario with the reference clients
 * (here OpenAI Realtime, two turns; the agent leaves the room 2 s after the conversation) and injects the
 * session. The test asserts on the usage LiveKit's collector would report, on the agent's standing time in
 * the room, and on the whole usage against what the fake billed.
 */
@AgentSession(scenario = "scenarios/usage/balance-openai-realtime.json")
class HarnessDrivenTest {

  @Test
  void outputAudioIsCountedTheAgentLeavesAndTheUsageMatchesTheLedger(SimulatedSession session) {
    session.run();

    assertThat(session).usage().llmOutputAudioTokens().isEqualTo(91 + 18);
    assertThat(session).usage().hasNoZeroAudioTokens();

    assertThat(session.standingTime()).agentLeft("agent").isBetween(ofSeconds(10), ofSeconds(15));

    assertThat(session).usageMatchesLedger().hasNoErrors().closedWith(CloseReason.PARTICIPANT_DISCONNECTED);
  }
}
