package dev.agentharness.metrics.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.AvatarMetrics;
import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.metrics.VadMetrics;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricsJsonWriteTest {

  @Test
  void writesPythonLikeModelDumpJson() {
    assertThat(MetricsJson.write(Samples.llm(), MetricsDialect.PYTHON)).isEqualTo(
        "{\"type\":\"llm_metrics\",\"label\":\"livekit.plugins.openai.llm.LLM\",\"request_id\":\"chatcmpl-AXs9\","
            + "\"timestamp\":1732665600.123456789,\"duration\":1.234567891,\"ttft\":0.68,\"cancelled\":true,"
            + "\"completion_tokens\":42,\"prompt_tokens\":81,\"prompt_cached_tokens\":64,\"cache_creation_tokens\":7,"
            + "\"total_tokens\":123,\"tokens_per_second\":34.02,\"speech_id\":\"speech_1a2b\","
            + "\"metadata\":{\"model_name\":\"gpt-4o-mini\",\"model_provider\":\"api.openai.com\"}}");
  }

  @Test
  void writesJsInMillisecondsWithCamelCase() {
    assertThat(MetricsJson.write(Samples.llm(), MetricsDialect.JS)).isEqualTo(
        "{\"type\":\"llm_metrics\",\"label\":\"livekit.plugins.openai.llm.LLM\",\"requestId\":\"chatcmpl-AXs9\","
            + "\"timestamp\":1732665600123.456789,\"durationMs\":1234.567891,\"ttftMs\":680,\"cancelled\":true,"
            + "\"completionTokens\":42,\"promptTokens\":81,\"promptCachedTokens\":64,\"cacheCreationTokens\":7,"
            + "\"totalTokens\":123,\"tokensPerSecond\":34.02,\"speechId\":\"speech_1a2b\","
            + "\"metadata\":{\"modelName\":\"gpt-4o-mini\",\"modelProvider\":\"api.openai.com\"}}");
  }

  @Test
  void pythonWritesEveryFieldWithNullsAndIntegralFloatsGetPointZero() {
    String json = MetricsJson.write(
        TtsMetrics.builder().timestamp(Instant.ofEpochSecond(1_732_665_600)).duration(Duration.ofSeconds(2)).build(),
        MetricsDialect.PYTHON);
    assertThat(json).isEqualTo(
        "{\"type\":\"tts_metrics\",\"label\":\"\",\"request_id\":\"\",\"timestamp\":1732665600.0,\"ttfb\":-1.0,"
            + "\"duration\":2.0,\"audio_duration\":0.0,\"cancelled\":false,\"characters_count\":0,\"input_tokens\":0,"
            + "\"output_tokens\":0,\"streamed\":false,\"acquire_time\":0.0,\"connection_reused\":false,"
            + "\"segment_id\":null,\"speech_id\":null,\"metadata\":null}");
  }

  @Test
  void jsOmitsUnsetOptionalFields() {
    String json = MetricsJson.write(
        SttMetrics.builder().label("stt").requestId("r").timestamp(Instant.ofEpochMilli(1_732_665_600_123L))
            .audioDuration(Duration.ofMillis(2400)).streamed(true).build(),
        MetricsDialect.JS);
    assertThat(json).isEqualTo(
        "{\"type\":\"stt_metrics\",\"label\":\"stt\",\"requestId\":\"r\",\"timestamp\":1732665600123,"
            + "\"durationMs\":0,\"audioDurationMs\":2400,\"streamed\":true}");
  }

  @Test
  void jsWritesFieldsTheJsTypeLacksOnlyWhenSet() {
    String json = MetricsJson.write(Samples.stt(), MetricsDialect.JS);
    assertThat(json).contains("\"acquireTimeMs\":31.5,\"connectionReused\":true");

    String vad = MetricsJson.write(VadMetrics.builder().timestamp(Samples.T0).build(), MetricsDialect.JS);
    assertThat(vad).doesNotContain("metadata");
    assertThat(MetricsJson.write(Samples.vad(), MetricsDialect.JS))
        .contains("\"metadata\":{\"modelName\":\"silero-vad\",\"modelProvider\":\"silero\"}");
  }

  @Test
  void lastSpeakingTimeIsWrittenOnlyWhenSet() {
    EouMetrics without = EouMetrics.builder().timestamp(Samples.T0).build();
    assertThat(MetricsJson.write(without, MetricsDialect.PYTHON)).doesNotContain("last_speaking_time");
    assertThat(MetricsJson.write(without, MetricsDialect.JS)).doesNotContain("lastSpeakingTime");
    assertThat(MetricsJson.write(Samples.eou(), MetricsDialect.PYTHON))
        .contains("\"last_speaking_time\":1732665602.623456789");
    assertThat(MetricsJson.write(Samples.eou(), MetricsDialect.JS))
        .contains("\"lastSpeakingTimeMs\":1732665602623.456789");
  }

  @Test
  void avatarAlwaysCarriesItsPlaybackLatencyInJs() {
    AvatarMetrics m = AvatarMetrics.builder().timestamp(Instant.ofEpochMilli(5)).build();
    assertThat(MetricsJson.write(m, MetricsDialect.JS))
        .isEqualTo("{\"type\":\"avatar_metrics\",\"timestamp\":5,\"playbackLatencyMs\":0}");
    assertThat(MetricsJson.write(m, MetricsDialect.PYTHON)).isEqualTo(
        "{\"type\":\"avatar_metrics\",\"timestamp\":0.005,\"playback_latency\":0.0,\"session_started_time\":null,"
            + "\"avatar_joined_time\":null,\"metadata\":null}");
  }

  @Test
  void floatsAreWrittenAsEachLanguageWritesThem() {
    LlmMetrics m = LlmMetrics.builder().timestamp(Samples.T0).tokensPerSecond(109.09090909090909).build();
    assertThat(MetricsJson.write(m, MetricsDialect.PYTHON)).contains("\"tokens_per_second\":109.0909090909091,");
    assertThat(MetricsJson.write(m.toBuilder().tokensPerSecond(20).build(), MetricsDialect.PYTHON))
        .contains("\"tokens_per_second\":20.0,");
    assertThat(MetricsJson.write(m.toBuilder().tokensPerSecond(20).build(), MetricsDialect.JS))
        .contains("\"tokensPerSecond\":20}");
    assertThat(MetricsJson.write(m.toBuilder().tokensPerSecond(1e-7).build(), MetricsDialect.PYTHON))
        .contains("\"tokens_per_second\":1e-07,");
    assertThat(MetricsJson.write(m.toBuilder().tokensPerSecond(1e-7).build(), MetricsDialect.JS))
        .contains("\"tokensPerSecond\":1e-7}");
    assertThat(MetricsJson.write(m.toBuilder().tokensPerSecond(Double.NaN).build(), MetricsDialect.PYTHON))
        .contains("\"tokens_per_second\":null,");
  }

  @Test
  void negativeLatencyOtherThanTheSentinelIsWrittenAsTheSentinel() {
    AgentMetrics m = LlmMetrics.builder().timestamp(Samples.T0).ttft(Duration.ofMillis(-250)).build();
    assertThat(MetricsJson.write(m, MetricsDialect.PYTHON)).contains("\"ttft\":-1.0,");
    assertThat(MetricsJson.write(m, MetricsDialect.JS)).contains("\"ttftMs\":-1,");
  }
}
