package dev.agentharness.fake.openai;

import static dev.agentharness.scenario.Reply.reply;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.audio.Wav;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TokenRates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiSpeechTest {

  static final String INPUT = "Your balance is 42 euros."; // 25 characters: 7 text tokens, 1.67 s of speech

  private final Http http = new Http();

  @AfterEach
  void shutDown() {
    http.close();
  }

  static String request(String model, String format, String extra) {
    return "{\"model\":\"" + model + "\",\"input\":\"" + INPUT + "\",\"voice\":\"alloy\","
        + "\"response_format\":\"" + format + "\"" + extra + "}";
  }

  private Response post(FakeOpenAiSpeech speech, String body) throws IOException {
    return http.post(speech.baseUrl() + "/audio/speech", speech.apiKey(), body);
  }

  /** The body's bytes, and the exception that broke it off (if any). */
  record Body(byte[] bytes, IOException failure) {}

  static Body read(Response r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (r; InputStream in = r.body().byteStream()) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) != -1; ) out.write(buf, 0, n);
      return new Body(out.toByteArray(), null);
    } catch (IOException e) {
      return new Body(out.toByteArray(), e);
    }
  }

  @Test
  void pcmIsTheScriptedDurationExactlyInChunks() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(1500)).ttfb(ofMillis(250)).chunk(ofMillis(100)).chunkGap(ofMillis(50)));
      Response r = post(speech, request("gpt-4o-mini-tts", "pcm", ""));
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("audio/pcm");
      assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(r.header("Content-Length")).isNull();
      String requestId = r.header("x-request-id");
      assertThat(requestId).matches("req_[0-9a-f]{32}");
      Body body = read(r);
      assertThat(body.failure()).isNull();
      assertThat(body.bytes()).hasSize(72_000); // 1.5 s at 48 000 bytes per second
      assertThat(Arrays.copyOfRange(body.bytes(), 0, 4800)).isEqualTo(Pcm.tone(24_000, 4800));

      LedgerEntry e = speech.ledger().entry(requestId);
      assertThat(e).isNotNull();
      assertThat(e.service()).isEqualTo(FakeOpenAiSpeech.SERVICE);
      assertThat(e.provider()).isEqualTo(speech.server().hostAndPort());
      assertThat(e.model()).isEqualTo("gpt-4o-mini-tts");
      assertThat(e.billing()).isEqualTo(Billing.TTS_SYNTHESIS);
      assertThat(e.status()).isEqualTo("completed");
      assertThat(e.characters()).isEqualTo(INPUT.length());
      assertThat(e.audio()).isEqualTo(ofMillis(1500));
      assertThat(e.tokens().inputText()).isEqualTo(7);
      assertThat(e.tokens().outputAudio()).isEqualTo(30); // 20 per second
      // first bytes at ttfb, then 14 more chunks 50 ms apart
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(ofMillis(250 + 14 * 50));
    }
  }

  @Test
  void wavIsTheHeaderThenThePcm() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(700)));
      Response r = post(speech, request("tts-1", "wav", ""));
      assertThat(r.header("Content-Type")).isEqualTo("audio/wav");
      byte[] bytes = read(r).bytes();
      assertThat(bytes).hasSize(Wav.HEADER_SIZE + 33_600);
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
      assertThat(b.getShort(22)).as("channels").isEqualTo((short) 1);
      assertThat(b.getInt(24)).as("sample rate").isEqualTo(24_000);
      assertThat(b.getShort(34)).as("bits per sample").isEqualTo((short) 16);
      assertThat(b.getInt(40)).as("data size of a streamed wav").isEqualTo(-1);
      LedgerEntry e = speech.ledger().entries().get(0);
      assertThat(e.audio()).isEqualTo(ofMillis(700));
      assertThat(e.tokens()).as("tts-1 bills characters, not tokens").isEqualTo(LedgerEntry.Tokens.NONE);
      assertThat(e.characters()).isEqualTo(25);
    }
  }

  @Test
  void withoutScriptedAudioTheLengthComesFromTheInputAndTheSpeed() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      Duration derived = TokenRates.DEFAULTS.speechDuration(INPUT); // 1.67 s
      assertThat(read(post(speech, request("gpt-4o-mini-tts", "pcm", ""))).bytes())
          .hasSize((int) AudioFormat.PCM16_24K.bytes(derived));
      assertThat(read(post(speech, request("gpt-4o-mini-tts", "pcm", ",\"speed\":2"))).bytes())
          .hasSize((int) AudioFormat.PCM16_24K.bytes(ofMillis(840)));
      assertThat(speech.ledger().entries()).extracting(LedgerEntry::audio).containsExactly(derived, ofMillis(840));
    }
  }

  @Test
  void sseSendsAudioDeltasThenDoneWithUsage() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(1000)).usage(u -> u.inputText(40)));
      Response r = post(speech, request("gpt-4o-mini-tts", "pcm", ",\"stream_format\":\"sse\""));
      assertThat(r.header("Content-Type")).startsWith("text/event-stream");
      Http.Sse sse = Http.events(r);
      assertThat(sse.failure()).isNull();
      List<JsonValue.Obj> events = sse.json();
      assertThat(events).hasSize(11);
      long bytes = 0;
      for (JsonValue.Obj e : events.subList(0, 10)) {
        assertThat(e.get("type").asString("type")).isEqualTo("speech.audio.delta");
        bytes += Base64.getDecoder().decode(e.get("audio").asString("audio")).length;
      }
      assertThat(bytes).isEqualTo(48_000);
      JsonValue.Obj done = events.get(10);
      assertThat(done.get("type").asString("type")).isEqualTo("speech.audio.done");
      JsonValue.Obj usage = done.get("usage").asObject("usage");
      assertThat(usage.get("input_tokens").asLong("i")).isEqualTo(40);
      assertThat(usage.get("output_tokens").asLong("o")).isEqualTo(20);
      assertThat(usage.get("total_tokens").asLong("t")).isEqualTo(60);
      LedgerEntry e = speech.ledger().entries().get(0);
      assertThat(e.tokens().input()).isEqualTo(40);
      assertThat(e.tokens().output()).isEqualTo(20);
    }
  }

  // ---------------------------------------------------------------- faults

  @Test
  void disconnectMidResponseCutsHalfWay() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(1000)).chunkGap(ofMillis(20)).fault(FaultKind.DISCONNECT_MID_RESPONSE));
      Body body = read(post(speech, request("gpt-4o-mini-tts", "pcm", "")));
      assertThat(body.failure()).isNotNull();
      assertThat(body.bytes()).hasSize(24_000);
      LedgerEntry e = speech.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(ofMillis(500));
      assertThat(e.tokens().outputAudio()).isEqualTo(10);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Reply.DEFAULT_TTFB.plus(ofMillis(5 * 20)));
    }
  }

  @Test
  void aClientThatHangsUpMidBodyIsBilledAsCancelledForTheAudioThatReachedIt() throws Exception {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(2400)).chunkGap(ofMillis(50)));
      Link link = speech.clock().openLink("test client");
      try {
        Request request = new Request.Builder().url(speech.baseUrl() + "/audio/speech")
            .header("Authorization", "Bearer " + speech.apiKey()).header(Link.HEADER, link.id())
            .post(RequestBody.create(request("gpt-4o-mini-tts", "pcm", ""), Http.JSON)).build();
        Response r = http.client.newCall(request).execute();
        InputStream in = r.body().byteStream();
        // InputStream.readNBytes would wait for the next chunk (okio fills its buffer even for a 0-byte read)
        byte[] first = new byte[4800];
        int got = 0;
        while (got < first.length) {
          int n = in.read(first, got, first.length - got);
          if (n < 0) break;
          got += n;
        }
        assertThat(got).isEqualTo(4800);
        link.handled(4800); // the second chunk follows; the client hangs up instead of reading it
        r.close();
        Thread.sleep(200); // let the reset reach the server before the third chunk is written
      } finally {
        link.close();
      }
      LedgerEntry e = awaitEntry(speech);
      assertThat(e.status()).isEqualTo("cancelled");
      // what the socket took: the two chunks sent before the hang-up, and perhaps a few more before the reset
      assertThat(e.audio()).isGreaterThanOrEqualTo(ofMillis(200)).isLessThan(ofMillis(2400));
      long expectedTokens = 48 * e.audio().toMillis() / 2400; // 2.4 s bills 48 output audio tokens in full
      assertThat(e.tokens().outputAudio()).isEqualTo(expectedTokens);
      assertThat(e.tokens().inputText()).isEqualTo(7);
    }
  }

  private static LedgerEntry awaitEntry(FakeOpenAiSpeech fake) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fake.ledger().entries().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(fake.ledger().entries()).hasSize(1);
    return fake.ledger().entries().get(0);
  }

  @Test
  void slowFirstByteDelaysTheAudio() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(300)).fault(FaultKind.SLOW_FIRST_BYTE),
          reply().audio(ofMillis(300)).fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).after(ofSeconds(2))));
      read(post(speech, request("gpt-4o-mini-tts", "pcm", "")));
      read(post(speech, request("gpt-4o-mini-tts", "pcm", "")));
      List<LedgerEntry> entries = speech.ledger().entries();
      assertThat(Duration.between(entries.get(0).start(), entries.get(0).end()))
          .isEqualTo(Reply.DEFAULT_TTFB.plus(ofSeconds(5)));
      assertThat(Duration.between(entries.get(1).start(), entries.get(1).end()))
          .isEqualTo(Reply.DEFAULT_TTFB.plus(ofSeconds(2)));
    }
  }

  @Test
  void malformedFrameBreaksOneSseEvent() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(400)).fault(FaultKind.MALFORMED_FRAME));
      Http.Sse sse = Http.events(post(speech, request("gpt-4o-mini-tts", "pcm", ",\"stream_format\":\"sse\"")));
      long broken = sse.data().stream().filter(d -> {
        try {
          Json.parse(d);
          return false;
        } catch (RuntimeException e) {
          return true;
        }
      }).count();
      assertThat(broken).isEqualTo(1);
      assertThat(sse.data()).hasSize(4 + 1 + 1);
    }
  }

  @Test
  void httpFaultsAnswerWithOpenAiErrorBodies() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().fault(FaultKind.HTTP_401), reply().fault(FaultKind.HTTP_429),
          reply().fault(FaultKind.HTTP_500));
      try (Response r = post(speech, request("gpt-4o-mini-tts", "pcm", ""))) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(r.body().string()).contains("\"code\":\"invalid_api_key\"");
      }
      try (Response r = post(speech, request("gpt-4o-mini-tts", "pcm", ""))) {
        assertThat(r.code()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.body().string()).contains("Rate limit reached for gpt-4o-mini-tts");
      }
      try (Response r = post(speech, request("gpt-4o-mini-tts", "pcm", ""))) {
        assertThat(r.code()).isEqualTo(500);
        assertThat(r.body().string()).contains("\"type\":\"server_error\"");
      }
      assertThat(speech.ledger().entries()).isEmpty();
    }
  }

  // ---------------------------------------------------------------- auth and validation

  @Test
  void aWrongKeyGetsOpenAis401() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      try (Response r = http.post(speech.baseUrl() + "/audio/speech", "sk-test-not-the-key-000000",
          request("gpt-4o-mini-tts", "pcm", ""))) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(r.body().string()).contains("Incorrect API key provided: sk-tes***0000.");
      }
      assertThat(speech.script().played()).isZero();
    }
  }

  private JsonValue.Obj badRequest(FakeOpenAiSpeech speech, String body) throws IOException {
    try (Response r = post(speech, body)) {
      assertThat(r.code()).as(body).isEqualTo(400);
      JsonValue.Obj error = Json.parseObject(r.body().string()).get("error").asObject("error");
      assertThat(error.get("type").asString("type")).isEqualTo("invalid_request_error");
      return error;
    }
  }

  private static String param(JsonValue.Obj error) {
    return error.get("param").isNull() ? null : error.get("param").asString("param");
  }

  private static String code(JsonValue.Obj error) {
    return error.get("code").isNull() ? null : error.get("code").asString("code");
  }

  @Test
  void invalidRequestsGetOpenAis400NamingTheParam() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      JsonValue.Obj e = badRequest(speech, request("gpt-4o-mini-tts", "pcm", ",\"sample_rate\":16000"));
      assertThat(param(e)).isEqualTo("sample_rate");
      assertThat(code(e)).isEqualTo("unknown_parameter");
      assertThat(e.get("message").asString("m")).isEqualTo("Unknown parameter: 'sample_rate'.");
      e = badRequest(speech, "{\"model\":\"gpt-4o-mini-tts\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}");
      assertThat(param(e)).isEqualTo("input");
      assertThat(code(e)).isEqualTo("missing_required_parameter");
      e = badRequest(speech, "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + "a".repeat(4097)
          + "\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}");
      assertThat(param(e)).isEqualTo("input");
      assertThat(code(e)).isEqualTo("string_above_max_length");
      e = badRequest(speech, "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"hi\",\"response_format\":\"pcm\"}");
      assertThat(param(e)).isEqualTo("voice");
      e = badRequest(speech, request("gpt-4o-mini-tts", "pcm", "").replace("alloy", "robot"));
      assertThat(param(e)).isEqualTo("voice");
      assertThat(code(e)).isEqualTo("invalid_value");
      e = badRequest(speech, request("whisper-1", "pcm", ""));
      assertThat(param(e)).isEqualTo("model");
      e = badRequest(speech, request("tts-1", "pcm", ",\"instructions\":\"Speak slowly.\""));
      assertThat(param(e)).isEqualTo("instructions");
      e = badRequest(speech, request("tts-1-hd", "pcm", ",\"stream_format\":\"sse\""));
      assertThat(param(e)).isEqualTo("stream_format");
      e = badRequest(speech, request("gpt-4o-mini-tts", "pcm", ",\"speed\":4.5"));
      assertThat(param(e)).isEqualTo("speed");
      assertThat(code(e)).isEqualTo("decimal_above_max_value");
      e = badRequest(speech, request("gpt-4o-mini-tts", "pcm", ",\"speed\":0.1"));
      assertThat(code(e)).isEqualTo("decimal_below_min_value");
      e = badRequest(speech, request("gpt-4o-mini-tts", "ogg", ""));
      assertThat(param(e)).isEqualTo("response_format");
      assertThat(code(e)).isEqualTo("invalid_value");
      e = badRequest(speech, "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"hi\",\"voice\":\"alloy\"}");
      assertThat(param(e)).as("mp3 by default").isEqualTo("response_format");
      assertThat(e.get("message").asString("m")).contains("unsupported by the agentharness fake: use pcm or wav");
      assertThat(badRequest(speech, "not json").get("message").asString("m")).startsWith("We could not parse");
      assertThat(speech.script().played()).as("rejected requests play no reply").isZero();
      assertThat(speech.ledger().entries()).isEmpty();
    }
  }

  @Test
  void acceptsACustomVoiceAndInstructions() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      String body = "{\"model\":\"gpt-4o-mini-tts-2025-12-15\",\"input\":\"Hi.\",\"voice\":{\"id\":\"voice_1234\"},"
          + "\"instructions\":\"Speak warmly.\",\"response_format\":\"pcm\",\"speed\":1.25}";
      try (Response r = post(speech, body)) {
        assertThat(r.code()).isEqualTo(200);
      }
      assertThat(param(badRequest(speech, body.replace("voice_1234", "v1234")))).isEqualTo("voice.id");
    }
  }

  // ---------------------------------------------------------------- transport

  @Test
  void servesHttps() throws IOException {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.builder().tls(true).start();
        Http https = new Http(new OkHttpClient.Builder().sslSocketFactory(
            speech.server().tls().clientSocketFactory(), speech.server().tls().clientTrustManager()))) {
      speech.script(reply().audio(ofMillis(200)));
      Body body = read(https.post(speech.baseUrl() + "/audio/speech", speech.apiKey(),
          request("gpt-4o-mini-tts", "pcm", "")));
      assertThat(body.bytes()).hasSize(9600);
    }
  }

  @Test
  void closingFreesThePortAndCutsOpenStreams() throws Exception {
    SessionClock clock = SessionClock.realTime();
    FakeOpenAiSpeech speech = FakeOpenAiSpeech.builder().clock(clock).start();
    int port = speech.server().port();
    try {
      speech.script(reply().audio(ofMillis(500)).ttfb(ofSeconds(30)));
      Response r = post(speech, request("gpt-4o-mini-tts", "pcm", ""));
      assertThat(speech.openStreams()).isEqualTo(1);
      speech.close();
      assertThat(read(r).failure()).isNotNull();
      assertThat(speech.ledger().entries()).singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo("incomplete"));
    } finally {
      speech.close();
      clock.close();
    }
    Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
  }
}
