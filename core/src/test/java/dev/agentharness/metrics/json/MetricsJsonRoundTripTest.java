package dev.agentharness.metrics.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.AvatarMetrics;
import dev.agentharness.metrics.EotInferenceMetrics;
import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.InterruptionMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics.InputTokenDetails;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.metrics.VadMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsJsonRoundTripTest {

  static Stream<Arguments> everyTypeAndDialect() {
    List<Arguments> out = new ArrayList<>();
    for (MetricsDialect d : MetricsDialect.values()) {
      for (AgentMetrics m : Samples.all()) out.add(Arguments.of(d, m));
      for (AgentMetrics m : Samples.defaults()) out.add(Arguments.of(d, m));
      for (AgentMetrics m : Samples.all()) out.add(Arguments.of(d, withoutMetadata(m)));
      for (AgentMetrics m : Samples.all()) out.add(Arguments.of(d, withEmptyMetadata(m)));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTypeAndDialect")
  void roundTripsThroughEitherDialect(MetricsDialect dialect, AgentMetrics metrics) {
    String json = MetricsJson.write(metrics, dialect);

    assertThat(MetricsJson.read(json)).isEqualTo(metrics);
    assertThat(MetricsJson.read(json, dialect)).isEqualTo(metrics);
    assertThat(json).startsWith("{\"type\":\"" + metrics.type() + "\",");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTypeAndDialect")
  void roundTripsAsAnEvent(MetricsDialect dialect, AgentMetrics metrics) {
    String json = MetricsJson.writeEvent(metrics, Instant.ofEpochSecond(1_732_665_601, 500_000_000), dialect);

    assertThat(MetricsJson.read(json)).isEqualTo(metrics);
    assertThat(json).startsWith("{\"type\":\"metrics_collected\",\"metrics\":{\"type\":\"" + metrics.type() + "\"");
    assertThat(json).endsWith(
        dialect == MetricsDialect.PYTHON ? ",\"created_at\":1732665601.5}" : ",\"createdAt\":1732665601500}");
  }

  @Test
  void notMeasuredTtftAndTtfbRoundTrip() {
    List<AgentMetrics> metrics = List.of(
        Samples.llm().toBuilder().ttft(AgentMetrics.NOT_MEASURED).build(),
        Samples.tts().toBuilder().ttfb(AgentMetrics.NOT_MEASURED).build(),
        Samples.realtime().toBuilder().ttft(AgentMetrics.NOT_MEASURED).build());
    for (AgentMetrics m : metrics) {
      String python = MetricsJson.write(m, MetricsDialect.PYTHON);
      String js = MetricsJson.write(m, MetricsDialect.JS);
      assertThat(python).containsPattern("\"tt(ft|fb)\":-1\\.0,");
      assertThat(js).containsPattern("\"tt(ft|fb)Ms\":-1,");
      assertThat(MetricsJson.read(python)).isEqualTo(m);
      assertThat(MetricsJson.read(js)).isEqualTo(m);
    }
  }

  @Test
  void realtimeWithoutCachedDetailsRoundTrips() {
    RealtimeModelMetrics m = Samples.realtime().toBuilder()
        .inputTokenDetails(new InputTokenDetails(1, 2, 3, 0, null)).build();
    for (MetricsDialect d : MetricsDialect.values()) {
      assertThat(MetricsJson.read(MetricsJson.write(m, d))).isEqualTo(m);
    }
    assertThat(MetricsJson.write(m, MetricsDialect.PYTHON))
        .contains("\"cached_tokens\":0,\"cached_tokens_details\":null}");
    assertThat(MetricsJson.write(m, MetricsDialect.JS))
        .contains("\"cachedTokens\":0}")
        .doesNotContain("cachedTokensDetails");
  }

  @Test
  void oddValuesRoundTrip() {
    List<AgentMetrics> metrics = List.of(
        Samples.llm().toBuilder().tokensPerSecond(Double.NaN).duration(Duration.ofNanos(-1)).build(),
        Samples.llm().toBuilder().tokensPerSecond(1e-7).label("quote \" and \\ and \n and é").build(),
        Samples.llm().toBuilder().tokensPerSecond(2e23).timestamp(Instant.ofEpochSecond(-5, 1)).build(),
        Samples.stt().toBuilder().audioDuration(Duration.ofDays(400).plusNanos(1)).build());
    for (AgentMetrics m : metrics) {
      for (MetricsDialect d : MetricsDialect.values()) {
        assertThat(MetricsJson.read(MetricsJson.write(m, d))).as("%s %s", d, m).isEqualTo(m);
      }
    }
  }

  private static AgentMetrics withoutMetadata(AgentMetrics m) {
    return withMetadata(m, null);
  }

  private static AgentMetrics withEmptyMetadata(AgentMetrics m) {
    return withMetadata(m, new Metadata(null, null));
  }

  static AgentMetrics withMetadata(AgentMetrics m, Metadata meta) {
    if (m instanceof LlmMetrics x) return x.toBuilder().metadata(meta).build();
    if (m instanceof SttMetrics x) return x.toBuilder().metadata(meta).build();
    if (m instanceof TtsMetrics x) return x.toBuilder().metadata(meta).build();
    if (m instanceof VadMetrics x) return x.toBuilder().metadata(meta).build();
    if (m instanceof EouMetrics x) return x.toBuilder().metadata(meta).build();
    if (m instanceof EotInferenceMetrics x) return x.toBuilder().metadata(meta).build();
    if (m instanceof RealtimeModelMetrics x) return x.toBuilder().metadata(meta).build();
    if (m instanceof InterruptionMetrics x) return x.toBuilder().metadata(meta).build();
    return ((AvatarMetrics) m).toBuilder().metadata(meta).build();
  }
}
