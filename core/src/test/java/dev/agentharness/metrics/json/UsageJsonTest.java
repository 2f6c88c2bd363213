package dev.agentharness.metrics.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.EotModelUsage;
import dev.agentharness.usage.InterruptionModelUsage;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class UsageJsonTest {

  private static final UsageSummary SUMMARY = new UsageSummary(
      132, 64, 900, 600, 250, 30, 50, 10, 300, 240, 1, 60, 57, Duration.ofMillis(3210), Duration.ofMillis(2400));

  @Test
  void writesTheSummaryWithLiveKitNamesAndSeconds() {
    assertThat(MetricsJson.write(SUMMARY)).isEqualTo("{\"llm_prompt_tokens\":132,\"llm_prompt_cached_tokens\":64,"
        + "\"llm_input_audio_tokens\":900,\"llm_input_cached_audio_tokens\":600,\"llm_input_text_tokens\":250,"
        + "\"llm_input_cached_text_tokens\":30,\"llm_input_image_tokens\":50,\"llm_input_cached_image_tokens\":10,"
        + "\"llm_completion_tokens\":300,\"llm_output_audio_tokens\":240,\"llm_output_image_tokens\":1,"
        + "\"llm_output_text_tokens\":60,\"tts_characters_count\":57,\"tts_audio_duration\":3.21,"
        + "\"stt_audio_duration\":2.4}");
    assertThat(MetricsJson.write(UsageSummary.EMPTY))
        .endsWith("\"tts_audio_duration\":0.0,\"stt_audio_duration\":0.0}");
  }

  @Test
  void summaryRoundTrips() {
    assertThat(MetricsJson.readUsageSummary(MetricsJson.write(SUMMARY))).isEqualTo(SUMMARY);
    UsageSummary fromSamples = UsageCollector.summarize(Samples.all());
    assertThat(MetricsJson.readUsageSummary(MetricsJson.write(fromSamples))).isEqualTo(fromSamples);
  }

  @Test
  void absentSummaryFieldsAreZero() {
    UsageSummary s = MetricsJson.readUsageSummary("{\"llm_prompt_tokens\":5,\"stt_audio_duration\":0.5,\"other\":1}");
    assertThat(s).isEqualTo(UsageSummary.EMPTY.plus(new UsageSummary(5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        Duration.ZERO, Duration.ofMillis(500))));
  }

  @Test
  void summaryErrorsNameTheField() {
    MetricsFormatException e = error(() -> MetricsJson.readUsageSummary("{\"tts_audio_duration\":\"3s\"}"));
    assertThat(e).hasMessage("1:23: tts_audio_duration: expected a number of seconds, found \"3s\"");
  }

  @Test
  void writesSessionUsageAsModelDump() {
    AgentSessionUsage usage = new AgentSessionUsage(List.of(
        new LlmModelUsage("api.openai.com", "gpt-realtime", 1200, 640, 0, 900, 600, 250, 30, 50, 10, 300, 240, 60,
            Duration.ofSeconds(61)),
        new TtsModelUsage("cartesia", "sonic-2", 0, 0, 57, Duration.ofMillis(3210)),
        new SttModelUsage("deepgram", "nova-3", 0, 0, Duration.ofMillis(2400)),
        new InterruptionModelUsage("livekit", "adaptive-interruption", 4),
        new EotModelUsage("livekit", "turn-detector", 3)));
    String json = MetricsJson.write(usage);
    assertThat(json).isEqualTo("{\"model_usage\":["
        + "{\"type\":\"llm_usage\",\"provider\":\"api.openai.com\",\"model\":\"gpt-realtime\",\"input_tokens\":1200,"
        + "\"input_cached_tokens\":640,\"input_cache_creation_tokens\":0,\"input_audio_tokens\":900,"
        + "\"input_cached_audio_tokens\":600,\"input_text_tokens\":250,\"input_cached_text_tokens\":30,"
        + "\"input_image_tokens\":50,\"input_cached_image_tokens\":10,\"output_tokens\":300,"
        + "\"output_audio_tokens\":240,\"output_text_tokens\":60,\"session_duration\":61.0},"
        + "{\"type\":\"tts_usage\",\"provider\":\"cartesia\",\"model\":\"sonic-2\",\"input_tokens\":0,"
        + "\"output_tokens\":0,\"characters_count\":57,\"audio_duration\":3.21},"
        + "{\"type\":\"stt_usage\",\"provider\":\"deepgram\",\"model\":\"nova-3\",\"input_tokens\":0,"
        + "\"output_tokens\":0,\"audio_duration\":2.4},"
        + "{\"type\":\"interruption_usage\",\"provider\":\"livekit\",\"model\":\"adaptive-interruption\","
        + "\"total_requests\":4},"
        + "{\"type\":\"eot_usage\",\"provider\":\"livekit\",\"model\":\"turn-detector\",\"total_requests\":3}]}");
    assertThat(MetricsJson.readSessionUsage(json)).isEqualTo(usage);
    assertThat(MetricsJson.write(AgentSessionUsage.EMPTY)).isEqualTo("{\"model_usage\":[]}");
  }

  @Test
  void sessionUsageOfTheSamplesRoundTrips() {
    AgentSessionUsage usage = ModelUsageCollector.summarize(Samples.all());
    assertThat(usage.modelUsage()).hasSize(6);
    assertThat(MetricsJson.readSessionUsage(MetricsJson.write(usage))).isEqualTo(usage);
  }

  @Test
  void readsReportEntriesDumpedWithExcludeDefaults() {
    AgentSessionUsage u = MetricsJson.readSessionUsage(
        "{\"model_usage\":[{\"type\":\"tts_usage\",\"provider\":\"cartesia\",\"model\":\"sonic-2\","
            + "\"characters_count\":9}]}");
    assertThat(u.modelUsage()).containsExactly(new TtsModelUsage("cartesia", "sonic-2", 0, 0, 9, Duration.ZERO));
  }

  @Test
  void sessionUsageErrors() {
    MetricsFormatException type = error(() -> MetricsJson.readSessionUsage(
        "{\"model_usage\":[{\"type\":\"llm_usage\"},{\"type\":\"gpu_usage\"}]}"));
    assertThat(type.field()).isEqualTo("model_usage[1].type");
    assertThat(type.reason()).startsWith("unknown usage type \"gpu_usage\"; expected one of llm_usage,");

    MetricsFormatException field = error(() -> MetricsJson.readSessionUsage(
        "{\"model_usage\":[{\"type\":\"llm_usage\",\"input_tokens\":true}]}"));
    assertThat(field.field()).isEqualTo("model_usage[0].input_tokens");

    MetricsFormatException missing = error(() -> MetricsJson.readSessionUsage("{}"));
    assertThat(missing).hasMessage("1:1: model_usage: missing; expected an array");
  }

  private static MetricsFormatException error(ThrowingCallable call) {
    return catchThrowableOfType(MetricsFormatException.class, call);
  }
}
