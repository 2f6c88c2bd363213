package dev.agentharness.session;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineSessionTest {

  private static Scenario pipeline(Providers.Tts tts) {
    return Scenario.builder("pipeline-" + tts.id()).pipeline(tts)
        .turn(t -> t.user("What's my balance?", ofSeconds(2))
            .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400)).ttft(ofMillis(400)).ttfb(ofMillis(250))))
        .turn(t -> t.user("Thanks, bye.", ofMillis(1500))
            .reply(r -> r.text("Goodbye!").audio(ofSeconds(1)).ttft(ofMillis(300)).ttfb(ofMillis(200))))
        .build();
  }

  private static <T> List<T> of(SimulatedSession s, Class<T> type) {
    return s.metrics().stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void anSttLlmTtsPipelineIsMeasuredAndMatchesTheLedger() {
    try (SimulatedSession s = SimulatedSession.of(pipeline(Providers.Tts.OPENAI))) {
      s.run();
      List<LlmMetrics> llm = of(s, LlmMetrics.class);
      assertThat(llm).extracting(LlmMetrics::ttft).containsExactly(ofMillis(400), ofMillis(300));
      assertThat(llm).allSatisfy(m -> assertThat(m.completionTokens()).isPositive());
      List<TtsMetrics> tts = of(s, TtsMetrics.class);
      assertThat(tts).extracting(TtsMetrics::ttfb).containsExactly(ofMillis(250), ofMillis(200));
      assertThat(tts).extracting(TtsMetrics::audioDuration).containsExactly(ofMillis(2400), ofSeconds(1));
      assertThat(tts).extracting(TtsMetrics::charactersCount).containsExactly(25L, 8L);
      assertThat(of(s, EouMetrics.class)).hasSize(2);
      assertThat(of(s, SttMetrics.class)).isNotEmpty();
      assertThat(s.usage().llmOutputAudioTokens()).isZero();
      assertThat(s.usage().ttsCharactersCount()).isEqualTo(33);
      assertThat(s.usage().sttAudioDuration()).isEqualTo(s.ledger().summary().sttAudioDuration());
      assertThat(s.reconcile().matches()).as(s.reconcile().report()).isTrue();
      assertThat(s.closeEvent().reason().id()).isEqualTo("participant_disconnected");
      assertThat(s.closeEvent().error()).isNull();
    }
  }

  @Test
  void withoutTheSttRemainderTheSttAudioIsShortOfTheLedger() {
    Scenario scenario = pipeline(Providers.Tts.OPENAI);
    try (SimulatedSession s = SimulatedSession.builder(scenario).sttRemainderOnClose(false).build()) {
      s.run();
      Duration billed = s.ledger().summary().sttAudioDuration();
      Duration collected = s.usage().sttAudioDuration();
      assertThat(collected).isPositive().isLessThan(billed);
      assertThat(s.reconcile().differences()).singleElement()
          .satisfies(d -> assertThat(d.likelyCause()).contains("1.5.7").contains("#5498"));
    }
  }
}
