package dev.agentharness.session;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.room.CloseReason;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealtimeSessionTest {

  private static Scenario threeTurns() {
    return Scenario.builder("three-turns")
        .realtime(Providers.Realtime.OPENAI)
        .turn(t -> t.user("Hi, what's my balance?", ofSeconds(2))
            .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400)).ttft(ofMillis(300))
                .usage(u -> u.outputAudio(91).outputText(30))))
        .turn(t -> t.user("Thanks!", ofSeconds(1)).reply(r -> r.text("You're welcome.").audio(ofSeconds(1)).ttft(ofMillis(450))))
        .turn(t -> t.user("Bye.", ofMillis(800)).reply(r -> r.text("Goodbye!").audio(ofMillis(900))))
        .build();
  }

  @Test
  void everyResponseIsMeasuredExactlyAndTheCollectorMatchesTheLedger() {
    try (SimulatedSession session = SimulatedSession.of(threeTurns())) {
      session.run();
      List<RealtimeModelMetrics> responses = session.metrics().stream()
          .filter(m -> m instanceof RealtimeModelMetrics r && !r.isConnectionMetric())
          .map(m -> (RealtimeModelMetrics) m).toList();
      assertThat(responses).hasSize(3);
      assertThat(responses).extracting(RealtimeModelMetrics::ttft)
          .containsExactly(ofMillis(300), ofMillis(450), ofMillis(300));
      assertThat(responses.get(0).outputTokenDetails().audioTokens()).isEqualTo(91);
      assertThat(responses.get(0).inputTokenDetails().audioTokens()).isPositive();
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(91 + 20 + 18);
      assertThat(session.reconcile().matches()).as(session.reconcile().report()).isTrue();
      assertThat(session.usage()).isEqualTo(session.ledger().summary());
      assertThat(session.closeEvent().reason()).isEqualTo(CloseReason.PARTICIPANT_DISCONNECTED);
      assertThat(session.metrics()).filteredOn(m -> m instanceof RealtimeModelMetrics r && r.isConnectionMetric()).hasSize(1);
    }
  }

  @Test
  void theSameScenarioGivesTheSameMetricsEveryRun() {
    List<AgentMetrics> first;
    try (SimulatedSession s = SimulatedSession.of(threeTurns())) {
      first = s.run().metrics();
    }
    for (int i = 0; i < 10; i++) {
      try (SimulatedSession s = SimulatedSession.of(threeTurns())) {
        assertThat(s.run().metrics()).isEqualTo(first);
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Tag("slow")
  void aHundredRunsGiveIdenticalMetricStreams() {
    List<AgentMetrics> first;
    try (SimulatedSession s = SimulatedSession.of(threeTurns())) {
      first = s.run().metrics();
    }
    for (int i = 0; i < 100; i++) {
      try (SimulatedSession s = SimulatedSession.of(threeTurns())) {
        assertThat(s.run().metrics()).as("run %d", i).isEqualTo(first);
      }
    }
  }
}
