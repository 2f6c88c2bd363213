package dev.agentharness.usage;

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
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics.InputTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.OutputTokenDetails;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class UsageCollectorTest {

  /** Three OpenAI realtime responses; the first is the GA {@code response.done} example. */
  static List<AgentMetrics> realtimeStream() {
    return List.of(
        responseDoneExample(), // in 132 = 119 + 13, cached 64 = text 64, out 121 = 30 + 91
        realtime("resp_2", 150, 100, 0, 64, 64, 0, 40, 140), // in 250, cached 128, out 180
        realtime("resp_3", 160, 150, 0, 128, 64, 0, 20, 55)); // in 310, cached 192, out 75
  }

  @Test
  void responseDoneExampleIsCopiedFieldForField() {
    UsageSummary s = UsageCollector.summarize(List.of(responseDoneExample()));

    assertThat(s).isEqualTo(new UsageSummary(
        132, 64, 13, 0, 119, 64, 0, 0, 121, 91, 0, 30, 0, Duration.ZERO, Duration.ZERO));
  }

  @Test
  void realtimeStreamCountsOutputAudioAndSumsEveryField() {
    UsageCollector c = new UsageCollector();
    realtimeStream().forEach(c::collect);
    UsageSummary s = c.summary();

    assertThat(s.llmOutputAudioTokens()).isEqualTo(91 + 140 + 55).isPositive();
    assertThat(s).isEqualTo(new UsageSummary(
        132 + 250 + 310, // prompt
        64 + 128 + 192, // prompt cached
        13 + 100 + 150, // input audio
        0 + 64 + 64, // input cached audio
        119 + 150 + 160, // input text
        64 + 64 + 128, // input cached text
        0, 0, // input image, cached image
        121 + 180 + 75, // completion
        91 + 140 + 55, // output audio
        0, // output image
        30 + 40 + 20, // output text
        0, Duration.ZERO, Duration.ZERO));
    assertThat(s.llmInputTokens()).isEqualTo(692);
    assertThat(s.llmOutputTokens()).isEqualTo(376);
  }

  @Test
  void imageTokensInAndOutAreCounted() {
    RealtimeModelMetrics withImages = realtime("resp_img", 40, 0, 765, 0, 0, 512, 12, 0).toBuilder()
        .outputTokens(19)
        .outputTokenDetails(new OutputTokenDetails(12, 0, 7))
        .build();

    UsageSummary s = UsageCollector.summarize(List.of(withImages));

    assertThat(s.llmInputImageTokens()).isEqualTo(765);
    assertThat(s.llmInputCachedImageTokens()).isEqualTo(512);
    assertThat(s.llmOutputImageTokens()).isEqualTo(7);
    assertThat(s.llmOutputTextTokens()).isEqualTo(12);
    assertThat(s.llmCompletionTokens()).isEqualTo(19);
  }

  @Test
  void ttsPipelineHasNoAudioTokensButCharactersAndExactDurations() {
    List<AgentMetrics> stream = List.of(
        stt(millis(2350)),
        llm(1200, 1024, 85),
        tts(142, millis(8640)),
        stt(millis(1125)),
        stt(millis(840)),
        llm(1340, 1152, 42),
        tts(57, millis(3480)));

    UsageSummary s = UsageCollector.summarize(stream);

    assertThat(s.llmOutputAudioTokens()).isZero();
    assertThat(s.llmInputAudioTokens()).isZero();
    assertThat(s.ttsCharactersCount()).isEqualTo(142 + 57).isPositive();
    assertThat(s.ttsAudioDuration()).isEqualTo(Duration.ofMillis(12_120));
    assertThat(s.sttAudioDuration()).isEqualTo(Duration.ofMillis(4_315));
    assertThat(s).isEqualTo(new UsageSummary(
        2540, 2176, 0, 0, 0, 0, 0, 0, 127, 0, 0, 0, 199, Duration.ofMillis(12_120), Duration.ofMillis(4_315)));
  }

  @Test
  void durationsAreSummedExactlyWhereFloatSecondsWouldDrift() {
    // 0.1 s ten times: float seconds give 0.9999999999999999, nanoseconds give exactly 1 s
    UsageCollector c = new UsageCollector();
    for (int i = 0; i < 10; i++) {
      c.collect(stt(millis(100)));
      c.collect(tts(1, millis(100)));
    }

    assertThat(c.summary().sttAudioDuration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.summary().ttsAudioDuration()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void textOnlyRealtimeResponseCountsTextAndNoAudio() {
    RealtimeModelMetrics textOnly = realtime("resp_text", 220, 0, 0, 128, 0, 0, 48, 0).toBuilder()
        .ttft(AgentMetrics.NOT_MEASURED)
        .build();

    UsageSummary s = UsageCollector.summarize(List.of(textOnly));

    assertThat(s.llmInputTextTokens()).isEqualTo(220);
    assertThat(s.llmInputCachedTextTokens()).isEqualTo(128);
    assertThat(s.llmOutputTextTokens()).isEqualTo(48);
    assertThat(s.llmCompletionTokens()).isEqualTo(48);
    assertThat(s.llmInputAudioTokens()).isZero();
    assertThat(s.llmInputCachedAudioTokens()).isZero();
    assertThat(s.llmOutputAudioTokens()).isZero();
  }

  @Test
  void cachedTokensAreASubsetNeitherSubtractedNorAddedTwice() {
    UsageSummary s = UsageCollector.summarize(List.of(responseDoneExample(), llm(1200, 1024, 85)));

    // 132 + 1200: the cached 64 and 1024 are already inside the prompt counts
    assertThat(s.llmPromptTokens()).isEqualTo(1332);
    assertThat(s.llmPromptCachedTokens()).isEqualTo(1088);
    // the realtime text input (119) already contains its cached text (64)
    assertThat(s.llmInputTextTokens()).isEqualTo(119);
    assertThat(s.llmInputCachedTextTokens()).isEqualTo(64);
    assertThat(s.llmInputCachedTextTokens()).isLessThanOrEqualTo(s.llmInputTextTokens());
    assertThat(s.llmPromptCachedTokens()).isLessThanOrEqualTo(s.llmPromptTokens());
  }

  @Test
  void realtimeModalitiesAddUpToTheTotalsWithoutDoubleCounting() {
    UsageSummary s = UsageCollector.summarize(realtimeStream());

    assertThat(s.llmInputTextTokens() + s.llmInputAudioTokens() + s.llmInputImageTokens())
        .isEqualTo(s.llmPromptTokens());
    assertThat(s.llmInputCachedTextTokens() + s.llmInputCachedAudioTokens() + s.llmInputCachedImageTokens())
        .isEqualTo(s.llmPromptCachedTokens());
    assertThat(s.llmOutputTextTokens() + s.llmOutputAudioTokens() + s.llmOutputImageTokens())
        .isEqualTo(s.llmCompletionTokens());
  }

  @Test
  void missingCachedDetailsStillCountTheCachedTotal() {
    RealtimeModelMetrics noDetails = responseDoneExample().toBuilder()
        .inputTokenDetails(new InputTokenDetails(13, 119, 0, 64, null))
        .build();

    UsageSummary s = UsageCollector.summarize(List.of(noDetails));

    assertThat(s.llmPromptCachedTokens()).isEqualTo(64);
    assertThat(s.llmInputCachedTextTokens()).isZero();
    assertThat(s.llmInputCachedAudioTokens()).isZero();
    assertThat(s.llmInputCachedImageTokens()).isZero();
    assertThat(s.llmInputTextTokens()).isEqualTo(119);
  }

  @Test
  void emptyRequestIdConnectionMetricAddsNothing() {
    RealtimeModelMetrics connection = connectionMetric(Fixtures.OPENAI_REALTIME);
    assertThat(connection.isConnectionMetric()).isTrue();
    assertThat(connection.acquireTime()).isEqualTo(millis(312));

    UsageCollector c = new UsageCollector();
    c.collect(connection);
    assertThat(c.summary().isEmpty()).isTrue();

    realtimeStream().forEach(c::collect);
    UsageSummary before = c.summary();
    c.collect(connection);
    assertThat(c.summary()).isEqualTo(before).isEqualTo(UsageCollector.summarize(realtimeStream()));
  }

  @Test
  void llmCacheCreationTokensAreIgnored() {
    var plain = llm(1200, 1024, 85);
    var withWrites = plain.toBuilder().cacheCreationTokens(300).build();

    assertThat(UsageCollector.summarize(List.of(withWrites))).isEqualTo(UsageCollector.summarize(List.of(plain)));
  }

  @Test
  void realtimeSessionDurationIsIgnored() {
    var plain = responseDoneExample();
    var sessionBilled = plain.toBuilder().sessionDuration(Duration.ofMinutes(10)).build();

    UsageSummary s = UsageCollector.summarize(List.of(sessionBilled));
    assertThat(s).isEqualTo(UsageCollector.summarize(List.of(plain)));
    assertThat(s.ttsAudioDuration()).isZero();
    assertThat(s.sttAudioDuration()).isZero();
  }

  @Test
  void ttsAndSttTokensAreIgnored() {
    var ttsPlain = tts(142, millis(8640));
    var ttsTokens = ttsPlain.toBuilder().inputTokens(142).outputTokens(1800).build();
    var sttPlain = stt(millis(2350));
    var sttTokens = sttPlain.toBuilder().inputTokens(600).outputTokens(25).build();

    UsageSummary s = UsageCollector.summarize(List.of(ttsTokens, sttTokens));

    assertThat(s).isEqualTo(UsageCollector.summarize(List.of(ttsPlain, sttPlain)));
    assertThat(s.llmPromptTokens()).isZero();
    assertThat(s.llmCompletionTokens()).isZero();
  }

  @Test
  void vadEouEotInterruptionAndAvatarMetricsAddNothing() {
    UsageCollector c = new UsageCollector();
    for (AgentMetrics m : List.of(vad(), eou(), eot(3), interruption(2), avatar())) {
      c.collect(m);
      assertThat(c.summary()).as(m.type()).isEqualTo(UsageSummary.EMPTY);
    }
  }

  @Test
  void summaryIsAnImmutableSnapshot() {
    UsageCollector c = new UsageCollector();
    c.collect(responseDoneExample());
    c.collect(tts(142, millis(8640)));
    UsageSummary first = c.summary();

    c.collect(realtime("resp_2", 150, 100, 0, 64, 64, 0, 40, 140));
    c.collect(stt(millis(2350)));
    c.collect(tts(57, millis(3480)));

    assertThat(first).isEqualTo(new UsageSummary(
        132, 64, 13, 0, 119, 64, 0, 0, 121, 91, 0, 30, 142, millis(8640), Duration.ZERO));
    assertThat(c.summary()).isNotEqualTo(first);
    assertThat(c.summary().minus(first)).isEqualTo(new UsageSummary(
        250, 128, 100, 64, 150, 64, 0, 0, 180, 140, 0, 40, 57, millis(3480), millis(2350)));
  }

  @Test
  void acceptIsCollect() {
    UsageCollector viaAccept = new UsageCollector();
    realtimeStream().forEach(viaAccept);

    assertThat(viaAccept.summary()).isEqualTo(UsageCollector.summarize(realtimeStream()));
  }

  @Test
  void defaultProfileIsLiveKitPython() {
    assertThat(new UsageCollector().profile()).isEqualTo(UsageProfile.LIVEKIT_PYTHON);
    assertThat(UsageCollector.summarize(realtimeStream()))
        .isEqualTo(UsageCollector.summarize(realtimeStream(), UsageProfile.LIVEKIT_PYTHON));
  }

  @Test
  void nullMetricIsRejected() {
    UsageCollector c = new UsageCollector();
    assertThatNullPointerException().isThrownBy(() -> c.collect(null));
    assertThatNullPointerException().isThrownBy(() -> new UsageCollector(null));
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void metricThatCannotBeAddedAddsNothingAndLeavesTheCollectorUsable() {
    UsageCollector c = new UsageCollector();
    c.collect(tts(142, millis(8640)));
    UsageSummary before = c.summary();
    // 2^62 seconds: Duration.toNanos() overflows
    var overflowing = tts(57, Duration.ofSeconds(1L << 62));

    assertThatThrownBy(() -> c.collect(overflowing)).isInstanceOf(ArithmeticException.class);

    assertThat(c.summary()).isEqualTo(before);
    c.collect(stt(millis(2350)));
    assertThat(c.summary().sttAudioDuration()).isEqualTo(millis(2350));
    assertThat(c.summary().ttsCharactersCount()).isEqualTo(142);
  }

  @Test
  void toStringNamesProfileAndTotals() {
    UsageCollector c = new UsageCollector(UsageProfile.LIVEKIT_JS_LEGACY);
    c.collect(responseDoneExample());

    assertThat(c.toString())
        .startsWith("UsageCollector[livekit-js-legacy] UsageSummary(llm_prompt_tokens=132, llm_prompt_cached_tokens=64,");
  }
}
