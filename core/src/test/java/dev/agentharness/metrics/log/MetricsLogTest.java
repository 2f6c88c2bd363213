package dev.agentharness.metrics.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.AvatarMetrics;
import dev.agentharness.metrics.EotInferenceMetrics;
import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.InterruptionMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics.CachedTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.InputTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.OutputTokenDetails;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.metrics.VadMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsLogTest {

  private static final Instant T = Instant.ofEpochSecond(1_732_665_600);

  private static MetricsLogEntry entryOf(AgentMetrics m) {
    return MetricsLog.entry(m).orElseThrow();
  }

  @Test
  void llm() {
    LlmMetrics m = LlmMetrics.builder().timestamp(T).ttft(Duration.ofMillis(680)).promptTokens(81)
        .promptCachedTokens(64).cacheCreationTokens(7).completionTokens(42).totalTokens(123).tokensPerSecond(34.0234)
        .duration(Duration.ofSeconds(2)).metadata(Metadata.of("api.openai.com", "gpt-4o-mini")).build();
    MetricsLogEntry e = entryOf(m);
    assertThat(e.message()).isEqualTo("LLM metrics");
    assertThat(e.fields()).containsExactly(
        entry("model_name", "gpt-4o-mini"), entry("model_provider", "api.openai.com"), entry("ttft", 0.68),
        entry("prompt_tokens", 81L), entry("prompt_cached_tokens", 64L), entry("cache_creation_tokens", 7L),
        entry("completion_tokens", 42L), entry("tokens_per_second", 34.02));
    assertThat(e).hasToString("LLM metrics {\"model_name\": \"gpt-4o-mini\", \"model_provider\": \"api.openai.com\","
        + " \"ttft\": 0.68, \"prompt_tokens\": 81, \"prompt_cached_tokens\": 64, \"cache_creation_tokens\": 7,"
        + " \"completion_tokens\": 42, \"tokens_per_second\": 34.02}");
  }

  @ParameterizedTest(name = "ttft {0} ms -> {1}")
  @CsvSource({
      "125, 0.12", // exact tie in binary: half-even
      "135, 0.14", // 0.135 is a little above its decimal
      "675, 0.68", // 0.675 is a little above
      "2675, 2.67", // 2.675 is a little below
      "5, 0.01",
      "1005, 1.0",
      "-1000, -1.0", // NOT_MEASURED
      "3, 0.0"})
  void ttftIsRoundedLikePython(long millis, double expected) {
    MetricsLogEntry e = entryOf(LlmMetrics.builder().timestamp(T).ttft(Duration.ofMillis(millis)).build());
    assertThat(e.fields().get("ttft")).isEqualTo(expected);
  }

  @Test
  void tokensPerSecondIsRoundedLikePython() {
    assertThat(entryOf(LlmMetrics.builder().timestamp(T).tokensPerSecond(23.125).build()).fields())
        .containsEntry("tokens_per_second", 23.12);
    assertThat(entryOf(LlmMetrics.builder().timestamp(T).tokensPerSecond(-0.001).build()).toString())
        .endsWith("\"tokens_per_second\": -0.0}");
  }

  @Test
  void withoutMetadataThereAreNoModelKeys() {
    MetricsLogEntry e = entryOf(LlmMetrics.builder().timestamp(T).build());
    assertThat(e.fields()).containsOnlyKeys("ttft", "prompt_tokens", "prompt_cached_tokens", "cache_creation_tokens",
        "completion_tokens", "tokens_per_second");
    assertThat(e.fields()).containsEntry("ttft", -1.0);
  }

  @Test
  void unsetMetadataPartsAreUnknown() {
    MetricsLogEntry partial =
        entryOf(SttMetrics.builder().timestamp(T).metadata(Metadata.of("deepgram", null)).build());
    assertThat(partial.fields()).containsExactly(
        entry("model_name", "unknown"), entry("model_provider", "deepgram"), entry("audio_duration", 0.0));
    MetricsLogEntry empty = entryOf(SttMetrics.builder().timestamp(T).metadata(new Metadata("", null)).build());
    assertThat(empty.fields()).containsEntry("model_name", "unknown").containsEntry("model_provider", "unknown");
  }

  @Test
  void realtime() {
    RealtimeModelMetrics m = RealtimeModelMetrics.builder().timestamp(T).requestId("resp_1")
        .ttft(Duration.ofMillis(425))
        .inputTokens(1200).outputTokens(301).totalTokens(1501).tokensPerSecond(109.0909090909091)
        .inputTokenDetails(new InputTokenDetails(900, 250, 50, 640, new CachedTokenDetails(600, 30, 10)))
        .outputTokenDetails(new OutputTokenDetails(60, 240, 1)).build();
    MetricsLogEntry e = entryOf(m);
    assertThat(e.message()).isEqualTo("RealtimeModel metrics");
    assertThat(e.fields()).containsExactly(
        entry("ttft", 0.42), entry("input_tokens", 1200L), entry("cached_input_tokens", 640L),
        entry("input_text_tokens", 250L), entry("input_cached_text_tokens", 30L), entry("input_image_tokens", 50L),
        entry("input_cached_image_tokens", 10L), entry("input_audio_tokens", 900L),
        entry("input_cached_audio_tokens", 600L), entry("output_tokens", 301L), entry("output_text_tokens", 60L),
        entry("output_audio_tokens", 240L), entry("output_image_tokens", 1L), entry("total_tokens", 1501L),
        entry("tokens_per_second", 109.09));
  }

  @Test
  void realtimeWithoutCachedDetailsLogsZeroCachedModalities() {
    RealtimeModelMetrics m = RealtimeModelMetrics.builder().timestamp(T)
        .inputTokenDetails(new InputTokenDetails(5, 6, 7, 3, null)).build();
    assertThat(entryOf(m).fields())
        .containsEntry("input_cached_text_tokens", 0L)
        .containsEntry("input_cached_image_tokens", 0L)
        .containsEntry("input_cached_audio_tokens", 0L)
        .containsEntry("cached_input_tokens", 3L);
  }

  @Test
  void ttsTtfbIsNotRounded() {
    TtsMetrics m = TtsMetrics.builder().timestamp(T).ttfb(Duration.ofNanos(312_345_670))
        .audioDuration(Duration.ofMillis(3215)).charactersCount(57).build();
    MetricsLogEntry e = entryOf(m);
    assertThat(e.message()).isEqualTo("TTS metrics");
    assertThat(e.fields()).containsExactly(entry("ttfb", 0.31234567), entry("audio_duration", 3.21));
    assertThat(e).hasToString("TTS metrics {\"ttfb\": 0.31234567, \"audio_duration\": 3.21}");
    assertThat(entryOf(TtsMetrics.builder().timestamp(T).build()).fields()).containsEntry("ttfb", -1.0);
  }

  @Test
  void eouLogsTwoDelays() {
    EouMetrics m = EouMetrics.builder().timestamp(T).endOfUtteranceDelay(Duration.ofMillis(512))
        .transcriptionDelay(Duration.ofMillis(145)).onUserTurnCompletedDelay(Duration.ofSeconds(3)).build();
    MetricsLogEntry e = entryOf(m);
    assertThat(e.message()).isEqualTo("EOU metrics");
    assertThat(e.fields()).containsExactly(entry("end_of_utterance_delay", 0.51), entry("transcription_delay", 0.14));
  }

  @Test
  void sttLogsOnlyTheAudioDuration() {
    SttMetrics m = SttMetrics.builder().timestamp(T).duration(Duration.ofSeconds(1))
        .audioDuration(Duration.ofNanos(2_400_000_001L)).inputTokens(5).build();
    MetricsLogEntry e = entryOf(m);
    assertThat(e.message()).isEqualTo("STT metrics");
    assertThat(e.fields()).containsExactly(entry("audio_duration", 2.4));
  }

  @Test
  void interruption() {
    InterruptionMetrics m = InterruptionMetrics.builder().timestamp(T).totalDuration(Duration.ofMillis(88))
        .predictionDuration(Duration.ofMillis(21)).detectionDelay(Duration.ofMillis(245)).numInterruptions(1)
        .numBackchannels(0).numRequests(3).build();
    MetricsLogEntry e = entryOf(m);
    assertThat(e.message()).isEqualTo("Interruption metrics");
    assertThat(e.fields()).containsExactly(entry("total_duration", 0.09), entry("prediction_duration", 0.02),
        entry("detection_delay", 0.24), entry("num_interruptions", 1L), entry("num_backchannels", 0L),
        entry("num_requests", 3L));
  }

  @Test
  void avatarRoundsToThreePlacesAndSkipsWhatIsUnset() {
    AvatarMetrics full = AvatarMetrics.builder().timestamp(T).playbackLatency(Duration.ofNanos(12_500_000))
        .sessionStartedTime(T).avatarJoinedTime(T.plus(Duration.ofNanos(1_234_400_000)))
        .metadata(Metadata.of("tavus", "cvi")).build();
    MetricsLogEntry e = entryOf(full);
    assertThat(e.message()).isEqualTo("Avatar metrics");
    assertThat(e.fields()).containsExactly(entry("model_name", "cvi"), entry("model_provider", "tavus"),
        entry("avatar_join_latency", 1.234), entry("playback_latency", 0.013));

    MetricsLogEntry partial = entryOf(AvatarMetrics.builder().timestamp(T).sessionStartedTime(T).build());
    assertThat(partial.fields()).isEmpty();
    assertThat(partial).hasToString("Avatar metrics");

    MetricsLogEntry epoch = entryOf(AvatarMetrics.builder().timestamp(T).sessionStartedTime(Instant.EPOCH)
        .avatarJoinedTime(T).build());
    assertThat(epoch.fields()).doesNotContainKey("avatar_join_latency"); // 0.0 is falsy in Python
  }

  @Test
  void vadAndEotInferenceAreNotLogged() {
    assertThat(MetricsLog.entry(VadMetrics.builder().timestamp(T).inferenceCount(30).build())).isEmpty();
    assertThat(MetricsLog.entry(EotInferenceMetrics.builder().timestamp(T).build())).isEmpty();
  }

  @Test
  void forEachFieldVisitsInOrder() {
    List<String> seen = new ArrayList<>();
    entryOf(TtsMetrics.builder().timestamp(T).metadata(Metadata.of("p", "m")).build())
        .forEachField((k, v) -> seen.add(k + "=" + v));
    assertThat(seen).containsExactly("model_name=m", "model_provider=p", "ttfb=-1.0", "audio_duration=0.0");
  }

  @Test
  void entryIsImmutableAndRendersStringsAsJson() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("name", "say \"hi\"");
    source.put("n", 3L);
    MetricsLogEntry e = new MetricsLogEntry("X metrics", source);
    source.put("late", 1L);
    assertThat(e.fields()).containsOnlyKeys("name", "n");
    assertThatThrownBy(() -> e.fields().put("k", 1L)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(e.fieldsJson()).isEqualTo("{\"name\": \"say \\\"hi\\\"\", \"n\": 3}");
  }

  @Test
  void logsAtInfoToASystemLogger() {
    Capturing logger = new Capturing(System.Logger.Level.INFO);
    MetricsLog.log(logger, SttMetrics.builder().timestamp(T).audioDuration(Duration.ofMillis(2400)).build());
    MetricsLog.log(logger, VadMetrics.builder().timestamp(T).build());
    assertThat(logger.lines).containsExactly("INFO STT metrics {\"audio_duration\": 2.4}");

    Capturing quiet = new Capturing(System.Logger.Level.WARNING);
    MetricsLog.log(quiet, SttMetrics.builder().timestamp(T).build());
    assertThat(quiet.lines).isEmpty();
  }

  private static final class Capturing implements System.Logger {
    final List<String> lines = new ArrayList<>();
    final Level threshold;

    Capturing(Level threshold) {
      this.threshold = threshold;
    }

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (isLoggable(level)) lines.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) lines.add(level + " " + format);
    }
  }
}
