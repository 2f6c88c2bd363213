package dev.agentharness.usage;

import static dev.agentharness.usage.Fixtures.llm;
import static dev.agentharness.usage.Fixtures.millis;
import static dev.agentharness.usage.Fixtures.realtime;
import static dev.agentharness.usage.Fixtures.stt;
import static dev.agentharness.usage.Fixtures.tts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics.OutputTokenDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UsageProfileTest {

  /** A stream in which every one of the 15 fields is non-zero under LiveKit Python. */
  static List<AgentMetrics> richStream() {
    List<AgentMetrics> s = new ArrayList<>(UsageCollectorTest.realtimeStream());
    s.add(realtime("resp_img", 40, 0, 765, 0, 0, 512, 12, 0).toBuilder()
        .outputTokens(19)
        .outputTokenDetails(new OutputTokenDetails(12, 0, 7))
        .build());
    s.add(llm(1200, 1024, 85));
    s.add(tts(142, millis(8640)));
    s.add(stt(millis(2350)));
    return s;
  }

  @ParameterizedTest
  @EnumSource(UsageProfile.class)
  void fieldsOfAProfileAreCountedAndTheOthersStayZero(UsageProfile profile) {
    UsageSummary s = UsageCollector.summarize(richStream(), profile);

    for (UsageField f : UsageField.values()) {
      if (profile.has(f)) {
        assertThat(s.get(f)).as("%s %s", profile, f).isPositive();
      } else {
        assertThat(s.get(f)).as("%s %s", profile, f).isZero();
      }
    }
  }

  @Test
  void jsLegacyReportsNoAudioTokensForAStreamThatHasThem() {
    List<AgentMetrics> stream = UsageCollectorTest.realtimeStream();
    UsageSummary python = UsageCollector.summarize(stream);
    UsageSummary js = UsageCollector.summarize(stream, UsageProfile.LIVEKIT_JS_LEGACY);

    assertThat(python.llmOutputAudioTokens()).isEqualTo(286);
    assertThat(python.llmInputAudioTokens()).isEqualTo(263);
    assertThat(js.llmOutputAudioTokens()).isZero();
    assertThat(js.llmInputAudioTokens()).isZero();
    assertThat(js.llmOutputTextTokens()).isZero();
    // the totals agree: only the breakdown is missing
    assertThat(js).isEqualTo(new UsageSummary(692, 384, 0, 0, 0, 0, 0, 0, 376, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO));
  }

  @Test
  void jsLegacyCountsTtsCharactersButNoTtsAudio() {
    UsageSummary js = UsageCollector.summarize(
        List.of(tts(142, millis(8640)), tts(57, millis(3480))), UsageProfile.LIVEKIT_JS_LEGACY);

    assertThat(js.ttsCharactersCount()).isEqualTo(199);
    assertThat(js.ttsAudioDuration()).isZero();
  }

  @Test
  void jsLegacyRoundsSttAudioToWholeMillisecondsPerEvent() {
    List<AgentMetrics> stream = List.of(
        stt(Duration.ofNanos(1_234_400_000L)), // 1234.4 ms -> 1234
        stt(Duration.ofNanos(500_000L)), // 0.5 ms -> 1 (Math.round: half up)
        stt(Duration.ofNanos(2_000_499_999L))); // 2000.499999 ms -> 2000

    assertThat(UsageCollector.summarize(stream, UsageProfile.LIVEKIT_JS_LEGACY).sttAudioDuration())
        .isEqualTo(Duration.ofMillis(1234 + 1 + 2000));
    assertThat(UsageCollector.summarize(stream).sttAudioDuration())
        .isEqualTo(Duration.ofNanos(1_234_400_000L + 500_000L + 2_000_499_999L));
  }

  @Test
  void jsLegacyRoundingPerEventDriftsFromTheExactSum() {
    // three 499.6 ms reports: JS rounds each to 500 ms, Python sums 1498.8 ms
    List<AgentMetrics> stream = List.of(
        stt(Duration.ofNanos(499_600_000L)), stt(Duration.ofNanos(499_600_000L)), stt(Duration.ofNanos(499_600_000L)));

    assertThat(UsageCollector.summarize(stream, UsageProfile.LIVEKIT_JS_LEGACY).sttAudioDuration())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(UsageCollector.summarize(stream).sttAudioDuration())
        .isEqualTo(Duration.ofNanos(1_498_800_000L));
  }

  @Test
  void prePython126HasNoModalityFieldsButStillTtsAudioDuration() {
    List<AgentMetrics> stream = new ArrayList<>(UsageCollectorTest.realtimeStream());
    stream.add(tts(142, millis(8640)));
    stream.add(stt(millis(2350)));

    UsageSummary old = UsageCollector.summarize(stream, UsageProfile.LIVEKIT_PYTHON_PRE_1_2_6);

    assertThat(old).isEqualTo(new UsageSummary(
        692, 384, 0, 0, 0, 0, 0, 0, 376, 0, 0, 0, 142, millis(8640), millis(2350)));
  }

  @Test
  void llmMetricsAreTheSameUnderEveryProfile() {
    List<AgentMetrics> stream = List.of(llm(1200, 1024, 85), llm(1340, 1152, 42));
    UsageSummary expected = new UsageSummary(2540, 2176, 0, 0, 0, 0, 0, 0, 127, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);

    for (UsageProfile p : UsageProfile.values()) {
      assertThat(UsageCollector.summarize(stream, p)).as(p.id()).isEqualTo(expected);
    }
  }

  @Test
  void profileFieldSets() {
    assertThat(UsageProfile.LIVEKIT_PYTHON.fields()).containsExactlyInAnyOrder(UsageField.values());
    assertThat(UsageProfile.LIVEKIT_JS_LEGACY.fields()).containsExactlyInAnyOrder(
        UsageField.LLM_PROMPT_TOKENS, UsageField.LLM_PROMPT_CACHED_TOKENS, UsageField.LLM_COMPLETION_TOKENS,
        UsageField.TTS_CHARACTERS_COUNT, UsageField.STT_AUDIO_DURATION);
    assertThat(UsageProfile.LIVEKIT_PYTHON_PRE_1_2_6.fields()).containsExactlyInAnyOrder(
        UsageField.LLM_PROMPT_TOKENS, UsageField.LLM_PROMPT_CACHED_TOKENS, UsageField.LLM_COMPLETION_TOKENS,
        UsageField.TTS_CHARACTERS_COUNT, UsageField.TTS_AUDIO_DURATION, UsageField.STT_AUDIO_DURATION);
  }

  @Test
  void byIdAcceptsIdsAndEnumNames() {
    assertThat(UsageProfile.byId("livekit-js-legacy")).isEqualTo(UsageProfile.LIVEKIT_JS_LEGACY);
    assertThat(UsageProfile.byId("livekit-python-pre-1.2.6")).isEqualTo(UsageProfile.LIVEKIT_PYTHON_PRE_1_2_6);
    assertThat(UsageProfile.byId("LIVEKIT_PYTHON")).isEqualTo(UsageProfile.LIVEKIT_PYTHON);
    assertThat(UsageProfile.byId("livekit_js_legacy")).isEqualTo(UsageProfile.LIVEKIT_JS_LEGACY);
    assertThat(UsageProfile.byId("livekit-go")).isNull();
    for (UsageProfile p : UsageProfile.values()) {
      assertThat(UsageProfile.byId(p.id())).isEqualTo(p);
    }
  }
}
