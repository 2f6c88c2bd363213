package dev.agentharness.session;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.usage.UsageField;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiSessionTest {

  private static Scenario.Builder twoTurns() {
    return Scenario.builder("gemini").realtime(Providers.Realtime.GEMINI)
        .turn(t -> t.user("What's the weather?", ofSeconds(2)).reply(r -> r.text("Sunny and warm.").audio(ofMillis(1500)).ttft(ofMillis(400))))
        .turn(t -> t.user("Thanks.", ofSeconds(1)).reply(r -> r.text("Anytime!").audio(ofSeconds(1)).ttft(ofMillis(350))));
  }

  private static List<RealtimeModelMetrics> responses(SimulatedSession s) {
    return s.metrics().stream().filter(m -> m instanceof RealtimeModelMetrics r && !r.isConnectionMetric())
        .map(m -> (RealtimeModelMetrics) m).toList();
  }

  @Test
  void geminiTurnsAreMeasuredAndMatchTheLedger() {
    try (SimulatedSession s = SimulatedSession.of(twoTurns().build())) {
      s.run();
      List<RealtimeModelMetrics> r = responses(s);
      assertThat(r).hasSize(2);
      assertThat(r).extracting(RealtimeModelMetrics::ttft).containsExactly(ofMillis(400), ofMillis(350));
      assertThat(r.get(0).metadata().modelProvider()).isEqualTo("Gemini");
      assertThat(r.get(0).outputTokenDetails().audioTokens()).isEqualTo(48); // 1.5 s × 32/s
      assertThat(s.usage().llmOutputAudioTokens()).isEqualTo(48 + 32);
      assertThat(s.usage()).isEqualTo(s.ledger().summary());
    }
  }

  @Test
  void geminiReportingOnlyTextMovesAudioTokensToText() {
    Scenario textOnly = Scenario.builder("gemini-text-only").realtime(Providers.Realtime.GEMINI)
        .turn(t -> t.user("What's the weather?", ofSeconds(2))
            .reply(r -> r.text("Sunny.").audio(ofMillis(1500)).fault(FaultKind.TEXT_MODALITY_ONLY)))
        .build();
    try (SimulatedSession s = SimulatedSession.of(textOnly)) {
      s.run();
      assertThat(s.usage().llmOutputAudioTokens()).isZero();
      assertThat(s.usage().llmOutputTextTokens()).isEqualTo(48);
      assertThat(s.ledger().summary().llmOutputAudioTokens()).isEqualTo(48);
      assertThat(s.reconcile().differences()).extracting(d -> d.field())
          .contains(UsageField.LLM_OUTPUT_AUDIO_TOKENS, UsageField.LLM_OUTPUT_TEXT_TOKENS);
      assertThat(s.reconcile().report()).contains("Gemini's usage named only the TEXT modality");
    }
  }
}
