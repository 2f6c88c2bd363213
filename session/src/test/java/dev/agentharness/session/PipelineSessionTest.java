package dev.agentharness.session;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.client.ProviderException;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.scenario.Agent;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PipelineSessionTest {

  private static Scenario pipeline(Providers.Tts tts) {
    return pipeline(tts, null);
  }

  private static Scenario pipeline(Providers.Tts tts, Providers.TtsTransport transport) {
    return Scenario.builder("pipeline-" + tts.id())
        .agent(Agent.pipeline(new Agent.SttModel(Providers.Stt.DEEPGRAM, null),
            new Agent.LlmModel(Providers.Llm.OPENAI, null), new Agent.TtsModel(tts, null, null, transport)))
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

  /** The same two turns spoken by ElevenLabs (stream-input or HTTP) or Cartesia: exact metrics, reconciled. */
  @ParameterizedTest
  @CsvSource({
      "ELEVENLABS, WEBSOCKET, true, livekit.plugins.elevenlabs.tts.TTS, ElevenLabs, eleven_flash_v2_5",
      "ELEVENLABS, HTTP, false, livekit.plugins.elevenlabs.tts.TTS, ElevenLabs, eleven_flash_v2_5",
      "CARTESIA, WEBSOCKET, true, livekit.plugins.cartesia.tts.TTS, Cartesia, sonic-2",
  })
  void aPipelineSpeakingWithElevenLabsOrCartesiaIsMeasuredAndMatchesTheLedger(Providers.Tts provider,
      Providers.TtsTransport transport, boolean streamed, String label, String providerName, String model) {
    try (SimulatedSession s = SimulatedSession.of(pipeline(provider, transport))) {
      s.run();
      List<TtsMetrics> tts = of(s, TtsMetrics.class);
      assertThat(tts).extracting(TtsMetrics::ttfb).containsExactly(ofMillis(250), ofMillis(200));
      assertThat(tts).extracting(TtsMetrics::duration).containsExactly(ofMillis(250), ofMillis(200));
      assertThat(tts).extracting(TtsMetrics::audioDuration).containsExactly(ofMillis(2400), ofSeconds(1));
      assertThat(tts).extracting(TtsMetrics::charactersCount).containsExactly(25L, 8L);
      assertThat(tts).allSatisfy(m -> {
        assertThat(m.streamed()).isEqualTo(streamed);
        assertThat(m.cancelled()).isFalse();
        assertThat(m.label()).isEqualTo(label);
        assertThat(m.metadata().modelProvider()).isEqualTo(providerName);
        assertThat(m.metadata().modelName()).isEqualTo(model);
      });
      List<LedgerEntry> billed = s.ledger().entries().stream()
          .filter(e -> e.service().equals(provider.id())).toList();
      assertThat(billed).extracting(LedgerEntry::characters).containsExactly(25L, 8L);
      assertThat(billed).extracting(LedgerEntry::status).containsOnly("completed");
      if (provider != Providers.Tts.ELEVENLABS || !streamed) {
        // HTTP's request-id and Cartesia's context_id are what the provider bills under; stream-input names nothing
        assertThat(tts).extracting(TtsMetrics::requestId).containsExactlyElementsOf(
            billed.stream().map(LedgerEntry::id).toList());
      }
      assertThat(s.usage().ttsCharactersCount()).isEqualTo(33);
      assertThat(s.usage().ttsAudioDuration()).isEqualTo(ofMillis(3400));
      assertThat(s.reconcile().matches()).as(s.reconcile().report()).isTrue();
      assertThat(s.closeEvent().reason().id()).isEqualTo("participant_disconnected");
      assertThat(s.closeEvent().error()).isNull();
      assertThat(s.events()).filteredOn(SessionEvent.Error.class::isInstance).isEmpty();
    }
  }

  /** The builder's key is the one every fake of the session requires, whichever TTS speaks. */
  @ParameterizedTest
  @EnumSource(Providers.Tts.class)
  void theSessionsApiKeyIsEveryFakesKey(Providers.Tts provider) {
    try (SimulatedSession s = SimulatedSession.builder(pipeline(provider)).apiKey("sk-harness-test").build()) {
      s.run();
      FakeProvider tts = provider == Providers.Tts.OPENAI ? s.openAiSpeech()
          : provider == Providers.Tts.ELEVENLABS ? s.elevenLabs() : s.cartesia();
      assertThat(List.of(s.deepgram(), s.openAiChat(), tts)).extracting(FakeProvider::apiKey)
          .containsOnly("sk-harness-test");
      assertThat(s.reconcile().matches()).as(s.reconcile().report()).isTrue();
      assertThat(s.closeEvent().error()).isNull();
    }
  }

  /** The user barges in while a slow reply is still streaming in: the first reply's audio is cut after 450 ms. */
  private static Scenario bargeIn(Providers.Tts tts) {
    return Scenario.builder("barge-in-" + tts.id()).pipeline(tts)
        .turn(t -> t.user("What's my balance?", ofSeconds(2))
            .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400)).ttfb(ofMillis(200))
                .chunkGap(ofMillis(100)).interruptAfter(ofMillis(450))))
        .turn(t -> t.user("Stop.", ofMillis(800))
            .reply(r -> r.text("Okay.").audio(ofMillis(600)).ttfb(ofMillis(150))))
        .build();
  }

  @Test
  void aBargeInDuringAStreamedCartesiaReplyLosesItsMetricAndTheReportNamesTheSegment() {
    try (SimulatedSession s = SimulatedSession.of(bargeIn(Providers.Tts.CARTESIA))) {
      s.run();
      // only the second reply was measured: the interrupted segment emitted no TTSMetrics
      assertThat(of(s, TtsMetrics.class)).singleElement().satisfies(m -> {
        assertThat(m.requestId()).isEqualTo("ctx_1_2");
        assertThat(m.charactersCount()).isEqualTo(5);
      });
      // ...though Cartesia billed every character of it, and the 500 ms it sent before the cancel
      LedgerEntry cut = s.ledger().entries().stream().filter(e -> e.id().equals("ctx_1_1")).findFirst().orElseThrow();
      assertThat(cut.status()).isEqualTo("cancelled");
      assertThat(cut.characters()).isEqualTo(25);
      assertThat(cut.audio()).isEqualTo(ofMillis(500));
      Reconciliation r = s.reconcile();
      assertThat(r.matches()).isFalse();
      assertThat(r.billed().ttsCharactersCount()).isEqualTo(30);
      assertThat(r.collected().ttsCharactersCount()).isEqualTo(5);
      assertThat(r.report()).contains("no TTS metric for interrupted segment(s) ctx_1_1")
          .contains("tts_characters_count").contains("ctx_1_1 (25)");
      assertThat(s.events()).filteredOn(SessionEvent.ConversationItemAdded.class::isInstance)
          .map(e -> (SessionEvent.ConversationItemAdded) e)
          .filteredOn(e -> e.role().equals("assistant"))
          .extracting(SessionEvent.ConversationItemAdded::interrupted).containsExactly(true, false);
      assertThat(s.closeEvent().error()).isNull();
    }
  }

  @Test
  void aBargeInDuringAStreamedElevenLabsReplyLosesItsMetricThoughItWasBilled() {
    try (SimulatedSession s = SimulatedSession.of(bargeIn(Providers.Tts.ELEVENLABS))) {
      s.run();
      assertThat(of(s, TtsMetrics.class)).singleElement().satisfies(m -> {
        assertThat(m.requestId()).isEqualTo("el_1_2");
        assertThat(m.charactersCount()).isEqualTo(5);
      });
      List<LedgerEntry> billed = s.ledger().entries().stream().filter(e -> e.service().equals("elevenlabs")).toList();
      assertThat(billed).extracting(LedgerEntry::status).containsExactly("cancelled", "completed");
      assertThat(billed.get(0).characters()).isEqualTo(25);
      assertThat(billed.get(0).audio()).isEqualTo(ofMillis(500));
      Reconciliation r = s.reconcile();
      assertThat(r.matches()).isFalse();
      assertThat(r.billed().ttsCharactersCount() - r.collected().ttsCharactersCount()).isEqualTo(25);
      assertThat(r.billed().ttsAudioDuration().minus(r.collected().ttsAudioDuration())).isEqualTo(ofMillis(500));
      assertThat(s.closeEvent().error()).isNull();
    }
  }

  @Test
  void aBargeInDuringAChunkedElevenLabsReplyCountsItCancelledWithEveryCharacter() {
    Scenario scenario = bargeIn(Providers.Tts.ELEVENLABS).toBuilder()
        .agent(Agent.pipeline(new Agent.SttModel(Providers.Stt.DEEPGRAM, null),
            new Agent.LlmModel(Providers.Llm.OPENAI, null),
            new Agent.TtsModel(Providers.Tts.ELEVENLABS, null, null, Providers.TtsTransport.HTTP)))
        .build();
    try (SimulatedSession s = SimulatedSession.of(scenario)) {
      s.run();
      List<TtsMetrics> tts = of(s, TtsMetrics.class);
      assertThat(tts).extracting(TtsMetrics::cancelled).containsExactly(true, false);
      assertThat(tts).extracting(TtsMetrics::charactersCount).containsExactly(25L, 5L);
      assertThat(tts.get(0).audioDuration()).isEqualTo(ofMillis(500));
      assertThat(s.usage().ttsCharactersCount()).isEqualTo(s.ledger().summary().ttsCharactersCount());
      assertThat(s.closeEvent().error()).isNull();
    }
  }

  @Test
  void anElevenLabsQuotaErrorOnTheStreamEndsTheSessionWithATypedError() {
    Scenario scenario = Scenario.builder("quota").pipeline(Providers.Tts.ELEVENLABS)
        .turn(t -> t.user("What's my balance?", ofSeconds(2))
            .reply(r -> r.text("Your balance is 42 euros.").fault(FaultKind.QUOTA_EXCEEDED)))
        .build();
    try (SimulatedSession s = SimulatedSession.of(scenario)) {
      s.run();
      assertThat(of(s, TtsMetrics.class)).isEmpty();
      assertThat(s.closeEvent().reason().id()).isEqualTo("error");
      assertThat(s.closeEvent().error()).isInstanceOfSatisfying(ProviderException.class,
          e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.QUOTA_EXCEEDED));
      assertThat(s.ledger().entries()).noneMatch(e -> e.service().equals("elevenlabs")); // nothing synthesized
    }
  }
}
