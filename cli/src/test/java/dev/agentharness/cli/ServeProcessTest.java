package dev.agentharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.Pcm;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import okio.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agentharness serve} end to end, as a process: real clients on its one port, its admin API, TLS,
 * and a clean stop. One server is shared by the tests that talk to the fakes; each starts from the default
 * scenario and an empty ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeProcessTest {

  private static final String KEY = "sk-test-serve-process";
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String GEMINI_MODEL = "gemini-2.5-flash-native-audio-preview-09-2025";

  private ServeProcess serve;
  private OkHttpClient http;

  @BeforeAll
  void startServe() throws Exception {
    http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).callTimeout(Duration.ofSeconds(30)).build();
    serve = ServeProcess.start("--port", "0", "--api-key", KEY);
  }

  @AfterAll
  void stopServe() {
    if (serve != null) serve.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @BeforeEach
  void defaultScenarioAndEmptyLedger() throws IOException {
    String defaults = resource("dev/agentharness/scenarios/serve-default.json");
    assertThat(post("/__admin/scenario", defaults).code()).isEqualTo(200);
    assertThat(post("/__admin/reset", "").code()).isEqualTo(200);
  }

  @Test
  void printsTheReadyLineAndTheKeyAndNothingElse() throws Exception {
    assertThat(serve.stdoutLines())
        .containsExactly("agentharness serving on http://127.0.0.1:" + serve.port(), "api key: " + KEY);
    JsonValue.Obj health = Json.parseObject(get("/__admin/health"));
    assertThat(health.get("status").asString("status")).isEqualTo("ok");
    assertThat(strings(health.get("fakes"))).contains("/v1/realtime", "/v1/chat/completions", "/v1/audio/speech",
        "/v1/listen", "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent",
        "/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent");
    assertThat(health.get("clock").asString("clock")).isEqualTo("real-time");
    assertThat(serve.nextLine(1)).as("nothing more on stdout").isNull();
  }

  @Test
  void realClientsAreBilledAndTheLedgerAddsUp() throws Exception {
    // OpenAI chat, streamed (SSE) with usage
    JsonValue.Obj chatUsage = chatUsage(chat(KEY, "gpt-4.1-mini"));
    // OpenAI speech: 24 kHz 16-bit mono PCM
    String input = "Your balance is 42 euros.";
    byte[] pcm = speech(KEY, input);
    assertThat(pcm.length).isPositive().isEven();
    // OpenAI Realtime: one spoken turn, over a WebSocket
    RealtimeTurn realtime = realtimeTurn(KEY);
    assertThat(realtime.transcript()).as("the default scenario's first reply").isEqualTo(input);
    // Gemini Live: setup, then one spoken turn
    JsonValue.Obj geminiUsage = geminiTurn(serve.wsUrl(geminiPath("v1beta")), KEY);
    // Deepgram: one stream with speech in it
    String transcript = deepgramStream(KEY);
    assertThat(transcript).isNotBlank();

    JsonValue.Obj ledger = Json.parseObject(get("/__admin/ledger"));
    List<JsonValue.Obj> entries = objects(ledger.get("entries"));
    Set<String> services = new HashSet<>();
    for (JsonValue.Obj e : entries) services.add(e.get("service").asString("service"));
    assertThat(services).containsExactlyInAnyOrder("openai-chat", "openai-speech", "openai-realtime", "gemini-live",
        "deepgram");
    assertThat(entries).hasSize(5);

    JsonValue.Obj totals = ledger.get("totals").asObject("totals");
    long chatPrompt = chatUsage.get("prompt_tokens").asLong("p");
    long chatCompletion = chatUsage.get("completion_tokens").asLong("c");
    long geminiPrompt = geminiUsage.get("promptTokenCount").asLong("p");
    long geminiResponse = geminiUsage.get("responseTokenCount").asLong("r");
    long geminiAudioOut = modality(geminiUsage.get("responseTokensDetails"), "AUDIO");
    assertThat(totals.get("llm_prompt_tokens").asLong("t"))
        .isEqualTo(chatPrompt + realtime.inputTokens() + geminiPrompt);
    assertThat(totals.get("llm_completion_tokens").asLong("t"))
        .isEqualTo(chatCompletion + realtime.outputTokens() + geminiResponse);
    assertThat(totals.get("llm_output_audio_tokens").asLong("t")).isPositive()
        .isEqualTo(realtime.outputAudioTokens() + geminiAudioOut);
    assertThat(totals.get("tts_characters_count").asLong("t")).isEqualTo(input.length());
    assertThat(totals.get("tts_audio_duration").asDouble("t")).isEqualTo(pcm.length / 48_000.0);
    JsonValue.Obj stt = entries.stream().filter(e -> e.get("service").asString("s").equals("deepgram")).findFirst()
        .orElseThrow();
    double sttSeconds = stt.get("audio_duration").asDouble("audio_duration");
    assertThat(sttSeconds).as("the stream's lifetime on the real clock").isPositive();
    assertThat(totals.get("stt_audio_duration").asDouble("t")).isEqualTo(sttSeconds);
    assertThat(objects(ledger.get("usage").asObject("usage").get("model_usage"))).hasSize(5);

    // GET /metrics: the same totals as Prometheus counters
    try (Response r = http.newCall(new Request.Builder().url(serve.url("/metrics")).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      String text = r.body().string();
      String openAi = "provider=\"127.0.0.1:" + serve.port() + "\"";
      String geminiModel = entries.stream().filter(e -> e.get("service").asString("s").equals("gemini-live"))
          .findFirst().orElseThrow().get("model").asString("model");
      assertThat(text.lines().toList()).contains(
          "# TYPE lk_agents_usage_llm_output_audio_tokens_total counter",
          "lk_agents_usage_llm_output_audio_tokens_total{" + openAi + ",model=\"gpt-realtime\"} "
              + realtime.outputAudioTokens(),
          "lk_agents_usage_llm_output_audio_tokens_total{provider=\"Gemini\",model=\"" + geminiModel + "\"} "
              + geminiAudioOut,
          "lk_agents_usage_llm_input_tokens_total{" + openAi + ",model=\"gpt-4.1-mini\"} " + chatPrompt,
          "lk_agents_usage_tts_characters_total{" + openAi + ",model=\"gpt-4o-mini-tts\"} " + input.length(),
          "# TYPE lk_agents_usage_tts_audio_duration_seconds_total counter",
          "# TYPE lk_agents_usage_stt_audio_duration_seconds_total counter",
          "lk_agents_usage_stt_audio_duration_seconds_total{provider=\"Deepgram\",model=\"nova-3\"} "
              + UsageCounter.seconds(Math.round(sttSeconds * 1e9)));
    }
  }

  @Test
  void aWrongKeyIsRefusedByEveryFake() throws Exception {
    String wrong = "sk-test-wrong";
    try (Response r = http.newCall(chatRequest(wrong, "gpt-4.1-mini")).execute()) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.body().string()).contains("invalid_api_key");
    }
    try (Response r = http.newCall(speechRequest(wrong, "Hello")).execute()) {
      assertThat(r.code()).isEqualTo(401);
    }
    assertThat(refusedUpgrade(new Request.Builder().url(serve.wsUrl("/v1/realtime?model=gpt-realtime"))
        .header("Authorization", "Bearer " + wrong).build())).isEqualTo(401);
    assertThat(refusedUpgrade(new Request.Builder().url(serve.wsUrl("/v1/listen?model=nova-3"))
        .header("Authorization", "Token " + wrong).build())).isEqualTo(401);
    // Gemini accepts the upgrade, then closes with 1008 as the Live API does
    BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
    WebSocket ws = http.newWebSocket(new Request.Builder().url(serve.wsUrl(geminiPath("v1alpha")))
        .header("x-goog-api-key", wrong).build(), new WebSocketListener() {
          @Override
          public void onClosing(WebSocket webSocket, int code, String reason) {
            closed.add(code);
            webSocket.close(1000, null);
          }

          @Override
          public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            closed.add(-1);
          }
        });
    ws.send("{\"setup\":{\"model\":\"models/" + GEMINI_MODEL + "\"}}");
    assertThat(closed.poll(10, TimeUnit.SECONDS)).isEqualTo(1008);
    assertThat(objects(Json.parseObject(get("/__admin/ledger")).get("entries"))).isEmpty();
  }

  @Test
  void aScenarioReplacesTheScriptAndABadOneIsRefusedWithWhereItIsWrong() throws Exception {
    String pipeline = """
        {
          "name": "replaced",
          "agent": { "stt": { "provider": "deepgram" }, "llm": { "provider": "openai" },
                     "tts": { "provider": "openai" } },
          "turns": [ { "user": { "text": "Hi", "audio": "1s" },
                       "reply": { "text": "Replaced reply.", "audio": "1s" } } ]
        }
        """;
    try (Response r = post("/__admin/scenario", pipeline)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("\"scenario\":\"replaced\"");
    }
    assertThat(chatText(chat(KEY, "gpt-4.1-mini"))).isEqualTo("Replaced reply.");
    assertThat(chatText(chat(KEY, "gpt-4.1-mini"))).as("then the default reply")
        .isEqualTo("Sure, I can help with that.");

    String bad = """
        {
          "name": "bad",
          "agent": { "realtime": { "provider": "openai" } },
          "turns": [ { "reply": { "audio": "2,4s" } } ]
        }
        """;
    try (Response r = post("/__admin/scenario", bad)) {
      assertThat(r.code()).isEqualTo(400);
      JsonValue.Obj error = Json.parseObject(r.body().string()).get("error").asObject("error");
      assertThat(error.get("message").asString("message")).startsWith("request body:4:36: turns[0].reply.audio: ");
      assertThat(error.get("line").asLong("line")).isEqualTo(4);
      assertThat(error.get("column").asLong("column")).isEqualTo(36);
    }
    try (Response r = post("/__admin/scenario?source=bad.json", bad)) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("\"message\":\"bad.json:4:36: turns[0].reply.audio: ");
    }
    try (Response r = post("/__admin/scenario", "{ \"name\": ")) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("\"message\":\"request body:1:");
    }
    assertThat(Json.parseObject(get("/__admin/health")).get("scenario").asString("scenario"))
        .as("a refused scenario leaves the last good one in place").isEqualTo("replaced");
  }

  @Test
  void elevenLabsAndCartesiaAreServedToo() throws Exception {
    Request speech = new Request.Builder().url(serve.url("/v1/text-to-speech/voice1/stream?output_format=pcm_24000"))
        .header("xi-api-key", KEY).post(RequestBody.create("{\"text\":\"Hello there.\"}", JSON)).build();
    try (Response r = http.newCall(speech).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("character-cost")).isEqualTo("12");
      assertThat(r.body().bytes().length % 2).as("whole 16-bit samples").isZero();
    }
    Request cartesia = new Request.Builder().url(serve.wsUrl("/tts/websocket?cartesia_version=2024-11-13"))
        .header("X-API-Key", "wrong").build();
    assertThat(refusedUpgrade(cartesia)).isEqualTo(401);
    assertThat(objects(Json.parseObject(get("/__admin/ledger")).get("entries")))
        .anySatisfy(e -> assertThat(e.get("service").asString("service")).isEqualTo("elevenlabs"));
  }

  @Test
  void resetClearsTheLedger() throws Exception {
    chat(KEY, "gpt-4.1-mini");
    assertThat(objects(Json.parseObject(get("/__admin/ledger")).get("entries"))).hasSize(1);
    try (Response r = post("/__admin/reset", "")) {
      assertThat(r.code()).isEqualTo(200);
    }
    JsonValue.Obj ledger = Json.parseObject(get("/__admin/ledger"));
    assertThat(objects(ledger.get("entries"))).isEmpty();
    assertThat(ledger.get("totals").asObject("totals").get("llm_prompt_tokens").asLong("t")).isZero();
    assertThat(get("/metrics")).doesNotContain("lk_agents_usage_llm_input_tokens_total{");
    try (Response r = http.newCall(new Request.Builder().url(serve.url("/__admin/reset")).build()).execute()) {
      assertThat(r.code()).as("GET on a POST endpoint").isEqualTo(405);
    }
  }

  @Test
  void tlsServesHttpsAndWssWithTheCaWrittenToCaOut(@TempDir Path dir) throws Exception {
    Path ca = dir.resolve("ca.pem");
    try (ServeProcess tls = ServeProcess.start("--tls", "--ca-out", ca.toString(), "--api-key", KEY)) {
      assertThat(tls.stdoutLines().get(0)).isEqualTo("agentharness serving on https://127.0.0.1:" + tls.port());
      String pem = Files.readString(ca);
      assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
      HandshakeCertificates trust = new HandshakeCertificates.Builder()
          .addTrustedCertificate(Certificates.decodeCertificatePem(pem)).build();
      OkHttpClient https = http.newBuilder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
      try (Response r = https.newCall(new Request.Builder().url(tls.url("/__admin/health")).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("\"tls\":true");
      }
      try (Response r = https.newCall(chatRequest(KEY, "gpt-4.1-mini").newBuilder()
          .url(tls.url("/v1/chat/completions")).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("data: [DONE]");
      }
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      WebSocket ws = https.newWebSocket(new Request.Builder().url(tls.wsUrl("/v1/realtime?model=gpt-realtime"))
          .header("Authorization", "Bearer " + KEY).build(), collect(events));
      String first = events.poll(20, TimeUnit.SECONDS);
      assertThat(first).as("first event over wss").isNotNull().contains("\"type\":\"session.created\"");
      ws.close(1000, null);
      // a client that does not trust the run's CA cannot connect
      try (Response r = http.newCall(new Request.Builder().url(tls.url("/__admin/health")).build()).execute()) {
        throw new AssertionError("connected without trusting the CA: " + r);
      } catch (javax.net.ssl.SSLException expected) {
        // the certificate is signed by the run's own CA
      }
    }
  }

  @Test
  void sigtermStopsCleanlyWithExitCodeZeroAndFreesThePort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    try (ServeProcess chosen = ServeProcess.start("--port", Integer.toString(port), "--clock", "virtual")) {
      assertThat(chosen.port()).isEqualTo(port);
      assertThat(Json.parseObject(body(new Request.Builder().url(chosen.url("/__admin/health")).build()))
          .get("clock").asString("clock")).isEqualTo("virtual");
      try (Response r = http.newCall(chatRequest(chosen.apiKey(), "gpt-4.1-mini").newBuilder()
          .url(chosen.url("/v1/chat/completions")).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
      assertThat(chosen.apiKey()).as("a random key").startsWith("sk-test-").hasSizeGreaterThan(30);
      assertThat(chosen.terminate()).as("exit code after SIGTERM; stderr: " + chosen.stderr()).isZero();
      assertThat(chosen.stdoutLines()).hasSize(2);
      assertThat(chosen.nextLine(1)).as("nothing more on stdout").isNull();
    }
    try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
    }
  }

  @Test
  void badInputExitsWithTwoAndSaysWhy(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\n  \"name\": \"bad\",\n  \"agent\": 42\n}\n");
    try (ServeProcess p = ServeProcess.launch("--scenario", bad.toString())) {
      assertThat(p.awaitExit(60)).isEqualTo(2);
      assertThat(p.nextLine(1)).as("no ready line").isNull();
      assertThat(p.stderr()).contains(bad + ":3:12: agent: ");
    }
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        ServeProcess p = ServeProcess.launch("--port", Integer.toString(taken.getLocalPort()))) {
      assertThat(p.awaitExit(60)).isEqualTo(2);
      assertThat(p.stderr()).contains("agentharness serve: cannot start a fake server on 127.0.0.1:"
          + taken.getLocalPort());
    }
    try (ServeProcess p = ServeProcess.launch("--ca-out", dir.resolve("ca.pem").toString())) {
      assertThat(p.awaitExit(60)).isEqualTo(2);
      assertThat(p.stderr()).contains("--ca-out needs --tls");
    }
  }

  // ---------------------------------------------------------------- clients

  private Request chatRequest(String key, String model) {
    String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"What's my balance?\"}],"
        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    return new Request.Builder().url(serve.url("/v1/chat/completions")).header("Authorization", "Bearer " + key)
        .post(RequestBody.create(body, JSON)).build();
  }

  /** The SSE events' data, in order, without {@code [DONE]}. */
  private List<JsonValue.Obj> chat(String key, String model) throws IOException {
    try (Response r = http.newCall(chatRequest(key, model)).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/event-stream");
      String text = r.body().string();
      assertThat(text).endsWith("data: [DONE]\n\n");
      List<JsonValue.Obj> events = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("data: {")) events.add(Json.parseObject(line.substring(6)));
      }
      return events;
    }
  }

  private static JsonValue.Obj chatUsage(List<JsonValue.Obj> events) {
    JsonValue.Obj last = events.get(events.size() - 1);
    return last.get("usage").asObject("usage");
  }

  private static String chatText(List<JsonValue.Obj> events) {
    StringBuilder sb = new StringBuilder();
    for (JsonValue.Obj e : events) {
      for (JsonValue c : e.get("choices").asArray("choices").items()) {
        JsonValue content = c.asObject("choice").get("delta").asObject("delta").getPresent("content");
        if (content != null) sb.append(content.asString("content"));
      }
    }
    return sb.toString();
  }

  private Request speechRequest(String key, String input) {
    String body = "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + input + "\",\"voice\":\"alloy\","
        + "\"response_format\":\"pcm\"}";
    return new Request.Builder().url(serve.url("/v1/audio/speech")).header("Authorization", "Bearer " + key)
        .post(RequestBody.create(body, JSON)).build();
  }

  private byte[] speech(String key, String input) throws IOException {
    try (Response r = http.newCall(speechRequest(key, input)).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("audio/pcm");
      return r.body().bytes();
    }
  }

  record RealtimeTurn(String transcript, long inputTokens, long outputTokens, long outputAudioTokens) {}

  private RealtimeTurn realtimeTurn(String key) throws InterruptedException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    WebSocket ws = http.newWebSocket(new Request.Builder().url(serve.wsUrl("/v1/realtime?model=gpt-realtime"))
        .header("Authorization", "Bearer " + key).build(), collect(events));
    try {
      ws.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"\"}}");
      ws.send(audioAppend(Pcm.tone(24_000, 48_000))); // 1 s of speech at 24 kHz
      ws.send(audioAppend(new byte[14_400]));          // then 300 ms of silence
      StringBuilder transcript = new StringBuilder();
      while (true) {
        String e = events.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("next realtime event").isNotNull().doesNotStartWith("FAILURE");
        JsonValue.Obj o = Json.parseObject(e);
        String type = o.get("type").asString("type");
        assertThat(type).isNotEqualTo("error");
        if (type.equals("response.output_audio_transcript.delta")) transcript.append(o.get("delta").asString("d"));
        if (type.equals("response.done")) {
          JsonValue.Obj usage = o.get("response").asObject("response").get("usage").asObject("usage");
          return new RealtimeTurn(transcript.toString(), usage.get("input_tokens").asLong("i"),
              usage.get("output_tokens").asLong("o"),
              usage.get("output_token_details").asObject("d").get("audio_tokens").asLong("a"));
        }
      }
    } finally {
      ws.close(1000, null);
    }
  }

  private static String audioAppend(byte[] pcm) {
    return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}";
  }

  /** A Gemini Live setup and one spoken turn; returns the turn's {@code usageMetadata}. */
  private JsonValue.Obj geminiTurn(String url, String key) throws InterruptedException {
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket ws = http.newWebSocket(new Request.Builder().url(url).header("x-goog-api-key", key).build(),
        collect(frames));
    try {
      ws.send("{\"setup\":{\"model\":\"models/" + GEMINI_MODEL + "\"}}");
      assertThat(frames.poll(20, TimeUnit.SECONDS)).isEqualTo("{\"setupComplete\":{}}");
      byte[] pcm = new byte[51_200]; // 1 s of speech, then 600 ms of silence, at 16 kHz
      System.arraycopy(Pcm.tone(16_000, 32_000), 0, pcm, 0, 32_000);
      ws.send("{\"realtimeInput\":{\"audio\":{\"data\":\"" + Base64.getEncoder().encodeToString(pcm)
          + "\",\"mimeType\":\"audio/pcm;rate=16000\"}}}");
      boolean audio = false;
      while (true) {
        String f = frames.poll(20, TimeUnit.SECONDS);
        assertThat(f).as("next Gemini frame").isNotNull().doesNotStartWith("FAILURE");
        JsonValue.Obj o = Json.parseObject(f);
        audio |= f.contains("\"inlineData\"");
        JsonValue content = o.get("serverContent");
        if (content != null && content.asObject("serverContent").has("turnComplete")) {
          assertThat(audio).as("audio before turnComplete").isTrue();
          return o.get("usageMetadata").asObject("usageMetadata");
        }
      }
    } finally {
      ws.close(1000, null);
    }
  }

  /** One Deepgram stream with 2 s of speech; returns the final transcript. */
  private String deepgramStream(String key) throws InterruptedException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    String query = "model=nova-3&encoding=linear16&sample_rate=16000&interim_results=true&vad_events=true";
    WebSocket ws = http.newWebSocket(new Request.Builder().url(serve.wsUrl("/v1/listen?" + query))
        .header("Authorization", "Token " + key).build(), collect(events));
    try {
      ws.send(ByteString.of(new byte[16_000]));          // 0.5 s of silence
      ws.send(ByteString.of(Pcm.tone(16_000, 64_000)));  // 2 s of speech
      ws.send(ByteString.of(new byte[16_000]));          // 0.5 s of silence
      ws.send("{\"type\":\"CloseStream\"}");
      String transcript = null;
      while (true) {
        String e = events.poll(20, TimeUnit.SECONDS);
        assertThat(e).as("next Deepgram message").isNotNull().doesNotStartWith("FAILURE");
        JsonValue.Obj o = Json.parseObject(e);
        String type = o.get("type").asString("type");
        if (type.equals("Results") && o.get("is_final").asBoolean("is_final")) {
          transcript = o.get("channel").asObject("c").get("alternatives").asArray("a").items().get(0)
              .asObject("alt").get("transcript").asString("t");
        }
        if (type.equals("Metadata")) {
          assertThat(o.get("duration").asDouble("duration")).isEqualTo(3.0);
          return transcript;
        }
      }
    } finally {
      ws.close(1000, null);
    }
  }

  /** The HTTP status of a refused WebSocket upgrade. */
  private int refusedUpgrade(Request request) throws InterruptedException {
    BlockingQueue<Integer> status = new LinkedBlockingQueue<>();
    http.newWebSocket(request, new WebSocketListener() {
      @Override
      public void onOpen(WebSocket webSocket, Response response) {
        status.add(response.code());
        webSocket.close(1000, null);
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        status.add(response == null ? -1 : response.code());
      }
    });
    Integer code = status.poll(20, TimeUnit.SECONDS);
    assertThat(code).as("upgrade answered").isNotNull();
    return code;
  }

  private static WebSocketListener collect(BlockingQueue<String> into) {
    return new WebSocketListener() {
      @Override
      public void onMessage(WebSocket webSocket, String text) {
        into.add(text);
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        into.add("FAILURE " + t);
      }
    };
  }

  // ---------------------------------------------------------------- helpers

  private static String geminiPath(String version) {
    return "/ws/google.ai.generativelanguage." + version + ".GenerativeService.BidiGenerateContent";
  }

  private String get(String path) throws IOException {
    return body(new Request.Builder().url(serve.url(path)).build());
  }

  private String body(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      assertThat(r.code()).as(request.url() + " status").isEqualTo(200);
      return r.body().string();
    }
  }

  private Response post(String path, String body) throws IOException {
    return http.newCall(new Request.Builder().url(serve.url(path)).post(RequestBody.create(body, JSON)).build())
        .execute();
  }

  private static List<JsonValue.Obj> objects(JsonValue array) {
    List<JsonValue.Obj> out = new ArrayList<>();
    for (JsonValue v : array.asArray("array").items()) out.add(v.asObject("item"));
    return out;
  }

  private static List<String> strings(JsonValue array) {
    List<String> out = new ArrayList<>();
    for (JsonValue v : array.asArray("array").items()) out.add(v.asString("item"));
    return out;
  }

  private static long modality(JsonValue details, String modality) {
    if (details == null) return 0;
    long n = 0;
    for (JsonValue d : details.asArray("details").items()) {
      JsonValue.Obj o = d.asObject("detail");
      if (o.get("modality").asString("modality").equals(modality)) n += o.get("tokenCount").asLong("tokenCount");
    }
    return n;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ServeProcessTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
