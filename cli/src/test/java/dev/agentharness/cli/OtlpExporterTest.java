package dev.agentharness.cli;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code simulate --otlp}: OTLP/HTTP JSON to an in-process receiver. */
class OtlpExporterTest {

  /** One POST as the receiver saw it. */
  record Received(String method, String path, String contentType, String upgrade, String body) {}

  private HttpServer receiver;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private volatile int status = 200;
  private volatile String answer = "{}";

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Upgrade"),
            body));
      }
      byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort());
  }

  private Received next() throws InterruptedException {
    Received r = received.poll(10, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the receiver").isNotNull();
    return r;
  }

  @Test
  void aRealtimeSessionIsExportedAsLiveKitCounters() throws Exception {
    try (SimulatedSession session = SimulatedSession.of(BundledScenarios.load("greeting-openai-realtime"))) {
      session.run();
      OtlpExporter.export(base(), session);
      Received r = next();
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.path()).isEqualTo("/v1/metrics");
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.upgrade()).as("plain HTTP/1.1, no h2c upgrade").isNull();

      JsonValue.Obj resource = Json.parseObject(r.body()).get("resourceMetrics").asArray("rm").items().get(0)
          .asObject("resourceMetrics[0]");
      assertThat(attributes(resource.get("resource").asObject("resource")))
          .containsEntry("service.name", "agentharness")
          .containsEntry("agentharness.scenario", "greeting-openai-realtime");
      JsonValue.Obj scope = resource.get("scopeMetrics").asArray("sm").items().get(0).asObject("scopeMetrics[0]");
      assertThat(scope.get("scope").asObject("scope").get("name").asString("name")).isEqualTo("agentharness");
      Map<String, JsonValue.Obj> metrics = metrics(scope);

      LlmModelUsage llm = session.modelUsage().ofType(LlmModelUsage.class).get(0);
      assertThat(llm.outputAudioTokens()).isEqualTo(191); // the scenario's, as the README shows
      // LiveKit leaves zero values out: no cached or input text tokens, no session duration here
      assertThat(llm.inputCachedTokens()).isZero();
      assertThat(llm.inputTextTokens()).isZero();
      assertThat(llm.sessionDuration()).isZero();
      assertThat(metrics).containsOnlyKeys("lk.agents.usage.llm_input_tokens", "lk.agents.usage.llm_output_tokens",
          "lk.agents.usage.llm_input_audio_tokens", "lk.agents.usage.llm_output_audio_tokens",
          "lk.agents.usage.llm_output_text_tokens");
      assertThat(intValue(metrics.get("lk.agents.usage.llm_input_tokens"))).isEqualTo(llm.inputTokens()).isEqualTo(35);
      assertThat(intValue(metrics.get("lk.agents.usage.llm_output_tokens"))).isEqualTo(llm.outputTokens())
          .isEqualTo(240);
      assertThat(intValue(metrics.get("lk.agents.usage.llm_input_audio_tokens"))).isEqualTo(llm.inputAudioTokens());
      assertThat(intValue(metrics.get("lk.agents.usage.llm_output_audio_tokens"))).isEqualTo(191);
      assertThat(intValue(metrics.get("lk.agents.usage.llm_output_text_tokens"))).isEqualTo(llm.outputTextTokens())
          .isEqualTo(49);
      assertThat(metrics.get("lk.agents.usage.llm_output_audio_tokens").has("unit")).isFalse();

      JsonValue.Obj sum = metrics.get("lk.agents.usage.llm_output_audio_tokens").get("sum").asObject("sum");
      assertThat(sum.get("isMonotonic").asBoolean("isMonotonic")).isTrue();
      assertThat(sum.get("aggregationTemporality").asLong("t")).isEqualTo(2); // cumulative
      JsonValue.Obj point = sum.get("dataPoints").asArray("dp").items().get(0).asObject("dp[0]");
      assertThat(attributes(point)).containsExactly(Map.entry("model_provider", "api.openai.com"),
          Map.entry("model_name", "gpt-realtime"));
      assertThat(point.get("asInt")).as("int64 as a JSON string").isInstanceOf(JsonValue.Str.class);
      long start = Long.parseLong(point.get("startTimeUnixNano").asString("start"));
      long time = Long.parseLong(point.get("timeUnixNano").asString("time"));
      assertThat(Duration.ofNanos(time - start)).as("the session's length on its clock")
          .isEqualTo(Duration.between(session.startedAt(), session.clock().now()));
      assertThat(time / 1_000_000L).as("wall-clock time, not the session's virtual time")
          .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }
  }

  @Test
  void aPipelineSessionExportsLlmTtsAndSttCounters() throws Exception {
    Scenario pipeline = Scenario.builder("pipeline").pipeline(Providers.Tts.OPENAI)
        .turn(t -> t.user("What's my balance?", ofSeconds(2))
            .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400)).usage(u -> u.cachedText(12))))
        .build();
    try (SimulatedSession session = SimulatedSession.of(pipeline)) {
      session.run();
      OtlpExporter.export(URI.create(base() + "/custom/metrics"), session);
      Received r = next();
      assertThat(r.path()).as("a URL with a path is used as given").isEqualTo("/custom/metrics");
      JsonValue.Obj scope = Json.parseObject(r.body()).get("resourceMetrics").asArray("rm").items().get(0)
          .asObject("rm0").get("scopeMetrics").asArray("sm").items().get(0).asObject("sm0");
      Map<String, JsonValue.Obj> metrics = metrics(scope);
      LlmModelUsage llm = session.modelUsage().ofType(LlmModelUsage.class).get(0);
      TtsModelUsage tts = session.modelUsage().ofType(TtsModelUsage.class).get(0);
      SttModelUsage stt = session.modelUsage().ofType(SttModelUsage.class).get(0);
      assertThat(metrics).containsOnlyKeys("lk.agents.usage.llm_input_tokens",
          "lk.agents.usage.llm_input_cached_tokens",
          "lk.agents.usage.llm_output_tokens", "lk.agents.usage.tts_characters", "lk.agents.usage.tts_audio_duration",
          "lk.agents.usage.stt_audio_duration");
      assertThat(intValue(metrics.get("lk.agents.usage.llm_input_cached_tokens"))).isEqualTo(12);
      assertThat(intValue(metrics.get("lk.agents.usage.llm_input_tokens"))).isEqualTo(llm.inputTokens());
      assertThat(intValue(metrics.get("lk.agents.usage.tts_characters"))).isEqualTo(25);
      assertThat(doubleValue(metrics.get("lk.agents.usage.tts_audio_duration"))).isEqualTo(2.4);
      assertThat(metrics.get("lk.agents.usage.tts_audio_duration").get("unit").asString("unit")).isEqualTo("s");
      assertThat(metrics.get("lk.agents.usage.tts_characters").has("unit")).isFalse();
      assertThat(doubleValue(metrics.get("lk.agents.usage.stt_audio_duration")))
          .isEqualTo(stt.audioDuration().toNanos() / 1e9).isPositive();
      assertThat(tts.audioDuration()).isEqualTo(ofMillis(2400));
      JsonValue.Obj ttsPoint = metrics.get("lk.agents.usage.tts_audio_duration").get("sum").asObject("sum")
          .get("dataPoints").asArray("dp").items().get(0).asObject("dp0");
      assertThat(attributes(ttsPoint)).containsExactly(Map.entry("model_provider", "api.openai.com"),
          Map.entry("model_name", "gpt-4o-mini-tts"));
      assertThat(ttsPoint.get("asDouble")).isInstanceOf(JsonValue.Num.class);
      JsonValue.Obj sttPoint = metrics.get("lk.agents.usage.stt_audio_duration").get("sum").asObject("sum")
          .get("dataPoints").asArray("dp").items().get(0).asObject("dp0");
      assertThat(attributes(sttPoint)).containsEntry("model_provider", "Deepgram")
          .containsEntry("model_name", "nova-3");
    }
  }

  @Test
  void simulateWithOtlpExportsAfterTheReport() throws Exception {
    assertThat(Main.run("simulate", "greeting-openai-realtime", "--otlp", base().toString())).isZero();
    Received r = next();
    assertThat(r.path()).isEqualTo("/v1/metrics");
    assertThat(r.body()).contains("\"name\":\"lk.agents.usage.llm_output_audio_tokens\"");
    receiver.stop(0);
    assertThat(Main.run("simulate", "greeting-openai-realtime", "--otlp", base().toString()))
        .as("a collector that cannot be reached").isEqualTo(2);
  }

  @Test
  void anErrorStatusFailsWithTheCollectorsAnswer() throws Exception {
    status = 400;
    answer = "{\"code\":3,\"message\":\"bad metrics\"}";
    try (SimulatedSession session = SimulatedSession.of(BundledScenarios.load("greeting-openai-realtime"))) {
      session.run();
      assertThatThrownBy(() -> OtlpExporter.export(base(), session))
          .isInstanceOf(OtlpExporter.OtlpExportException.class)
          .hasMessageContaining("HTTP 400").hasMessageContaining("bad metrics");
    }
  }

  @Test
  void rejectedDataPointsAreAFailure() throws Exception {
    answer = "{\"partialSuccess\":{\"rejectedDataPoints\":\"2\",\"errorMessage\":\"out of order\"}}";
    try (SimulatedSession session = SimulatedSession.of(BundledScenarios.load("greeting-openai-realtime"))) {
      session.run();
      assertThatThrownBy(() -> OtlpExporter.export(base(), session))
          .isInstanceOf(OtlpExporter.OtlpExportException.class)
          .hasMessageContaining("rejected 2 data point(s): out of order");
    }
    assertThat(OtlpExporter.rejected("{\"partialSuccess\":{}}")).isNull();
    assertThat(OtlpExporter.rejected("")).isNull();
  }

  @Test
  void anUnreachableCollectorFailsWithTheUrl() throws Exception {
    receiver.stop(0);
    try (SimulatedSession session = SimulatedSession.of(BundledScenarios.load("greeting-openai-realtime"))) {
      session.run();
      assertThatThrownBy(() -> OtlpExporter.export(base(), session))
          .isInstanceOf(OtlpExporter.OtlpExportException.class)
          .hasMessageContaining(base() + "/v1/metrics");
    }
  }

  @Test
  void endpoints() {
    assertThat(OtlpExporter.metricsUrl(URI.create("http://127.0.0.1:4318")))
        .hasToString("http://127.0.0.1:4318/v1/metrics");
    assertThat(OtlpExporter.metricsUrl(URI.create("http://127.0.0.1:4318/")))
        .hasToString("http://127.0.0.1:4318/v1/metrics");
    assertThat(OtlpExporter.metricsUrl(URI.create("https://otel.example:443/otlp/v1/metrics")))
        .hasToString("https://otel.example:443/otlp/v1/metrics");
    assertThatThrownBy(() -> OtlpExporter.metricsUrl(URI.create("localhost:4318")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected an http(s) URL");
  }

  private static Map<String, JsonValue.Obj> metrics(JsonValue.Obj scope) {
    Map<String, JsonValue.Obj> byName = new LinkedHashMap<>();
    for (JsonValue m : scope.get("metrics").asArray("metrics").items()) {
      JsonValue.Obj o = m.asObject("metric");
      byName.put(o.get("name").asString("name"), o);
    }
    return byName;
  }

  private static Map<String, String> attributes(JsonValue.Obj o) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonValue a : o.get("attributes").asArray("attributes").items()) {
      JsonValue.Obj kv = a.asObject("attribute");
      out.put(kv.get("key").asString("key"),
          kv.get("value").asObject("value").get("stringValue").asString("stringValue"));
    }
    return out;
  }

  private static JsonValue.Obj onlyPoint(JsonValue.Obj metric) {
    List<JsonValue> points = metric.get("sum").asObject("sum").get("dataPoints").asArray("dataPoints").items();
    assertThat(points).as(metric.get("name").asString("name") + " data points").hasSize(1);
    return points.get(0).asObject("dataPoint");
  }

  private static long intValue(JsonValue.Obj metric) {
    return Long.parseLong(onlyPoint(metric).get("asInt").asString("asInt"));
  }

  private static double doubleValue(JsonValue.Obj metric) {
    return onlyPoint(metric).get("asDouble").asDouble("asDouble");
  }
}
