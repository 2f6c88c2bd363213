package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.room.CloseReason;
import dev.agentharness.room.StandingTime;
import dev.agentharness.room.WebhookEvent;
import dev.agentharness.session.SimulatedSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> agent minutes grow without bound. The conversation is over and the caller has hung up, but
 * the agent participant stays in the room, so the room never finishes and LiveKit keeps counting the
 * agent's time (standing time: from {@code participant_joined} to {@code participant_left},
 * livekit-js-standing-peers Part B §4). The {@code AgentSession} may even have closed: its own duration
 * ({@code close − started_at}) looks fine.
 *
 * <p><b>Shown:</b> a room whose agent has {@code "leave": "never"}: the session closes normally after 6.7 s,
 * but the agent is still present, no {@code participant_left} or {@code room_finished} webhook is sent, and
 * measured an hour later its standing time is an hour longer. A duration bound checked at the session's end
 * passes anyway: that is the trap.
 *
 * <p><b>Caught by:</b> {@code assertThat(standingTime).agentLeft()}, which names the agent still present;
 * and a bound on the standing time at a later instant fails by how much it is over.
 */
@AgentSession(scenario = "scenarios/bugs/agent-never-leaves.json")
class AgentNeverLeavesRoomTest {

  @Test
  void theSessionClosesButTheAgentStaysInTheRoom(SimulatedSession session) {
    session.run();

    StandingTime standing = session.standingTime();
    assertThat(session).closedWith(CloseReason.PARTICIPANT_DISCONNECTED);
    assertThat(standing).agentStillPresent("agent");                          // the symptom
    assertThat(session.webhooks()).extracting(WebhookEvent::event).doesNotContain("room_finished");
    assertThat(standing).isAtMost(ofSeconds(30));                             // the trap: this passes

    assertThatThrownBy(() -> assertThat(standing).agentLeft())
        .hasMessageContaining("but \"agent\" is still present")
        .hasMessageContaining("agent 6.7s (still present)");

    Instant anHourLater = session.clock().now().plus(Duration.ofHours(1));
    StandingTime later = session.room().standingTime(anHourLater);
    assertThatThrownBy(() -> assertThat(later).isAtMost(ofSeconds(30)))
        .hasMessageStartingWith("Expected the agents' standing time to be at most 30s, but it was 1h6.7s"
            + " (59m36.7s too long)");
  }
}
