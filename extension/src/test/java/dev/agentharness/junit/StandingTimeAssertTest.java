package dev.agentharness.junit;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.room.CloseReason;
import dev.agentharness.room.StandingTime;
import dev.agentharness.room.StandingTime.AgentStanding;
import dev.agentharness.room.StandingTime.Presence;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandingTimeAssertTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** "agent" stood 6.7 s and left; the session ran the same 6.7 s and closed. */
  private static StandingTime left() {
    return standing(T0.plusSeconds(60), Map.of("agent", List.of(presence("PA_1", 0, 6_700, false))), true);
  }

  /** "agent" joined at 0 and is still present, measured at 1 h 6.7 s; the session closed at 6.7 s. */
  private static StandingTime neverLeft() {
    Instant at = T0.plus(Duration.ofHours(1)).plusMillis(6_700);
    return standing(at, Map.of("agent", List.of(new Presence("PA_1", T0, at, true))), true);
  }

  @Test
  void boundsOnTheSumOverAgents() {
    Map<String, List<Presence>> two = new LinkedHashMap<>();
    two.put("agent", List.of(presence("PA_1", 0, 3_000, false), presence("PA_2", 4_000, 6_000, false)));
    two.put("helper", List.of(presence("PA_3", 1_000, 2_500, false)));
    StandingTime st = standing(T0.plusSeconds(10), two, false);

    assertThat(st).isBetween(ofMillis(6_500), ofMillis(6_500)).isAtMost(ofSeconds(7)).isAtLeast(ofSeconds(6));
    assertThatThrownBy(() -> assertThat(st).isBetween(ofSeconds(1), ofSeconds(5)))
        .hasMessageStartingWith("Expected the agents' standing time to be between 1s and 5s, but it was 6.5s (1.5s"
            + " too long):\n  agent 5s [")
        .hasMessageContaining("\n  helper 1.5s [")
        .hasMessageNotContaining("still present");
    assertThatThrownBy(() -> assertThat(st).isAtLeast(ofSeconds(8)))
        .hasMessageStartingWith("Expected the agents' standing time to be at least 8s, but it was 6.5s (1.5s too"
            + " short)");
    assertThatThrownBy(() -> assertThat(st).isBetween(ofSeconds(5), ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAgentStillPresentFailsAgentLeftAndSaysItKeepsGrowing() {
    assertThat(left()).agentLeft().agentLeft("agent");
    assertThat(neverLeft()).agentStillPresent("agent");

    assertThatThrownBy(() -> assertThat(neverLeft()).agentLeft())
        .hasMessageStartingWith("Expected every agent to have left the room, but \"agent\" is still present at"
            + " 2026-01-01T01:00:06.700Z:\n  agent 1h6.7s (still present) [")
        .hasMessageEndingWith("Likely cause: nothing disconnects the agent when the conversation ends (no room"
            + " disconnect or job shutdown), so LiveKit keeps counting its minutes");
    assertThatThrownBy(() -> assertThat(neverLeft()).agentLeft("agent"))
        .hasMessageStartingWith("Expected agent \"agent\" to have left the room, but it is still present at");
    assertThatThrownBy(() -> assertThat(left()).agentStillPresent("agent"))
        .hasMessageStartingWith("Expected agent \"agent\" to be still present at 2026-01-01T00:01:00Z, but it left:");
    assertThatThrownBy(() -> assertThat(neverLeft()).isAtMost(ofSeconds(30)))
        .hasMessageStartingWith("Expected the agents' standing time to be at most 30s, but it was 1h6.7s (59m36.7s"
            + " too long)")
        .hasMessageEndingWith("An agent still present keeps adding to it until it leaves");
  }

  @Test
  void perAgentIdentity() {
    assertThat(left()).agent("agent").isCloseTo(ofMillis(6_700), Duration.ZERO);
    assertThatThrownBy(() -> assertThat(neverLeft()).agent("agent").isAtMost(ofSeconds(30)))
        .hasMessage("[standing time of \"agent\" (still present)] Expected a duration of at most 30s, but it was"
            + " 1h6.7s (59m36.7s too long)");
    assertThatThrownBy(() -> assertThat(left()).agent("caller"))
        .hasMessage("Expected agent \"caller\" in the room, but no agent of that identity joined; agents: [agent]");
    assertThatThrownBy(() -> assertThat(left()).agentLeft("caller"))
        .hasMessage("Expected agent \"caller\" to have left the room, but no agent of that identity joined; agents:"
            + " [agent]");
  }

  @Test
  void theSessionsOwnDurationNeedsAClose() {
    assertThat(left()).sessionDuration().isCloseTo(ofMillis(6_700), Duration.ZERO);
    StandingTime open = standing(T0.plusSeconds(5), Map.of("agent", List.of(presence("PA_1", 0, 5_000, true))),
        false);
    assertThatThrownBy(() -> assertThat(open).sessionDuration())
        .hasMessage("Expected a session duration (close − started_at), but the agent session had not closed at"
            + " 2026-01-01T00:00:05Z");
  }

  @Test
  void softlyEveryFailureIsCollectedIncludingThoseAfterANavigation() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(neverLeft()).agentLeft();
    softly.assertThat(neverLeft()).agent("agent").isAtMost(ofSeconds(30));
    softly.assertThat(left()).agent("caller").isPositive();
    softly.assertThat(left()).isAtMost(ofSeconds(10));
    List<AssertionError> errors = softly.assertionErrorsCollected();
    assertThat(errors).hasSize(4);
    assertThat(errors.get(0)).hasMessageStartingWith("Expected every agent to have left the room");
    assertThat(errors.get(1)).hasMessageStartingWith("[standing time of \"agent\" (still present)]");
    assertThat(errors.get(2)).hasMessageStartingWith("Expected agent \"caller\" in the room");
    assertThat(errors.get(3)).hasMessageContaining("standing time of \"caller\"");
  }

  private static Presence presence(String sid, long fromMs, long untilMs, boolean open) {
    return new Presence(sid, T0.plusMillis(fromMs), T0.plusMillis(untilMs), open);
  }

  private static StandingTime standing(Instant at, Map<String, List<Presence>> presences, boolean sessionClosed) {
    Map<String, AgentStanding> agents = new LinkedHashMap<>();
    presences.forEach((id, p) -> agents.put(id, new AgentStanding(id, p, Optional.empty())));
    return new StandingTime(at, agents, Optional.of(T0), sessionClosed ? Optional.of(T0.plusMillis(6_700))
        : Optional.empty(), sessionClosed ? Optional.of(CloseReason.PARTICIPANT_DISCONNECTED) : Optional.empty());
  }
}
