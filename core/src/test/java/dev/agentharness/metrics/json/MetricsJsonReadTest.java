package dev.agentharness.metrics.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsJsonReadTest {

  private static final Instant T = Instant.ofEpochSecond(1_732_665_600, 123_456_000);

  @Nested
  class Python {

    @Test
    void llm() {
      AgentMetrics m = MetricsJson.read("{\"type\":\"llm_metrics\",\"label\":\"livekit.plugins.openai.llm.LLM\","
          + "\"request_id\":\"chatcmpl-BDtY2aN3\",\"timestamp\":1732665600.123456,\"duration\":1.2104389999999999,"
          + "\"ttft\":0.6800000000000001,\"cancelled\":false,\"completion_tokens\":28,\"prompt_tokens\":81,"
          + "\"prompt_cached_tokens\":0,\"cache_creation_tokens\":0,\"total_tokens\":109,\"tokens_per_second\":23.13,"
          + "\"speech_id\":\"speech_a1b2c3\",\"metadata\":{\"model_name\":\"gpt-4o-mini\","
          + "\"model_provider\":\"api.openai.com\"}}");

      assertThat(m).isEqualTo(LlmMetrics.builder().label("livekit.plugins.openai.llm.LLM")
          .requestId("chatcmpl-BDtY2aN3").timestamp(T).duration(Duration.ofNanos(1_210_439_000)).ttft(ms(680))
          .completionTokens(28).promptTokens(81).totalTokens(109).tokensPerSecond(23.13).speechId("speech_a1b2c3")
          .metadata(Metadata.of("api.openai.com", "gpt-4o-mini")).build());
    }

    @Test
    void llmBefore1610HasNoCacheCreationTokens() {
      LlmMetrics m = (LlmMetrics) MetricsJson.read("{\"type\":\"llm_metrics\",\"label\":\"l\",\"request_id\":\"r\","
          + "\"timestamp\":1732665600.123456,\"duration\":0.5,\"ttft\":-1.0,\"cancelled\":true,\"completion_tokens\":0,"
          + "\"prompt_tokens\":0,\"prompt_cached_tokens\":0,\"total_tokens\":0,\"tokens_per_second\":0.0,"
          + "\"speech_id\":null,\"metadata\":null}");
      assertThat(m.cacheCreationTokens()).isZero();
      assertThat(m.ttft()).isEqualTo(AgentMetrics.NOT_MEASURED);
      assertThat(m.metadata()).isNull();
      assertThat(m.speechId()).isNull();
    }

    @Test
    void streamingStt() {
      AgentMetrics m = MetricsJson.read("{\"type\":\"stt_metrics\",\"label\":\"livekit.plugins.deepgram.stt.STT\","
          + "\"request_id\":\"f2c1\",\"timestamp\":1732665600.123456,\"duration\":0.0,\"audio_duration\":2.4,"
          + "\"input_tokens\":0,\"output_tokens\":0,\"streamed\":true,\"acquire_time\":0.0,\"connection_reused\":false,"
          + "\"metadata\":{\"model_name\":\"nova-3\",\"model_provider\":\"deepgram\"}}");
      assertThat(m).isEqualTo(SttMetrics.builder().label("livekit.plugins.deepgram.stt.STT").requestId("f2c1")
          .timestamp(T).audioDuration(ms(2400)).streamed(true).metadata(Metadata.of("deepgram", "nova-3")).build());
    }

    @Test
    void sttFrom1_2HasNoTokensOrConnectionFields() {
      SttMetrics m = (SttMetrics) MetricsJson.read("{\"type\":\"stt_metrics\",\"label\":\"x\",\"request_id\":\"r\","
          + "\"timestamp\":1732665600.123456,\"duration\":0.3,\"audio_duration\":1.5,\"streamed\":false}");
      assertThat(m.duration()).isEqualTo(ms(300));
      assertThat(m.inputTokens()).isZero();
      assertThat(m.acquireTime()).isEqualTo(Duration.ZERO);
      assertThat(m.connectionReused()).isFalse();
      assertThat(m.metadata()).isNull();
    }

    @Test
    void tts() {
      AgentMetrics m = MetricsJson.read("{\"type\":\"tts_metrics\",\"label\":\"livekit.plugins.cartesia.tts.TTS\","
          + "\"request_id\":\"b7e\",\"timestamp\":1732665600.123456,\"ttfb\":0.31234567,\"duration\":1.8,"
          + "\"audio_duration\":3.2,\"cancelled\":false,\"characters_count\":57,\"input_tokens\":0,\"output_tokens\":0,"
          + "\"streamed\":true,\"acquire_time\":0.021,\"connection_reused\":true,\"segment_id\":\"seg_1\","
          + "\"speech_id\":\"speech_1\",\"metadata\":{\"model_name\":\"sonic-2\",\"model_provider\":\"cartesia\"}}");
      assertThat(m).isEqualTo(TtsMetrics.builder().label("livekit.plugins.cartesia.tts.TTS").requestId("b7e")
          .timestamp(T).ttfb(Duration.ofNanos(312_345_670)).duration(ms(1800)).audioDuration(ms(3200))
          .charactersCount(57).streamed(true).acquireTime(ms(21)).connectionReused(true).segmentId("seg_1")
          .speechId("speech_1").metadata(Metadata.of("cartesia", "sonic-2")).build());
    }

    @Test
    void vadEouEotInterruptionAvatar() {
      assertThat(MetricsJson.read("{\"type\":\"vad_metrics\",\"label\":\"livekit.plugins.silero.vad.VAD\","
          + "\"timestamp\":1732665600.123456,\"idle_time\":12.5,\"inference_duration_total\":0.0412,"
          + "\"inference_count\":32,\"metadata\":null}"))
          .isEqualTo(VadMetrics.builder().label("livekit.plugins.silero.vad.VAD").timestamp(T)
              .idleTime(ms(12_500)).inferenceDurationTotal(Duration.ofNanos(41_200_000)).inferenceCount(32).build());
      assertThat(MetricsJson.read("{\"type\":\"eou_metrics\",\"timestamp\":1732665600.123456,"
          + "\"end_of_utterance_delay\":0.51,\"transcription_delay\":0.14,\"on_user_turn_completed_delay\":0.0,"
          + "\"speech_id\":\"speech_2\","
          + "\"metadata\":{\"model_name\":\"multilingual\",\"model_provider\":\"livekit\"}}"))
          .isEqualTo(EouMetrics.builder().timestamp(T).endOfUtteranceDelay(ms(510)).transcriptionDelay(ms(140))
              .speechId("speech_2").metadata(Metadata.of("livekit", "multilingual")).build());
      assertThat(MetricsJson.read("{\"type\":\"eot_inference_metrics\",\"timestamp\":1732665600.123456,"
          + "\"total_duration\":0.095,\"detection_delay\":0.12,\"prediction_duration\":0.031,\"metadata\":null}"))
          .isEqualTo(EotInferenceMetrics.builder().timestamp(T).totalDuration(ms(95)).detectionDelay(ms(120))
              .predictionDuration(ms(31)).numRequests(1).build());
      assertThat(MetricsJson.read("{\"type\":\"interruption_metrics\",\"timestamp\":1732665600.123456,"
          + "\"total_duration\":0.088,\"prediction_duration\":0.021,\"detection_delay\":0.24,\"num_interruptions\":1,"
          + "\"num_backchannels\":0,\"num_requests\":1,\"metadata\":null}"))
          .isEqualTo(InterruptionMetrics.builder().timestamp(T).totalDuration(ms(88)).predictionDuration(ms(21))
              .detectionDelay(ms(240)).numInterruptions(1).numRequests(1).build());
      assertThat(MetricsJson.read("{\"type\":\"avatar_metrics\",\"timestamp\":1732665600.123456,"
          + "\"playback_latency\":0.18,\"session_started_time\":1732665590.5,\"avatar_joined_time\":null,"
          + "\"metadata\":null}"))
          .isEqualTo(AvatarMetrics.builder().timestamp(T).playbackLatency(ms(180))
              .sessionStartedTime(Instant.ofEpochSecond(1_732_665_590, 500_000_000)).build());
    }

    @Test
    void eouFrom1_2CarriesLastSpeakingTime() {
      EouMetrics m = (EouMetrics) MetricsJson.read("{\"type\":\"eou_metrics\",\"timestamp\":1732665600.123456,"
          + "\"end_of_utterance_delay\":0.5,\"transcription_delay\":0.1,\"on_user_turn_completed_delay\":0.0,"
          + "\"last_speaking_time\":1732665599.25,\"speech_id\":null,\"metadata\":null}");
      assertThat(m.lastSpeakingTime()).isEqualTo(Instant.ofEpochSecond(1_732_665_599, 250_000_000));
    }

    @Test
    void openAiRealtime() {
      AgentMetrics m = MetricsJson.read("{\"type\":\"realtime_model_metrics\","
          + "\"label\":\"livekit.plugins.openai.realtime.realtime_model.RealtimeModel\","
          + "\"request_id\":\"resp_CAgyB9r\",\"timestamp\":1732665600.123456,\"duration\":2.75,"
          + "\"session_duration\":0.0,\"ttft\":0.42,\"cancelled\":false,\"input_tokens\":1200,\"output_tokens\":300,"
          + "\"total_tokens\":1500,\"tokens_per_second\":109.0909090909091,"
          + "\"input_token_details\":{\"audio_tokens\":900,\"text_tokens\":250,\"image_tokens\":50,"
          + "\"cached_tokens\":640,"
          + "\"cached_tokens_details\":{\"audio_tokens\":600,\"text_tokens\":30,\"image_tokens\":10}},"
          + "\"output_token_details\":{\"text_tokens\":60,\"audio_tokens\":240,\"image_tokens\":0},"
          + "\"acquire_time\":0.0,\"connection_reused\":false,"
          + "\"metadata\":{\"model_name\":\"gpt-realtime\",\"model_provider\":\"api.openai.com\"}}");
      assertThat(m).isEqualTo(RealtimeModelMetrics.builder()
          .label("livekit.plugins.openai.realtime.realtime_model.RealtimeModel").requestId("resp_CAgyB9r")
          .timestamp(T).duration(ms(2750)).ttft(ms(420)).inputTokens(1200).outputTokens(300).totalTokens(1500)
          .tokensPerSecond(109.0909090909091)
          .inputTokenDetails(new InputTokenDetails(900, 250, 50, 640, new CachedTokenDetails(600, 30, 10)))
          .outputTokenDetails(new OutputTokenDetails(60, 240, 0))
          .metadata(Metadata.of("api.openai.com", "gpt-realtime")).build());
    }

    @Test
    void realtimeConnectionMetricWithAbsentTokenCounts() {
      RealtimeModelMetrics m = (RealtimeModelMetrics) MetricsJson.read("{\"type\":\"realtime_model_metrics\","
          + "\"request_id\":\"\",\"timestamp\":1732665600.123456,\"input_token_details\":{},"
          + "\"output_token_details\":{\"text_tokens\":0},\"acquire_time\":0.231}");
      assertThat(m.isConnectionMetric()).isTrue();
      assertThat(m.acquireTime()).isEqualTo(ms(231));
      assertThat(m.ttft()).isEqualTo(AgentMetrics.NOT_MEASURED);
      assertThat(m.label()).isEmpty();
      assertThat(m.inputTokenDetails()).isEqualTo(InputTokenDetails.EMPTY);
      assertThat(m.outputTokenDetails()).isEqualTo(OutputTokenDetails.EMPTY);
    }

    @Test
    void unknownFieldsAreIgnored() {
      AgentMetrics m = MetricsJson.read("{\"type\":\"stt_metrics\",\"label\":\"x\",\"request_id\":\"r\","
          + "\"timestamp\":1732665600.123456,\"duration\":0.0,\"audio_duration\":1.0,\"streamed\":true,"
          + "\"input_audio_tokens\":17,\"room\":\"lobby\",\"debug\":{\"nested_thing\":[1,2]}}");
      assertThat(m).isEqualTo(SttMetrics.builder().label("x").requestId("r").timestamp(T)
          .audioDuration(Duration.ofSeconds(1)).streamed(true).build());
    }
  }

  @Nested
  class Js {

    @Test
    void llm() {
      AgentMetrics m = MetricsJson.read("{\"type\":\"llm_metrics\",\"label\":\"openai.LLM\","
          + "\"requestId\":\"chatcmpl-BDtY2aN3\",\"timestamp\":1732665600123,\"durationMs\":1210.439,"
          + "\"ttftMs\":680,\"cancelled\":false,\"completionTokens\":28,\"promptTokens\":81,"
          + "\"promptCachedTokens\":0,\"totalTokens\":109,\"tokensPerSecond\":23.13,\"speechId\":\"speech_a1b2c3\","
          + "\"metadata\":{\"modelProvider\":\"openai\",\"modelName\":\"gpt-4o-mini\"}}");
      assertThat(m).isEqualTo(LlmMetrics.builder().label("openai.LLM").requestId("chatcmpl-BDtY2aN3")
          .timestamp(Instant.ofEpochMilli(1_732_665_600_123L)).duration(Duration.ofNanos(1_210_439_000))
          .ttft(ms(680)).completionTokens(28).promptTokens(81).totalTokens(109).tokensPerSecond(23.13)
          .speechId("speech_a1b2c3").metadata(Metadata.of("openai", "gpt-4o-mini")).build());
    }

    @Test
    void sttTtsVadEou() {
      Instant t = Instant.ofEpochMilli(1_732_665_600_123L);
      assertThat(MetricsJson.read("{\"type\":\"stt_metrics\",\"label\":\"deepgram.STT\",\"requestId\":\"r1\","
          + "\"timestamp\":1732665600123,\"durationMs\":0,\"audioDurationMs\":2400,\"streamed\":true}"))
          .isEqualTo(SttMetrics.builder().label("deepgram.STT").requestId("r1").timestamp(t)
              .audioDuration(ms(2400)).streamed(true).build());
      assertThat(MetricsJson.read("{\"type\":\"tts_metrics\",\"label\":\"cartesia.TTS\",\"requestId\":\"r2\","
          + "\"timestamp\":1732665600123,\"ttfbMs\":-1,\"durationMs\":1800,\"audioDurationMs\":3200,"
          + "\"cancelled\":true,\"charactersCount\":57,\"inputTokens\":12,\"streamed\":false,\"segmentId\":\"s\"}"))
          .isEqualTo(TtsMetrics.builder().label("cartesia.TTS").requestId("r2").timestamp(t)
              .ttfb(AgentMetrics.NOT_MEASURED).duration(ms(1800)).audioDuration(ms(3200)).cancelled(true)
              .charactersCount(57).inputTokens(12).segmentId("s").build());
      assertThat(MetricsJson.read("{\"type\":\"vad_metrics\",\"label\":\"silero.VAD\",\"timestamp\":1732665600123,"
          + "\"idleTimeMs\":12500,\"inferenceDurationTotalMs\":41.2,\"inferenceCount\":32}"))
          .isEqualTo(VadMetrics.builder().label("silero.VAD").timestamp(t).idleTime(ms(12_500))
              .inferenceDurationTotal(Duration.ofNanos(41_200_000)).inferenceCount(32).build());
      assertThat(MetricsJson.read("{\"type\":\"eou_metrics\",\"timestamp\":1732665600123,"
          + "\"endOfUtteranceDelayMs\":510,\"transcriptionDelayMs\":140,\"onUserTurnCompletedDelayMs\":0.25,"
          + "\"lastSpeakingTimeMs\":1732665599500,\"speechId\":\"speech_2\"}"))
          .isEqualTo(EouMetrics.builder().timestamp(t).endOfUtteranceDelay(ms(510)).transcriptionDelay(ms(140))
              .onUserTurnCompletedDelay(Duration.ofNanos(250_000))
              .lastSpeakingTime(Instant.ofEpochMilli(1_732_665_599_500L))
              .speechId("speech_2").build());
    }

    @Test
    void realtimeWithoutMetadataAsTheJsOpenAiPluginSendsIt() {
      AgentMetrics m = MetricsJson.read("{\"type\":\"realtime_model_metrics\",\"label\":\"openai.realtime\","
          + "\"requestId\":\"resp_1\",\"timestamp\":1732665600123,\"durationMs\":2750,\"ttftMs\":420,"
          + "\"cancelled\":false,\"inputTokens\":1200,\"outputTokens\":300,\"totalTokens\":1500,"
          + "\"tokensPerSecond\":109.09,\"inputTokenDetails\":{\"audioTokens\":900,\"textTokens\":250,"
          + "\"imageTokens\":50,\"cachedTokens\":640,\"cachedTokensDetails\":{\"audioTokens\":600,\"textTokens\":30,"
          + "\"imageTokens\":10}},\"outputTokenDetails\":{\"textTokens\":60,\"audioTokens\":240,\"imageTokens\":0}}");
      assertThat(m).isEqualTo(RealtimeModelMetrics.builder().label("openai.realtime").requestId("resp_1")
          .timestamp(Instant.ofEpochMilli(1_732_665_600_123L)).duration(ms(2750)).ttft(ms(420)).inputTokens(1200)
          .outputTokens(300).totalTokens(1500).tokensPerSecond(109.09)
          .inputTokenDetails(new InputTokenDetails(900, 250, 50, 640, new CachedTokenDetails(600, 30, 10)))
          .outputTokenDetails(new OutputTokenDetails(60, 240, 0)).build());
    }

    @Test
    void interruptionEotAndAvatarUseJsNames() {
      Instant t = Instant.ofEpochMilli(1_732_665_600_123L);
      assertThat(MetricsJson.read("{\"type\":\"interruption_metrics\",\"timestamp\":1732665600123,"
          + "\"totalDuration\":88,\"predictionDuration\":21,\"detectionDelay\":240,\"numInterruptions\":1,"
          + "\"numBackchannels\":0,\"numRequests\":1,\"metadata\":{\"modelProvider\":\"livekit\"}}"))
          .isEqualTo(InterruptionMetrics.builder().timestamp(t).totalDuration(ms(88)).predictionDuration(ms(21))
              .detectionDelay(ms(240)).numInterruptions(1).numRequests(1).metadata(Metadata.of("livekit", null))
              .build());
      assertThat(MetricsJson.read("{\"type\":\"eot_inference_metrics\",\"timestamp\":1732665600123,"
          + "\"totalDuration\":95,\"predictionDuration\":31,\"detectionDelay\":120,\"numRequests\":2}"))
          .isEqualTo(EotInferenceMetrics.builder().timestamp(t).totalDuration(ms(95)).predictionDuration(ms(31))
              .detectionDelay(ms(120)).numRequests(2).build());
      assertThat(MetricsJson.read("{\"type\":\"avatar_metrics\",\"timestamp\":1732665600123,"
          + "\"playbackLatencyMs\":180,\"sessionStartedAt\":1732665590000,\"avatarJoinedAt\":1732665591234}"))
          .isEqualTo(AvatarMetrics.builder().timestamp(t).playbackLatency(ms(180))
              .sessionStartedTime(Instant.ofEpochMilli(1_732_665_590_000L))
              .avatarJoinedTime(Instant.ofEpochMilli(1_732_665_591_234L)).build());
    }

    @Test
    void anyNegativeTtftIsNotMeasured() {
      LlmMetrics m = (LlmMetrics) MetricsJson.read("{\"type\":\"llm_metrics\",\"label\":\"l\",\"requestId\":\"r\","
          + "\"timestamp\":1,\"durationMs\":5,\"ttftMs\":-0.001,\"cancelled\":false,\"completionTokens\":0,"
          + "\"promptTokens\":0,\"promptCachedTokens\":0,\"totalTokens\":0,\"tokensPerSecond\":0}");
      assertThat(m.ttft()).isEqualTo(AgentMetrics.NOT_MEASURED);
    }
  }

  @Nested
  class ExactNumbers {

    @ParameterizedTest(name = "{0} s = {1} ns")
    @CsvSource({
        "0.3, 300000000",
        "0.68, 680000000",
        "0.6800000000000001, 680000000",
        "1.5e-3, 1500000",
        "1E+1, 10000000000",
        "0.1234567894, 123456789",
        "0.1234567895, 123456790", // half-even
        "0.1234567885, 123456788",
        "2.000000001, 2000000001",
        "-0.5, -500000000",
        "3, 3000000000",
        "1e-30, 0"})
    void pythonSecondsConvertExactly(String text, long nanos) {
      SttMetrics m = (SttMetrics) MetricsJson.read("{\"type\":\"stt_metrics\",\"label\":\"\",\"request_id\":\"\","
          + "\"timestamp\":0,\"duration\":0,\"audio_duration\":" + text + ",\"streamed\":false}");
      assertThat(m.audioDuration()).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "{0} ms = {1} ns")
    @CsvSource({"300, 300000000", "0.5, 500000", "2400.000001, 2400000001", "1.2345678, 1234568"})
    void jsMillisecondsConvertExactly(String text, long nanos) {
      SttMetrics m = (SttMetrics) MetricsJson.read("{\"type\":\"stt_metrics\",\"label\":\"\",\"requestId\":\"\","
          + "\"timestamp\":0,\"durationMs\":0,\"audioDurationMs\":" + text + ",\"streamed\":false}");
      assertThat(m.audioDuration()).isEqualTo(Duration.ofNanos(nanos));
    }

    @Test
    void timestampsConvertExactly() {
      String python = "{\"type\":\"avatar_metrics\",\"timestamp\":1732665600.123456,\"playback_latency\":0}";
      assertThat(MetricsJson.read(python).timestamp()).isEqualTo(Instant.ofEpochSecond(1_732_665_600, 123_456_000));
      String nanos = "{\"type\":\"avatar_metrics\",\"timestamp\":1732665600.123456789,\"playback_latency\":0}";
      assertThat(MetricsJson.read(nanos).timestamp()).isEqualTo(Instant.ofEpochSecond(1_732_665_600, 123_456_789));
      String js = "{\"type\":\"avatar_metrics\",\"timestamp\":1732665600123.5,\"playbackLatencyMs\":0}";
      assertThat(MetricsJson.read(js).timestamp()).isEqualTo(Instant.ofEpochSecond(1_732_665_600, 123_500_000));
    }

    @Test
    void countsAcceptAWholeDecimal() {
      String json = "{\"type\":\"eot_inference_metrics\",\"timestamp\":0,\"total_duration\":0,\"detection_delay\":0,"
          + "\"prediction_duration\":0,\"num_requests\":3.0}";
      assertThat(((EotInferenceMetrics) MetricsJson.read(json)).numRequests()).isEqualTo(3);
    }
  }

  @Nested
  class EventsAndDialects {

    @Test
    void readsThePythonEvent() {
      String json = "{\"type\":\"metrics_collected\",\"metrics\":{\"type\":\"avatar_metrics\",\"timestamp\":1732665600,"
          + "\"playback_latency\":0.25,\"session_started_time\":null,\"avatar_joined_time\":null,\"metadata\":null},"
          + "\"created_at\":1732665600.5}";
      assertThat(MetricsJson.read(json)).isEqualTo(AvatarMetrics.builder()
          .timestamp(Instant.ofEpochSecond(1_732_665_600)).playbackLatency(ms(250)).build());
    }

    @Test
    void readsTheJsEvent() {
      String json = "{\"type\":\"metrics_collected\",\"createdAt\":1732665600500,"
          + "\"metrics\":{\"type\":\"avatar_metrics\",\"timestamp\":1732665600000,\"playbackLatencyMs\":250}}";
      assertThat(MetricsJson.read(json)).isEqualTo(AvatarMetrics.builder()
          .timestamp(Instant.ofEpochSecond(1_732_665_600)).playbackLatency(ms(250)).build());
    }

    @Test
    void theEventsCreatedAtKeyTellsTheDialectOfAnOtherwiseUndecidableMetric() {
      String metric = "{\"type\":\"avatar_metrics\",\"timestamp\":1732665600}";
      assertThat(MetricsJson.read("{\"type\":\"metrics_collected\",\"metrics\":" + metric + ",\"created_at\":1}")
          .timestamp()).isEqualTo(Instant.ofEpochSecond(1_732_665_600));
      assertThat(MetricsJson.read("{\"type\":\"metrics_collected\",\"metrics\":" + metric + ",\"createdAt\":1}")
          .timestamp()).isEqualTo(Instant.ofEpochMilli(1_732_665_600));
    }

    @Test
    void nestedKeysTellTheDialect() {
      String json = "{\"type\":\"avatar_metrics\",\"timestamp\":1732665600123,\"metadata\":{\"modelName\":\"m\"}}";
      assertThat(MetricsJson.read(json).timestamp()).isEqualTo(Instant.ofEpochMilli(1_732_665_600_123L));
    }

    @Test
    void anExplicitDialectNeedsNoTellingKeys() {
      String json = "{\"type\":\"avatar_metrics\",\"timestamp\":1732665600}";
      assertThat(MetricsJson.read(json, MetricsDialect.PYTHON).timestamp())
          .isEqualTo(Instant.ofEpochSecond(1_732_665_600));
      assertThat(MetricsJson.read(json, MetricsDialect.JS).timestamp()).isEqualTo(Instant.ofEpochMilli(1_732_665_600));
    }

    @Test
    void anExplicitDialectReadsOnlyItsOwnNames() {
      String js = MetricsJson.write(Samples.llm(), MetricsDialect.JS);
      assertThatThrownBy(() -> MetricsJson.read(js, MetricsDialect.PYTHON))
          .isInstanceOf(MetricsFormatException.class)
          .hasMessageContaining("request_id: missing; expected a string");
    }

    @Test
    void undecidableMetricIsAnError() {
      assertThatThrownBy(() -> MetricsJson.read("{\"type\":\"avatar_metrics\",\"timestamp\":1732665600}"))
          .isInstanceOf(MetricsFormatException.class)
          .hasMessage("1:1: cannot tell the dialect: no snake_case (Python) or camelCase (JS) key;"
              + " read it with an explicit MetricsDialect");
    }

    @Test
    void mixedMetricIsAnError() {
      String json = "{\"type\":\"llm_metrics\",\"label\":\"l\",\"request_id\":\"r\",\"timestamp\":1,"
          + "\"durationMs\":5,\"ttft\":0.1,\"cancelled\":false,\"completion_tokens\":0,\"prompt_tokens\":0}";
      assertThatThrownBy(() -> MetricsJson.read(json))
          .isInstanceOf(MetricsFormatException.class)
          .hasMessage("1:1: cannot tell the dialect: Python (snake_case) keys \"request_id\", \"completion_tokens\","
              + " \"prompt_tokens\" and JS (camelCase) keys \"durationMs\" in one metric");
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
