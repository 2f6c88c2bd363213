package dev.agentharness.usage;

import static dev.agentharness.usage.Fixtures.ANTHROPIC_LLM;
import static dev.agentharness.usage.Fixtures.CARTESIA_TTS;
import static dev.agentharness.usage.Fixtures.DEEPGRAM_STT;
import static dev.agentharness.usage.Fixtures.GEMINI_LIVE;
import static dev.agentharness.usage.Fixtures.LIVEKIT_EOT;
import static dev.agentharness.usage.Fixtures.LIVEKIT_INTERRUPTION;
import static dev.agentharness.usage.Fixtures.OPENAI_LLM;
import static dev.agentharness.usage.Fixtures.OPENAI_REALTIME;
import static dev.agentharness.usage.Fixtures.avatar;
import static dev.agentharness.usage.Fixtures.connectionMetric;
import static dev.agentharness.usage.Fixtures.eot;
import static dev.agentharness.usage.Fixtures.eou;
import static dev.agentharness.usage.Fixtures.interruption;
import static dev.agentharness.usage.Fixtures.llm;
import static dev.agentharness.usage.Fixtures.millis;
import static dev.agentharness.usage.Fixtures.realtime;
import static dev.agentharness.usage.Fixtures.responseDoneExample;
import static dev.agentharness.usage.Fixtures.stt;
import static dev.agentharness.usage.Fixtures.tts;
import static dev.agentharness.usage.Fixtures.vad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics.OutputTokenDetails;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelUsageCollectorTest {

  private static String key(ModelUsage u) {
    return u.type() + " " + u.provider() + "/" + u.model();
  }

  @Test
  void realtimeStreamFillsEveryModalityAndSessionDuration() {
    List<AgentMetrics> stream = new ArrayList<>();
    stream.add(responseDoneExample().toBuilder().sessionDuration(Duration.ofSeconds(30)).build());
    stream.add(realtime("resp_2", 150, 100, 0, 64, 64, 0, 40, 140).toBuilder()
        .sessionDuration(Duration.ofMillis(45_500)).build());
    stream.add(realtime("resp_3", 160, 150, 0, 128, 64, 0, 20, 55));

    AgentSessionUsage usage = ModelUsageCollector.summarize(stream);

    assertThat(usage.modelUsage()).containsExactly(new LlmModelUsage(
        "api.openai.com", "gpt-realtime",
        692, // input
        384, // input cached
        0, // cache creation
        263, 128, // audio, cached audio
        429, 256, // text, cached text
        0, 0, // image, cached image
        376, 286, 90, // output, output audio, output text
        Duration.ofMillis(75_500)));
  }

  @Test
  void modalityTotalsAgreeWithUsageCollector() {
    List<AgentMetrics> stream = UsageCollectorTest.realtimeStream();
    UsageSummary s = UsageCollector.summarize(stream);
    LlmModelUsage u = ModelUsageCollector.summarize(stream).llm("api.openai.com", "gpt-realtime").orElseThrow();

    assertThat(u.inputTokens()).isEqualTo(s.llmPromptTokens());
    assertThat(u.inputCachedTokens()).isEqualTo(s.llmPromptCachedTokens());
    assertThat(u.inputAudioTokens()).isEqualTo(s.llmInputAudioTokens());
    assertThat(u.inputCachedAudioTokens()).isEqualTo(s.llmInputCachedAudioTokens());
    assertThat(u.inputTextTokens()).isEqualTo(s.llmInputTextTokens());
    assertThat(u.inputCachedTextTokens()).isEqualTo(s.llmInputCachedTextTokens());
    assertThat(u.outputTokens()).isEqualTo(s.llmCompletionTokens());
    assertThat(u.outputAudioTokens()).isEqualTo(s.llmOutputAudioTokens()).isEqualTo(286);
    assertThat(u.outputTextTokens()).isEqualTo(s.llmOutputTextTokens());
  }

  @Test
  void groupsByProviderAndModelInFirstSeenOrder() {
    List<AgentMetrics> stream = List.of(
        responseDoneExample(),
        realtime("gemini_1", 300, 900, 0, 0, 0, 0, 15, 420).toBuilder().metadata(GEMINI_LIVE).build(),
        llm(1200, 1024, 85),
        realtime("resp_2", 150, 100, 0, 64, 64, 0, 40, 140),
        // same provider, other model: a separate entry
        llm(500, 0, 20).toBuilder().metadata(Metadata.of("api.openai.com", "gpt-4.1")).build(),
        llm(1340, 1152, 42));

    AgentSessionUsage usage = ModelUsageCollector.summarize(stream);

    assertThat(usage.modelUsage()).extracting(ModelUsageCollectorTest::key).containsExactly(
        "llm_usage api.openai.com/gpt-realtime",
        "llm_usage Gemini/gemini-2.5-flash-native-audio",
        "llm_usage api.openai.com/gpt-4o-mini",
        "llm_usage api.openai.com/gpt-4.1");
    assertThat(usage.llm("api.openai.com", "gpt-realtime").orElseThrow().inputTokens()).isEqualTo(132 + 250);
    assertThat(usage.llm("Gemini", "gemini-2.5-flash-native-audio").orElseThrow().outputAudioTokens()).isEqualTo(420);
    LlmModelUsage mini = usage.llm(OPENAI_LLM.modelProvider(), OPENAI_LLM.modelName()).orElseThrow();
    assertThat(mini.inputTokens()).isEqualTo(2540);
    assertThat(mini.inputCachedTokens()).isEqualTo(2176);
    assertThat(mini.outputTokens()).isEqualTo(127);
    assertThat(usage.llm("api.openai.com", "gpt-4.1").orElseThrow().inputTokens()).isEqualTo(500);
  }

  @Test
  void plainLlmMetricsFillOnlyTheTotalsAndCountCacheCreation() {
    var anthropic = llm(2000, 1500, 120).toBuilder().cacheCreationTokens(300).metadata(ANTHROPIC_LLM).build();

    AgentSessionUsage usage = ModelUsageCollector.summarize(List.of(anthropic, anthropic));

    assertThat(usage.modelUsage()).containsExactly(new LlmModelUsage(
        "anthropic", "claude-sonnet-4", 4000, 3000, 600, 0, 0, 0, 0, 0, 0, 240, 0, 0, Duration.ZERO));
  }

  @Test
  void metricWithoutMetadataIsKeyedByEmptyStrings() {
    // agents-js's OpenAI realtime plugin sets no metadata
    var jsRealtime = responseDoneExample().toBuilder().metadata(null).build();
    var jsTts = tts(142, millis(8640)).toBuilder().metadata(null).build();

    AgentSessionUsage usage = ModelUsageCollector.summarize(List.of(jsRealtime, jsTts, jsRealtime));

    assertThat(usage.modelUsage()).extracting(ModelUsageCollectorTest::key)
        .containsExactly("llm_usage /", "tts_usage /");
    assertThat(usage.llm("", "").orElseThrow().inputTokens()).isEqualTo(264);
    assertThat(usage.tts("", "").orElseThrow().charactersCount()).isEqualTo(142);
  }

  @Test
  void entriesComeInLiveKitOrderWhateverTheArrivalOrder() {
    List<AgentMetrics> stream = List.of(
        eot(1), interruption(1), stt(millis(2350)), tts(142, millis(8640)), llm(1200, 1024, 85), responseDoneExample());

    AgentSessionUsage usage = ModelUsageCollector.summarize(stream);

    assertThat(usage.modelUsage()).extracting(ModelUsage::type).containsExactly(
        "llm_usage", "llm_usage", "tts_usage", "stt_usage", "interruption_usage", "eot_usage");
    assertThat(usage.modelUsage().get(0).model()).isEqualTo("gpt-4o-mini");
    assertThat(usage.modelUsage().get(1).model()).isEqualTo("gpt-realtime");
  }

  @Test
  void ttsAndSttKeepTheirTokensCharactersAndAudio() {
    List<AgentMetrics> stream = List.of(
        tts(142, millis(8640)).toBuilder().inputTokens(142).outputTokens(1800).build(),
        tts(57, millis(3480)),
        stt(millis(2350)).toBuilder().inputTokens(600).outputTokens(25).build(),
        stt(millis(1125)));

    AgentSessionUsage usage = ModelUsageCollector.summarize(stream);

    assertThat(usage.tts(CARTESIA_TTS.modelProvider(), CARTESIA_TTS.modelName())).contains(
        new TtsModelUsage("cartesia", "sonic-2", 142, 1800, 199, millis(12_120)));
    assertThat(usage.stt(DEEPGRAM_STT.modelProvider(), DEEPGRAM_STT.modelName())).contains(
        new SttModelUsage("deepgram", "nova-3", 600, 25, millis(3_475)));
  }

  @Test
  void outputImageTokensAreDropped() {
    var withImage = realtime("resp_img", 40, 0, 765, 0, 0, 512, 12, 0).toBuilder()
        .outputTokens(19)
        .outputTokenDetails(new OutputTokenDetails(12, 0, 7))
        .build();

    LlmModelUsage u = ModelUsageCollector.summarize(List.of(withImage)).llm("api.openai.com", "gpt-realtime")
        .orElseThrow();

    assertThat(u.inputImageTokens()).isEqualTo(765);
    assertThat(u.inputCachedImageTokens()).isEqualTo(512);
    assertThat(u.outputTokens()).isEqualTo(19); // the total as reported
    assertThat(u.outputTextTokens()).isEqualTo(12);
    assertThat(u.outputAudioTokens()).isZero();
    assertThat(Arrays.stream(LlmModelUsage.class.getRecordComponents()).map(RecordComponent::getName))
        .noneMatch(n -> n.toLowerCase().contains("outputimage"));
  }

  @Test
  void interruptionAndEotRequestsAreSummed() {
    List<AgentMetrics> stream = List.of(
        interruption(1), eot(1), interruption(2), eot(3), interruption(1), eot(1));

    AgentSessionUsage usage = ModelUsageCollector.summarize(stream);

    assertThat(usage.modelUsage()).containsExactly(
        new InterruptionModelUsage(LIVEKIT_INTERRUPTION.modelProvider(), LIVEKIT_INTERRUPTION.modelName(), 4),
        new EotModelUsage(LIVEKIT_EOT.modelProvider(), LIVEKIT_EOT.modelName(), 5));
  }

  @Test
  void vadEouAndAvatarMetricsAddNothing() {
    ModelUsageCollector c = new ModelUsageCollector();
    for (int i = 0; i < 10; i++) c.collect(vad());
    c.collect(eou());
    c.collect(avatar());

    assertThat(c.usage()).isEqualTo(AgentSessionUsage.EMPTY);
  }

  @Test
  void connectionMetricAddsNothing() {
    List<AgentMetrics> responses = UsageCollectorTest.realtimeStream();
    List<AgentMetrics> withConnections = new ArrayList<>();
    withConnections.add(connectionMetric(OPENAI_REALTIME));
    withConnections.addAll(responses);
    withConnections.add(connectionMetric(OPENAI_REALTIME)); // a reconnect

    assertThat(ModelUsageCollector.summarize(withConnections)).isEqualTo(ModelUsageCollector.summarize(responses));
  }

  @Test
  void usageIsAnImmutableSnapshot() {
    ModelUsageCollector c = new ModelUsageCollector();
    c.collect(responseDoneExample());
    AgentSessionUsage first = c.usage();

    c.collect(realtime("resp_2", 150, 100, 0, 64, 64, 0, 40, 140));
    c.collect(tts(142, millis(8640)));

    assertThat(first.modelUsage()).hasSize(1);
    assertThat(first.llm("api.openai.com", "gpt-realtime").orElseThrow().inputTokens()).isEqualTo(132);
    assertThat(c.usage().modelUsage()).hasSize(2);
    assertThat(c.usage().llm("api.openai.com", "gpt-realtime").orElseThrow().inputTokens()).isEqualTo(382);
    assertThatThrownBy(() -> first.modelUsage().add(first.modelUsage().get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void metricThatCannotBeAddedAddsNothing() {
    ModelUsageCollector c = new ModelUsageCollector();
    c.collect(tts(142, millis(8640)));
    AgentSessionUsage before = c.usage();
    var overflowing = tts(57, Duration.ofSeconds(1L << 62)).toBuilder().inputTokens(57).build();
    var overflowingSession = responseDoneExample().toBuilder().sessionDuration(Duration.ofSeconds(1L << 62)).build();

    assertThatThrownBy(() -> c.collect(overflowing)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> c.collect(overflowingSession)).isInstanceOf(ArithmeticException.class);

    // no half-added metric: neither the TTS tokens and characters nor the realtime tokens
    assertThat(c.usage().ofType(TtsModelUsage.class)).isEqualTo(before.ofType(TtsModelUsage.class));
    assertThat(c.usage().ofType(LlmModelUsage.class)).allSatisfy(u -> assertThat(u.inputTokens()).isZero());
  }

  @Test
  void acceptIsCollect() {
    ModelUsageCollector c = new ModelUsageCollector();
    UsageCollectorTest.realtimeStream().forEach(c);

    assertThat(c.usage()).isEqualTo(ModelUsageCollector.summarize(UsageCollectorTest.realtimeStream()));
  }

  @Test
  void ofTypeAndFind() {
    AgentSessionUsage usage = ModelUsageCollector.summarize(List.of(
        responseDoneExample(), llm(1200, 1024, 85), tts(142, millis(8640)), stt(millis(2350))));

    assertThat(usage.ofType(LlmModelUsage.class)).hasSize(2);
    assertThat(usage.ofType(SttModelUsage.class)).hasSize(1);
    assertThat(usage.ofType(EotModelUsage.class)).isEmpty();
    assertThat(usage.find(TtsModelUsage.class, "cartesia", "sonic-2")).isPresent();
    assertThat(usage.find(TtsModelUsage.class, "cartesia", "sonic-3")).isEmpty();
    assertThat(usage.llm("cartesia", "sonic-2")).isEmpty();
  }
}
