package dev.agentharness.session;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.client.ProviderException;
import dev.agentharness.room.CloseReason;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionFaultsTest {

  private static Scenario expiring() {
    return Scenario.builder("expiring").realtime(Providers.Realtime.OPENAI)
        .turns(3, t -> t.user("Hi.", ofSeconds(1)).reply(r -> r.text("Hello there!").audio(ofSeconds(2))))
        .fault(ofSeconds(5), Fault.of(FaultKind.SESSION_EXPIRED))
        .build();
  }

  private static List<String> errors(SimulatedSession s) {
    return s.events().stream().filter(e -> e instanceof SessionEvent.Error)
        .map(e -> e.createdAt() + " " + ((SessionEvent.Error) e).error().getMessage()).toList();
  }

  @Test
  void anExpiredSessionClosesWithAnErrorAtTheSameInstantEveryRun() {
    List<String> first;
    try (SimulatedSession s = SimulatedSession.of(expiring())) {
      s.run();
      assertThat(s.closeEvent().reason()).isEqualTo(CloseReason.ERROR);
      assertThat(s.closeEvent().error()).isInstanceOfSatisfying(ProviderException.class, e -> {
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLOSED);
        assertThat(e.code()).isEqualTo(1001);
      });
      assertThat(s.closeEvent().createdAt()).isEqualTo(s.clock().origin().plus(ofSeconds(5)));
      first = errors(s);
      assertThat(first).hasSize(2);
      assertThat(first.get(0)).contains("session_expired");
    }
    for (int i = 0; i < 5; i++) {
      try (SimulatedSession s = SimulatedSession.of(expiring())) {
        s.run();
        assertThat(errors(s)).isEqualTo(first);
      }
    }
  }

  @Test
  void aDroppedConnectionEndsTheSessionWithAnErrorAndTheLedgerKeepsWhatWasGenerated() {
    Scenario dropped = Scenario.builder("dropped").realtime(Providers.Realtime.OPENAI)
        .turn(t -> t.user("Hi.", ofSeconds(1))
            .reply(r -> r.text("A long answer.").audio(ofSeconds(4)).chunkGap(ofMillis(100)).fault(FaultKind.DISCONNECT_MID_RESPONSE)))
        .build();
    try (SimulatedSession s = SimulatedSession.of(dropped)) {
      s.run();
      assertThat(s.closeEvent().reason()).isEqualTo(CloseReason.ERROR);
      assertThat(s.ledger().entries()).singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo("incomplete"));
      assertThat(s.reconcile().report()).contains("no metric was collected for " + s.ledger().entries().get(0).id());
    }
  }

  @Test
  void aBargeInCancelsAResponseStillGenerating() {
    Scenario bargeIn = Scenario.builder("barge-in").realtime(Providers.Realtime.OPENAI)
        .turn(t -> t.user("Tell me a story.", ofSeconds(1))
            .reply(r -> r.text("Once upon a time...").audio(ofSeconds(4)).chunkGap(ofMillis(200)).interruptAfter(ofMillis(500))))
        .turn(t -> t.user("Stop.", ofMillis(600)).reply(r -> r.text("OK.").audio(ofMillis(500))))
        .build();
    try (SimulatedSession s = SimulatedSession.of(bargeIn)) {
      s.run();
      var responses = s.metrics().stream()
          .filter(m -> m instanceof dev.agentharness.metrics.RealtimeModelMetrics r && !r.isConnectionMetric())
          .map(m -> (dev.agentharness.metrics.RealtimeModelMetrics) m).toList();
      assertThat(responses).hasSize(2);
      assertThat(responses.get(0).cancelled()).isTrue();
      assertThat(responses.get(0).outputTokenDetails().audioTokens()).isBetween(1L, 79L);
      assertThat(s.reconcile().matches()).as(s.reconcile().report()).isTrue();
      assertThat(s.closeEvent().reason()).isEqualTo(CloseReason.PARTICIPANT_DISCONNECTED);
    }
  }

  @Test
  void anLlmStreamCutBeforeItsUsageEndsThePipelineAtOnceAndTheSttStillReportsItsLifetime() {
    Scenario cut = Scenario.builder("cut").pipeline(Providers.Tts.OPENAI)
        .turn(t -> t.user("Hi.", ofSeconds(1)).reply(r -> r.text("Hello!").fault(FaultKind.CUT_BEFORE_USAGE)))
        .turn(t -> t.user("Bye.", ofSeconds(1)).reply(r -> r.text("Bye!")))
        .build();
    try (SimulatedSession s = SimulatedSession.of(cut)) {
      s.run();
      assertThat(s.closeEvent().reason()).isEqualTo(CloseReason.ERROR);
      assertThat(s.closeEvent().error()).isInstanceOfSatisfying(ProviderException.class,
          e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.DISCONNECTED));
      assertThat(s.clock().elapsed()).isLessThan(ofSeconds(5));
      assertThat(s.usage().sttAudioDuration()).isEqualTo(s.ledger().summary().sttAudioDuration());
      assertThat(s.usage().llmCompletionTokens()).isZero();
      assertThat(s.ledger().summary().llmCompletionTokens()).isPositive();
    }
  }
}
