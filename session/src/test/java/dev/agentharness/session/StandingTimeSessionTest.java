package dev.agentharness.session;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.room.ParticipantKind;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.TimeRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StandingTimeSessionTest {

  private static Scenario.Builder oneTurn() {
    return Scenario.builder("standing").realtime(Providers.Realtime.OPENAI)
        .turn(t -> t.user("Hi.", ofSeconds(1)).pause(ofMillis(500)).reply(r -> r.text("Hello!").audio(ofSeconds(2)).ttft(ofMillis(300))))
        .endPause(ofSeconds(1));
  }

  // the timeline: user speaks 0.5-1.5 s, server VAD ends the turn after 500 ms of silence (2.0 s),
  // the reply's audio starts 300 ms later (2.3 s) and plays 2 s (4.3 s), then the end pause (5.3 s)
  private static final Duration END = Duration.ofMillis(5300);

  @Test
  void byDefaultTheAgentLeavesWhenTheConversationEnds() {
    try (SimulatedSession s = SimulatedSession.of(oneTurn().build())) {
      s.run();
      assertThat(s.standingTime().of("agent").total()).isEqualTo(END);
      assertThat(s.standingTime().agentStillPresent()).isFalse();
      assertThat(s.standingTime().sessionDuration()).contains(END);
      assertThat(s.events()).filteredOn(e -> e instanceof SessionEvent.ParticipantLeft).hasSize(2);
    }
  }

  @Test
  void anAgentThatLeavesLateStandsLonger() {
    Scenario late = oneTurn()
        .participant("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.afterEnd(ofSeconds(30)))
        .participant("caller", ParticipantKind.SIP, TimeRef.START, TimeRef.END)
        .build();
    try (SimulatedSession s = SimulatedSession.of(late)) {
      s.run();
      assertThat(s.standingTime().of("agent").total()).isEqualTo(END.plusSeconds(30));
      assertThat(s.standingTime().sessionDuration()).contains(END);
    }
  }

  @Test
  void anAgentThatNeverLeavesIsReportedStillPresent() {
    Scenario never = oneTurn()
        .participant("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.NEVER)
        .participant("caller", ParticipantKind.STANDARD, TimeRef.START, TimeRef.END)
        .build();
    try (SimulatedSession s = SimulatedSession.of(never)) {
      s.run();
      assertThat(s.standingTime().agentStillPresent()).isTrue();
      assertThat(s.standingTime().of("agent").stillPresent()).isTrue();
      assertThat(s.standingTime().of("agent").total()).isEqualTo(s.clock().elapsed());
    }
  }

  @Test
  void aReconnectGapIsNotStandingTime() {
    Scenario gap = oneTurn().reconnect("agent", ofSeconds(1), ofMillis(500)).build();
    try (SimulatedSession s = SimulatedSession.of(gap)) {
      s.run();
      assertThat(s.standingTime().of("agent").presences()).hasSize(2);
      assertThat(s.standingTime().of("agent").total()).isEqualTo(END.minusMillis(500));
      assertThat(s.webhooks()).extracting(w -> w.event()).contains("participant_left", "participant_joined", "room_finished");
    }
  }
}
