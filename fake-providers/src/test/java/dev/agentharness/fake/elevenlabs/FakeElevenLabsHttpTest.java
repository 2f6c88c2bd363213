package dev.agentharness.fake.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.audio.Pcm;
import dev.agentharness.clock.Link;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakeElevenLabsHttpTest {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final String VOICE = "21m00Tcm4TlvDq8ikWAM";
  private static final String TEXT = "Your balance is forty-two euros.";
  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();

  @AfterEach
  void shutDown() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Request.Builder post(FakeElevenLabs fake, String query, String body) {
    String url = fake.streamUrl(VOICE) + (query == null ? "" : "?" + query);
    return new Request.Builder().url(url).header("xi-api-key", fake.apiKey()).post(RequestBody.create(body, JSON));
  }

  private static String body(String text) {
    return "{\"text\":" + Json.quote(text) + ",\"model_id\":\"eleven_flash_v2_5\","
        + "\"voice_settings\":{\"stability\":0.5,\"similarity_boost\":0.8}}";
  }

  @ParameterizedTest
  @CsvSource({"pcm_8000, 38400", "pcm_16000, 76800", "pcm_22050, 105840", "pcm_24000, 115200", "pcm_44100, 211680",
      "pcm_48000, 230400", "ulaw_8000, 19200", "alaw_8000, 19200"})
  void streamsExactlyTheScriptedAudioInEachFormat(String format, long expectedBytes) throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(2400)).ttfb(Duration.ofMillis(150))
          .chunkGap(Duration.ofMillis(50)));
      try (Response r = client.newCall(post(eleven, "output_format=" + format, body(TEXT)).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("audio/");
        assertThat(r.header("character-cost")).isEqualTo(Integer.toString(TEXT.length()));
        assertThat(r.header("x-character-count")).isEqualTo(Integer.toString(TEXT.length()));
        assertThat(r.header("request-id")).hasSize(20);
        assertThat(r.header("history-item-id")).hasSize(20).isNotEqualTo(r.header("request-id"));
        byte[] audio = r.body().bytes();
        assertThat((long) audio.length).isEqualTo(expectedBytes);
        if (format.startsWith("pcm")) assertThat(Pcm.isLoud(audio, 0, audio.length, 500)).isTrue();
        LedgerEntry e = eleven.ledger().entries().get(0);
        assertThat(e.id()).isEqualTo(r.header("request-id"));
        assertThat(e.service()).isEqualTo("elevenlabs");
        assertThat(e.provider()).isEqualTo("ElevenLabs");
        assertThat(e.model()).isEqualTo("eleven_flash_v2_5");
        assertThat(e.billing()).isEqualTo(Billing.TTS_SYNTHESIS);
        assertThat(e.status()).isEqualTo("completed");
        assertThat(e.characters()).isEqualTo(TEXT.length());
        assertThat(e.audio()).isEqualTo(Duration.ofMillis(2400));
        // 24 chunks of 100 ms: the first after ttfb, then 23 gaps
        assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofMillis(150 + 23 * 50));
      }
    }
  }

  @Test
  void derivesTheAudioFromTheTextAndDefaultsTheModel() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      String text = "Thirty characters of speech!!";
      try (Response r = client.newCall(post(eleven, "output_format=pcm_24000", "{\"text\":" + Json.quote(text) + "}")
          .build()).execute()) {
        long expected = eleven.rates().speechDuration(text).toMillis() * 48;
        assertThat((long) r.body().bytes().length).isEqualTo(expected);
      }
      LedgerEntry e = eleven.ledger().entries().get(0);
      assertThat(e.model()).isEqualTo(FakeElevenLabs.DEFAULT_MODEL);
      assertThat(e.audio()).isEqualTo(eleven.rates().speechDuration(text));
    }
  }

  @Test
  void streamedResponsesReuseTheConnection() throws Exception {
    java.util.concurrent.atomic.AtomicInteger connects = new java.util.concurrent.atomic.AtomicInteger();
    OkHttpClient counting = client.newBuilder().eventListener(new okhttp3.EventListener() {
      @Override
      public void connectStart(okhttp3.Call call, java.net.InetSocketAddress address, java.net.Proxy proxy) {
        connects.incrementAndGet();
      }
    }).build();
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(300)), Reply.reply().audio(Duration.ofMillis(200)));
      for (int expected : new int[] {14400, 9600}) {
        try (Response r = counting.newCall(post(eleven, "output_format=pcm_24000", body(TEXT)).build()).execute()) {
          assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
          assertThat(r.header("Content-Length")).isNull();
          assertThat(r.body().bytes()).hasSize(expected);
        }
      }
      assertThat(connects.get()).as("the chunked body ended cleanly, so the connection was reused").isEqualTo(1);
      assertThat(eleven.ledger().entries()).hasSize(2);
    }
  }

  @Test
  void refusesCompressedFormatsWithAValidationError() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      for (String query : new String[] {null, "output_format=mp3_22050_32", "output_format=opus_48000_64"}) {
        try (Response r = client.newCall(post(eleven, query, body(TEXT)).build()).execute()) {
          assertThat(r.code()).isEqualTo(422);
          JsonValue.Obj d = Json.parseObject(r.body().string()).get("detail").asArray("d").items().get(0).asObject("e");
          assertThat(d.get("loc").asArray("loc").items()).extracting(v -> v.asString("l"))
              .containsExactly("query", "output_format");
          assertThat(d.get("msg").asString("msg")).contains("uncompressed").contains("pcm_24000");
          assertThat(d.get("type").asString("type")).isEqualTo("value_error");
        }
      }
      try (Response r = client.newCall(post(eleven, "output_format=wav_44100", body(TEXT)).build()).execute()) {
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.body().string()).contains("\"enum\"").contains("mp3_44100_128");
      }
      assertThat(eleven.ledger().entries()).isEmpty();
    }
  }

  @Test
  void missingTextAndBrokenJsonAreValidationErrors() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      Request noText = post(eleven, "output_format=pcm_24000", "{\"model_id\":\"m\"}").build();
      try (Response r = client.newCall(noText).execute()) {
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.body().string()).isEqualTo(
            "{\"detail\":[{\"loc\":[\"body\",\"text\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}");
      }
      try (Response r = client.newCall(post(eleven, "output_format=pcm_24000", "{\"text\":").build()).execute()) {
        assertThat(r.code()).isEqualTo(422);
        assertThat(r.body().string()).contains("json_invalid");
      }
      assertThat(eleven.script().played()).isZero();
    }
  }

  @Test
  void refusesAWrongOrMissingKey() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().apiKey("sk_right").start()) {
      Request.Builder wrong = post(eleven, "output_format=pcm_24000", body(TEXT)).header("xi-api-key", "sk_wrong");
      try (Response r = client.newCall(wrong.build()).execute()) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(r.body().string())
            .isEqualTo("{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}");
      }
      Request.Builder none = post(eleven, "output_format=pcm_24000", body(TEXT)).removeHeader("xi-api-key");
      try (Response r = client.newCall(none.build()).execute()) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(r.body().string()).contains("needs_authorization");
      }
      assertThat(eleven.ledger().entries()).isEmpty();
    }
  }

  @Test
  void httpFaultsAnswerWithElevenLabsErrorsAndBillNothing() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(tts(FaultKind.HTTP_401), tts(FaultKind.QUOTA_EXCEEDED), tts(FaultKind.HTTP_429),
          tts(FaultKind.HTTP_500));
      String[] expected = {"401 invalid_api_key", "401 quota_exceeded", "429 too_many_concurrent_requests",
          "500 internal_server_error"};
      for (String e : expected) {
        try (Response r = client.newCall(post(eleven, "output_format=pcm_16000", body(TEXT)).build()).execute()) {
          JsonValue.Obj detail = Json.parseObject(r.body().string()).get("detail").asObject("detail");
          assertThat(r.code() + " " + detail.get("status").asString("s")).isEqualTo(e);
          if (e.contains("quota")) {
            assertThat(detail.get("message").asString("m")).endsWith("while " + TEXT.length()
                + " credits are required for this request.");
          }
          if (r.code() == 429) assertThat(r.header("Retry-After")).isEqualTo("1");
        }
      }
      assertThat(eleven.ledger().entries()).isEmpty();
    }
  }

  @Test
  void aFaultAimedAtAnotherProviderIsIgnored() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(500)).fault(FaultKind.HTTP_500)); // targets the LLM
      try (Response r = client.newCall(post(eleven, "output_format=pcm_16000", body(TEXT)).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().bytes()).hasSize(16000);
      }
    }
  }

  @Test
  void disconnectMidResponseCutsTheBodyAndStillBills() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(1000)).chunkGap(Duration.ofMillis(20))
          .fault(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).on(FaultKind.Target.TTS)));
      try (Response r = client.newCall(post(eleven, "output_format=pcm_24000", body(TEXT)).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        InputStream in = r.body().byteStream();
        long read = 0;
        byte[] buf = new byte[8192];
        IOException cut = null;
        try {
          for (int n; (n = in.read(buf)) > 0; ) read += n;
        } catch (IOException e) {
          cut = e;
        }
        assertThat(cut).as("the body ends with an error").isNotNull()
            .as("the server dropped the connection; the client did not time out")
            .isNotInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(read).isEqualTo(5 * 4800); // half of 10 chunks
      }
      LedgerEntry e = awaitEntry(eleven);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.characters()).isEqualTo(TEXT.length());
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(500));
    }
  }

  @Test
  void slowFirstByteDelaysTheAudio() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(300)).ttfb(Duration.ofMillis(200))
          .fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).on(FaultKind.Target.TTS).after(Duration.ofSeconds(3))));
      try (Response r = client.newCall(post(eleven, "output_format=pcm_24000", body(TEXT)).build()).execute()) {
        assertThat(r.body().bytes()).hasSize(14400);
      }
      LedgerEntry e = eleven.ledger().entries().get(0);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofMillis(3200));
    }
  }

  @Test
  void aClientThatHangsUpEarlyIsBilledAsCancelled() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(2400)).chunkGap(Duration.ofMillis(50)));
      Link link = eleven.clock().openLink("test client");
      try {
        Request request = post(eleven, "output_format=pcm_24000", body(TEXT)).header(Link.HEADER, link.id()).build();
        Response r = client.newCall(request).execute();
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
      LedgerEntry e = awaitEntry(eleven);
      assertThat(e.status()).isEqualTo("cancelled");
      assertThat(e.characters()).as("billed in full").isEqualTo(TEXT.length());
      // what the socket took: the two chunks sent before the hang-up, and perhaps a few more before the reset
      assertThat(e.audio()).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofMillis(2400));
    }
  }

  @Test
  void servesHttpsWithTheRunsCertificate() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().tls(true).start()) {
      OkHttpClient tls = client.newBuilder().sslSocketFactory(eleven.server().tls().clientSocketFactory(),
          eleven.server().tls().clientTrustManager()).build();
      assertThat(eleven.baseUrl()).startsWith("https://127.0.0.1:").endsWith("/v1");
      eleven.script(Reply.reply().audio(Duration.ofMillis(100)));
      try (Response r = tls.newCall(post(eleven, "output_format=pcm_48000", body(TEXT)).build()).execute()) {
        assertThat(r.body().bytes()).hasSize(9600);
      }
    }
  }

  @Test
  void closingFreesThePort() throws Exception {
    FakeElevenLabs eleven = FakeElevenLabs.builder().start();
    int port = eleven.server().port();
    eleven.close();
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
    assertThatThrownBy(() -> client.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/v1").build())
        .execute()).isInstanceOf(IOException.class);
  }

  static Reply tts(FaultKind kind) {
    return Reply.reply().fault(Fault.of(kind).on(FaultKind.Target.TTS)).build();
  }

  static LedgerEntry awaitEntry(FakeElevenLabs fake) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fake.ledger().entries().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(fake.ledger().entries()).hasSize(1);
    return fake.ledger().entries().get(0);
  }
}
