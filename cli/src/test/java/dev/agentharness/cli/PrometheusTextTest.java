package dev.agentharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: names, label escaping, values. */
class PrometheusTextTest {

  @Test
  void namesFollowOpenTelemetrysPrometheusConversionOfLiveKitsInstruments() {
    assertThat(Arrays.stream(UsageCounter.values()).map(UsageCounter::prometheusName)).containsExactly(
        "lk_agents_usage_llm_input_tokens_total",
        "lk_agents_usage_llm_input_cached_tokens_total",
        "lk_agents_usage_llm_output_tokens_total",
        "lk_agents_usage_llm_input_audio_tokens_total",
        "lk_agents_usage_llm_input_text_tokens_total",
        "lk_agents_usage_llm_output_audio_tokens_total",
        "lk_agents_usage_llm_output_text_tokens_total",
        "lk_agents_usage_llm_session_duration_seconds_total",
        "lk_agents_usage_tts_characters_total",
        "lk_agents_usage_tts_audio_duration_seconds_total",
        "lk_agents_usage_stt_audio_duration_seconds_total");
  }

  @Test
  void anEmptyLedgerHasTheFamiliesAndNoSeries() {
    String text = AdminRoute.prometheus(AgentSessionUsage.EMPTY);
    assertThat(text.lines().filter(l -> !l.startsWith("#"))).isEmpty();
    assertThat(text.lines().filter(l -> l.startsWith("# TYPE "))).hasSize(10)
        .allSatisfy(l -> assertThat(l).endsWith("_total counter"));
    assertThat(text).doesNotContain("llm_session_duration");
  }

  @Test
  void valuesAndEscapedLabels() {
    AgentSessionUsage usage = new AgentSessionUsage(List.of(
        new TtsModelUsage("odd \"provider\"\\", "model\nx", 0, 0, 25, Duration.ofMillis(1670)),
        new SttModelUsage("Deepgram", "nova-3", 0, 0, Duration.ofNanos(67_008_076))));
    String labels = "{provider=\"odd \\\"provider\\\"\\\\\",model=\"model\\nx\"}";
    assertThat(AdminRoute.prometheus(usage).lines()).contains(
        "lk_agents_usage_tts_characters_total" + labels + " 25",
        "lk_agents_usage_tts_audio_duration_seconds_total" + labels + " 1.67",
        "lk_agents_usage_stt_audio_duration_seconds_total{provider=\"Deepgram\",model=\"nova-3\"} 0.067008076");
    assertThat(UsageCounter.seconds(0)).isEqualTo("0");
    assertThat(UsageCounter.seconds(2_000_000_000L)).isEqualTo("2");
  }
}
