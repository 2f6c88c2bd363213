package dev.agentharness.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static LedgerEntry response(String id, long inAudio, long inText, long outText, long outAudio) {
    return new LedgerEntry(id, "openai-realtime", "api.openai.com", "gpt-realtime", Billing.REALTIME_RESPONSE,
        "completed", T0, T0.plusMillis(300), new LedgerEntry.Tokens(inText, inAudio, 0, 0, 0, 0, outText, outAudio, 0),
        0, Duration.ZERO);
  }

  private static Ledger ledger(LedgerEntry... entries) {
    Ledger l = new Ledger();
    for (LedgerEntry e : entries) l.record(e);
    return l;
  }

  @Test
  void theIdealMetricsOfTheLedgerReconcileExactly() {
    Ledger l = ledger(response("resp_1", 13, 119, 30, 91), response("resp_2", 20, 0, 12, 300));
    List<AgentMetrics> metrics = l.idealMetrics();
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(metrics), metrics);
    assertThat(r.matches()).isTrue();
    assertThat(r.report()).startsWith("Collected usage matches");
    assertThat(l.summary().llmOutputAudioTokens()).isEqualTo(391);
    assertThat(l.summary().llmPromptTokens()).isEqualTo(13 + 119 + 20);
  }

  @Test
  void aCollectorWithoutAudioFieldsIsNamedAsTheLikelyCause() {
    Ledger l = ledger(response("resp_1", 13, 119, 30, 91), response("resp_2", 20, 0, 12, 300),
        response("resp_3", 5, 0, 3, 15));
    List<AgentMetrics> metrics = l.idealMetrics();
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(metrics, UsageProfile.LIVEKIT_JS_LEGACY), metrics);
    assertThat(r.matches()).isFalse();
    Reconciliation.Difference audio = r.differences().stream()
        .filter(d -> d.field() == UsageField.LLM_OUTPUT_AUDIO_TOKENS).findFirst().orElseThrow();
    assertThat(audio.billed()).isEqualTo(406);
    assertThat(audio.collected()).isZero();
    assertThat(audio.responsesText()).isEqualTo("resp_1 (91), resp_2 (300), resp_3 (15)");
    assertThat(r.report())
        .contains("llm_output_audio_tokens")
        .contains("agents-js's legacy UsageSummary");
    assertThat(r.causes()).singleElement().asString()
        .startsWith("the collector does not read ")
        .contains("output_token_details.audio_tokens")
        .contains(" or ")
        .endsWith("(this is what LiveKit agents-js's legacy UsageSummary reports, and LiveKit Python before 1.2.6)");
  }

  @Test
  void metricsCollectedTwiceAreReportedAsDuplicates() {
    Ledger l = ledger(response("resp_1", 10, 0, 5, 40));
    List<AgentMetrics> twice = new ArrayList<>(l.idealMetrics());
    twice.addAll(l.idealMetrics());
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(twice), twice);
    assertThat(r.matches()).isFalse();
    assertThat(r.differences()).allSatisfy(d -> assertThat(d.collected()).isEqualTo(2 * d.billed()));
    assertThat(r.report()).contains("collected more than once for resp_1").contains("#3166");
  }

  @Test
  void aResponseWithNoMetricIsNamed() {
    Ledger l = ledger(response("resp_1", 10, 0, 5, 40), response("resp_2", 10, 0, 5, 40));
    List<AgentMetrics> onlyFirst = List.of(l.idealMetrics().get(0));
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(onlyFirst), onlyFirst);
    assertThat(r.report()).contains("no metric was collected for resp_2").contains("response.done arrives without response.created");
    assertThat(r.differences().get(0).responses()).extracting(Reconciliation.Contribution::id).containsExactly("resp_2");
  }

  @Test
  void aCancelledResponseWithNoMetricPointsAtListenersThatSkipCancelledMetrics() {
    LedgerEntry cancelled = new LedgerEntry("resp_2", "openai-realtime", "api.openai.com", "gpt-realtime",
        Billing.REALTIME_RESPONSE, "cancelled", T0, T0.plusMillis(300), new LedgerEntry.Tokens(0, 10, 0, 0, 0, 0, 2, 12, 0),
        0, Duration.ZERO);
    Ledger l = ledger(response("resp_1", 10, 0, 5, 40), cancelled);
    List<AgentMetrics> onlyFirst = List.of(l.idealMetrics().get(0));
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(onlyFirst), onlyFirst);
    assertThat(r.report()).contains("no metric was collected for resp_2, cancelled part-way")
        .contains("a listener that skips cancelled metrics under-counts");
  }

  @Test
  void aMetricWithoutUsageIsNamed() {
    Ledger l = ledger(response("resp_1", 10, 0, 5, 40));
    RealtimeModelMetrics zero = RealtimeModelMetrics.builder().requestId("resp_1").timestamp(T0).build();
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(List.of(zero)), List.of(zero));
    assertThat(r.report()).contains("the metric for resp_1 carried no usage");
  }

  @Test
  void anInterruptedStreamedTtsSegmentWithoutAMetricIsExplained() {
    Ledger l = new Ledger();
    l.record(new LedgerEntry("seg_1", "elevenlabs", "ElevenLabs", "eleven_flash_v2_5", Billing.TTS_SYNTHESIS,
        "completed", T0, T0.plusSeconds(1), null, 30, Duration.ofSeconds(2)));
    l.record(new LedgerEntry("seg_2", "elevenlabs", "ElevenLabs", "eleven_flash_v2_5", Billing.TTS_SYNTHESIS,
        "cancelled", T0, T0.plusSeconds(1), null, 25, Duration.ofSeconds(1)));
    List<AgentMetrics> onlyFirst = List.of(l.idealMetrics().get(0));
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(onlyFirst), onlyFirst);
    assertThat(r.differences()).extracting(Reconciliation.Difference::field)
        .containsExactly(UsageField.TTS_CHARACTERS_COUNT, UsageField.TTS_AUDIO_DURATION);
    assertThat(r.report()).contains("no TTS metric for interrupted segment(s) seg_2");
    assertThat(r.table()).contains("1s").contains("3s");
  }

  @Test
  void ttsMetricsOfAProviderThatNamesNoRequestArePairedWithItsEntriesInOrder() {
    // ElevenLabs stream-input bills under ids the client never sees; LiveKit's metrics carry their own
    Ledger l = new Ledger();
    l.record(new LedgerEntry("q8Jd0aXzT1", "elevenlabs", "ElevenLabs", "eleven_flash_v2_5", Billing.TTS_SYNTHESIS,
        "cancelled", T0, T0.plusSeconds(1), null, 59, Duration.ofMillis(600)));
    l.record(new LedgerEntry("Zr7LmP0wQ2", "elevenlabs", "ElevenLabs", "eleven_flash_v2_5", Billing.TTS_SYNTHESIS,
        "completed", T0.plusSeconds(2), T0.plusSeconds(3), null, 3, Duration.ofMillis(500)));
    TtsMetrics second = ((TtsMetrics) l.idealMetrics().get(1)).toBuilder().requestId("el_1_2").build();
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(List.of(second)), List.of(second));
    assertThat(r.differences()).extracting(Reconciliation.Difference::field)
        .containsExactly(UsageField.TTS_CHARACTERS_COUNT, UsageField.TTS_AUDIO_DURATION);
    assertThat(r.differences().get(0).responsesText()).isEqualTo("q8Jd0aXzT1 (59)");
    assertThat(r.causes()).singleElement().asString().startsWith("no TTS metric for interrupted segment(s) q8Jd0aXzT1:");

    // both measured: every metric pairs with an entry and the usage matches
    TtsMetrics first = ((TtsMetrics) l.idealMetrics().get(0)).toBuilder().requestId("el_1_1").build();
    List<AgentMetrics> both = List.of(first, second);
    assertThat(Reconciliation.of(l, UsageCollector.summarize(both), both).matches()).isTrue();

    // a pairing that does not account for every metric renames nothing: the ids still do not match, so the
    // differences name the billed entries only, with no likely cause drawn from the stream
    TtsMetrics other = second.toBuilder().requestId("el_1_3").build();
    List<AgentMetrics> three = List.of(first, second, other);
    Reconciliation unpaired = Reconciliation.of(l, UsageCollector.summarize(three), three);
    assertThat(unpaired.differences().get(0).responsesText()).isEqualTo("q8Jd0aXzT1 (59), Zr7LmP0wQ2 (3)");
    assertThat(unpaired.causes()).noneMatch(c -> c.startsWith("no TTS metric"));
  }

  @Test
  void shortSttUsageIsExplained() {
    Ledger l = new Ledger();
    l.record(new LedgerEntry("stream_1", "deepgram", "Deepgram", "nova-3", Billing.STT_STREAM, "completed", T0,
        T0.plusSeconds(125), null, 0, Duration.ofMillis(125_350)));
    SttMetrics reported = SttMetrics.builder().requestId("stream_1").timestamp(T0).streamed(true)
        .audioDuration(Duration.ofMillis(120_600)).build();
    Reconciliation r = Reconciliation.of(l, UsageCollector.summarize(List.of(reported)), List.of(reported));
    assertThat(r.report()).contains("stt_audio_duration").contains("2m5.35s").contains("2m0.6s").contains("#5498");
  }

  @Test
  void withoutTheMetricStreamTheContributorsAreTheBilledResponses() {
    Ledger l = ledger(response("resp_1", 10, 0, 5, 40), response("resp_2", 10, 0, 5, 0));
    Reconciliation r = Reconciliation.of(l, l.summary().minus(l.summary()), List.of());
    Reconciliation.Difference audio = r.differences().stream()
        .filter(d -> d.field() == UsageField.LLM_OUTPUT_AUDIO_TOKENS).findFirst().orElseThrow();
    assertThat(audio.responses()).extracting(Reconciliation.Contribution::id).containsExactly("resp_1");
    assertThat(audio.responses().get(0).collected()).isEqualTo(-1);
  }

  @Test
  void theLedgerIsThreadSafeAndKeepsOrder() throws Exception {
    Ledger l = new Ledger();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int base = t * 1000;
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) l.record(response("r" + (base + i), 1, 0, 0, 1));
      });
      threads[t].start();
    }
    for (Thread t : threads) t.join();
    assertThat(l.size()).isEqualTo(4000);
    assertThat(l.summary().llmOutputAudioTokens()).isEqualTo(4000);
    assertThat(l.entry("r2999")).isNotNull();
    l.clear();
    assertThat(l.entries()).isEmpty();
  }

  @Test
  void ttsEntriesBillCharactersAndAudio() {
    Ledger l = new Ledger();
    l.record(new LedgerEntry("req_1", "openai-speech", "api.openai.com", "gpt-4o-mini-tts", Billing.TTS_SYNTHESIS,
        "completed", T0, T0.plusMillis(800), new LedgerEntry.Tokens(14, 0, 0, 0, 0, 0, 0, 101, 0), 42,
        Duration.ofMillis(2400)));
    TtsMetrics ideal = (TtsMetrics) l.idealMetrics().get(0);
    assertThat(ideal.charactersCount()).isEqualTo(42);
    assertThat(ideal.audioDuration()).isEqualTo(Duration.ofMillis(2400));
    assertThat(ideal.inputTokens()).isEqualTo(14);
    assertThat(ideal.outputTokens()).isEqualTo(101);
    assertThat(l.usage().tts("api.openai.com", "gpt-4o-mini-tts")).hasValueSatisfying(u -> assertThat(u.charactersCount()).isEqualTo(42));
  }
}
