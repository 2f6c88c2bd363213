package dev.agentharness.fake.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.clock.Link;
import dev.agentharness.fake.WsProbe;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakeElevenLabsStreamInputTest {

  private static final String VOICE = "21m00Tcm4TlvDq8ikWAM";
  private static final String INIT = "{\"text\":\" \",\"voice_settings\":{\"stability\":0.5,\"similarity_boost\":0.8},"
      + "\"generation_config\":{\"chunk_length_schedule\":[120,160,250,290]}}";
  private static final String END = "{\"text\":\"\"}";
  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();

  @AfterEach
  void shutDown() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private static Request.Builder dial(FakeElevenLabs fake, String query) {
    return new Request.Builder().url(fake.streamInputUrl(VOICE, query)).header("xi-api-key", fake.apiKey());
  }

  private WsProbe tracked(FakeElevenLabs fake, Request.Builder request) {
    return WsProbe.open(client, request, fake.clock().openLink("test client"));
  }

  private static String text(String t, boolean flush) {
    return "{\"text\":" + Json.quote(t) + (flush ? ",\"flush\":true" : "") + "}";
  }

  /** Frames of one stream: audio bytes, alignment chars, and the rest. */
  private record Decoded(long audioBytes, String chars, long alignedMs, List<JsonValue.Obj> others, int audioFrames) {}

  private static Decoded decode(List<String> frames) {
    long bytes = 0;
    long ms = 0;
    int audioFrames = 0;
    StringBuilder chars = new StringBuilder();
    List<JsonValue.Obj> others = new ArrayList<>();
    for (String f : frames) {
      JsonValue.Obj o = Json.parseObject(f);
      if (o.getPresent("audio") instanceof JsonValue.Str a) {
        audioFrames++;
        bytes += AudioFormat.base64DecodedLength(a.value());
        assertThat(o.has("isFinal")).isTrue();
        assertThat(o.get("isFinal").isNull()).isTrue();
        JsonValue alignment = o.getPresent("alignment");
        assertThat(o.get("normalizedAlignment").isNull()).isEqualTo(alignment == null);
        if (alignment instanceof JsonValue.Obj al) {
          List<JsonValue> cs = al.get("chars").asArray("c").items();
          List<JsonValue> starts = al.get("charStartTimesMs").asArray("s").items();
          List<JsonValue> durs = al.get("charsDurationsMs").asArray("d").items();
          assertThat(starts).hasSameSizeAs(cs);
          assertThat(durs).hasSameSizeAs(cs);
          for (int i = 0; i < cs.size(); i++) {
            chars.append(cs.get(i).asString("c"));
            assertThat(starts.get(i).asLong("s")).isBetween(0L, 100L); // within its 100 ms chunk
            ms += durs.get(i).asLong("d");
          }
        }
      } else {
        others.add(o);
      }
    }
    return new Decoded(bytes, chars.toString(), ms, others, audioFrames);
  }

  @Test
  void synthesizesEachFlushedSegmentAndEndsWithIsFinal() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(1200)).ttfb(Duration.ofMillis(150))
          .chunkGap(Duration.ofMillis(50)),
          Reply.reply().audio(Duration.ofMillis(600)).chunkGap(Duration.ofMillis(50)));
      try (WsProbe ws = tracked(eleven, dial(eleven, "model_id=eleven_flash_v2_5&output_format=pcm_24000"))) {
        ws.send(INIT, text("Hello ", false), text("there. ", true), text("How are you? ", false), END);
        List<String> frames = ws.framesUntilEnd();
        assertThat(ws.ending().code()).isEqualTo(1000);
        assertThat(frames.get(frames.size() - 1)).isEqualTo("{\"isFinal\":true}");
        Decoded d = decode(frames);
        assertThat(d.audioBytes()).isEqualTo(48_000L * 1800 / 1000);
        assertThat(d.audioFrames()).isEqualTo(18);
        assertThat(d.chars()).isEqualTo("Hello there. How are you? ");
        assertThat(d.alignedMs()).isEqualTo(1800);
        assertThat(d.others()).hasSize(1);
      }
      List<LedgerEntry> entries = eleven.ledger().entries();
      assertThat(entries).hasSize(2);
      LedgerEntry first = entries.get(0);
      assertThat(first.characters()).isEqualTo("Hello there. ".length());
      assertThat(first.audio()).isEqualTo(Duration.ofMillis(1200));
      assertThat(first.status()).isEqualTo("completed");
      assertThat(first.model()).isEqualTo("eleven_flash_v2_5");
      assertThat(first.provider()).isEqualTo("ElevenLabs");
      assertThat(Duration.between(first.start(), first.end())).isEqualTo(Duration.ofMillis(150 + 11 * 50));
      LedgerEntry second = entries.get(1);
      assertThat(second.characters()).isEqualTo("How are you? ".length());
      assertThat(second.audio()).isEqualTo(Duration.ofMillis(600));
      // the second segment plays after the first: it starts with the end of input and waits for the stream
      assertThat(Duration.between(second.start(), second.end())).isEqualTo(Duration.ofMillis(700 + 5 * 50));
    }
  }

  @ParameterizedTest
  @CsvSource({"pcm_8000, 16000", "pcm_16000, 32000", "pcm_22050, 44100", "pcm_24000, 48000", "pcm_44100, 88200",
      "pcm_48000, 96000", "ulaw_8000, 8000", "alaw_8000, 8000"})
  void sendsExactlyTheScriptedAudioInEachFormat(String format, long bytesPerSecond) throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(2400)));
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=" + format))) {
        ws.send(INIT, text("Twenty-four hundred milliseconds. ", false), END);
        Decoded d = decode(ws.framesUntilEnd());
        assertThat(d.audioBytes()).isEqualTo(bytesPerSecond * 24 / 10);
        assertThat(d.alignedMs()).isEqualTo(2400);
      }
      assertThat(eleven.ledger().entries().get(0).audio()).isEqualTo(Duration.ofMillis(2400));
    }
  }

  @Test
  void tryTriggerGenerationSynthesizesWhatIsBufferedAndKeepAlivesAreNotText() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000"))) {
        ws.send(INIT, text(" ", false), "{\"text\":\"One. \",\"try_trigger_generation\":true}",
            text("Two. ", false), END);
        Decoded d = decode(ws.framesUntilEnd());
        assertThat(d.chars()).isEqualTo("One. Two. ");
      }
      assertThat(eleven.ledger().entries()).extracting(LedgerEntry::characters).containsExactly(5L, 5L);
      assertThat(eleven.ledger().entries()).extracting(LedgerEntry::audio)
          .containsExactly(eleven.rates().speechDuration("One. "), eleven.rates().speechDuration("Two. "));
    }
  }

  @Test
  void honorsTheChunkLengthScheduleWhenAsked() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().honorChunkLengthSchedule(true).start()) {
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000"))) {
        ws.send("{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":[10,50]}}", text("Short. ", false),
            text("Long enough. ", false), text("Rest. ", false), END);
        ws.framesUntilEnd();
      }
      assertThat(eleven.ledger().entries()).extracting(LedgerEntry::characters).containsExactly(20L, 6L);
    }
  }

  @Test
  void acceptsTheKeyInTheFirstMessageOrTheAuthorizationQuery() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      for (String field : new String[] {"xi_api_key", "xi-api-key"}) {
        Request.Builder r = dial(eleven, "output_format=pcm_16000").removeHeader("xi-api-key");
        try (WsProbe ws = tracked(eleven, r)) {
          ws.send("{\"text\":\" \",\"" + field + "\":\"" + eleven.apiKey() + "\"}", text("Hi. ", false), END);
          assertThat(ws.framesUntilEnd()).last().isEqualTo("{\"isFinal\":true}");
        }
      }
      Request.Builder q = new Request.Builder().url(eleven.streamInputUrl(VOICE,
          "output_format=pcm_16000&authorization=Bearer%20" + eleven.apiKey()));
      try (WsProbe ws = tracked(eleven, q)) {
        ws.send(INIT, text("Hi. ", false), END);
        assertThat(ws.framesUntilEnd()).last().isEqualTo("{\"isFinal\":true}");
      }
      assertThat(eleven.ledger().entries()).hasSize(3);
    }
  }

  @Test
  void refusesAWrongKeyInEachPlace() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().apiKey("sk_right").start()) {
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000").header("xi-api-key", "sk_wrong"))) {
        WsProbe.Ending e = ws.ending();
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.httpBody()).contains("invalid_api_key");
      }
      Request.Builder q = new Request.Builder().url(eleven.streamInputUrl(VOICE, "authorization=Bearer%20sk_wrong"));
      try (WsProbe ws = tracked(eleven, q)) {
        assertThat(ws.ending().httpStatus()).isEqualTo(401);
      }
      Request.Builder none = dial(eleven, "output_format=pcm_16000").removeHeader("xi-api-key");
      try (WsProbe ws = tracked(eleven, none)) {
        ws.send("{\"text\":\" \",\"xi_api_key\":\"sk_wrong\"}");
        assertError(ws, "invalid_api_key");
      }
      try (WsProbe ws = tracked(eleven, none)) {
        ws.send(INIT);
        assertError(ws, "needs_authorization");
      }
      assertThat(eleven.ledger().entries()).isEmpty();
    }
  }

  private static JsonValue.Obj assertError(WsProbe ws, String error) throws Exception {
    List<String> frames = ws.framesUntilEnd();
    assertThat(frames).hasSize(1);
    JsonValue.Obj o = Json.parseObject(frames.get(0));
    assertThat(o.get("error").asString("error")).isEqualTo(error);
    assertThat(o.get("code").asLong("code")).isEqualTo(1008);
    assertThat(o.get("message").asString("message")).isNotBlank();
    assertThat(ws.ending().code()).isEqualTo(1008);
    return o;
  }

  @Test
  void httpFaultsRefuseTheHandshake() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(FakeElevenLabsHttpTest.tts(FaultKind.HTTP_401), FakeElevenLabsHttpTest.tts(FaultKind.HTTP_429),
          FakeElevenLabsHttpTest.tts(FaultKind.HTTP_500));
      for (String expected : new String[] {"401 invalid_api_key", "429 too_many_concurrent_requests",
          "500 internal_server_error"}) {
        try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000"))) {
          WsProbe.Ending e = ws.ending();
          JsonValue.Obj detail = Json.parseObject(e.httpBody()).get("detail").asObject("detail");
          assertThat(e.httpStatus() + " " + detail.get("status").asString("s")).isEqualTo(expected);
        }
      }
      // the script is used up: the next stream is served
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000"))) {
        ws.send(INIT, text("Hi. ", false), END);
        assertThat(ws.framesUntilEnd()).last().isEqualTo("{\"isFinal\":true}");
      }
      assertThat(eleven.ledger().entries()).hasSize(1);
    }
  }

  @Test
  void malformedClientMessagesCloseWith1008() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000"))) {
        ws.send("{\"text\":\"Hello\"}");
        assertThat(assertError(ws, "invalid_input_message").get("message").asString("m")).contains("single space");
      }
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000"))) {
        ws.send(INIT, "{\"text\": nope");
        assertError(ws, "invalid_input_message");
      }
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000"))) {
        ws.send(INIT, "{\"flush\":true}");
        assertError(ws, "invalid_input_message");
      }
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=mp3_44100_128"))) {
        assertThat(ws.ending().httpStatus()).isEqualTo(422);
      }
    }
  }

  @Test
  void inactivityTimeoutFiresOnVirtualTimeWithAForeignClient() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      long t0 = System.nanoTime();
      try (WsProbe ws = WsProbe.open(client, dial(eleven, "output_format=pcm_16000"), Link.UNTRACKED)) {
        ws.send(INIT);
        JsonValue.Obj e = assertError(ws, "input_timeout_exceeded");
        assertThat(e.get("message").asString("m")).startsWith(
            "Have not received a new text input within the timeout of 20.0 seconds. Streaming input terminated.");
        assertThat(ws.ending().reason()).startsWith("Have not received a new text input");
      }
      assertThat(eleven.clock().elapsed()).isEqualTo(Duration.ofSeconds(20));
      assertThat(WsProbe.elapsed(t0)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void inactivityTimeoutIsResetByEveryInput() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_16000&inactivity_timeout=5"))) {
        ws.send(INIT, text("Hi. ", true));
        List<String> frames = ws.framesUntilEnd();
        assertThat(frames.get(frames.size() - 1)).contains("5.0 seconds");
        assertThat(ws.ending().code()).isEqualTo(1008);
      }
      // the timer restarted with the text at +0 and fired at +5 s; the segment completed before it
      assertThat(eleven.clock().elapsed()).isEqualTo(Duration.ofSeconds(5));
      assertThat(eleven.ledger().entries().get(0).status()).isEqualTo("completed");
    }
  }

  @Test
  void aClientThatClosesMidSegmentIsBilledInFullAsCancelled() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(2000)).chunkGap(Duration.ofMillis(100)));
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_24000")).closeOnFirstFrame(1000, "barge-in")) {
        ws.send(INIT, text("A long answer that the user interrupts. ", true));
        assertThat(ws.ending().code()).isEqualTo(1000);
      }
      LedgerEntry e = awaitEntry(eleven);
      assertThat(e.status()).isEqualTo("cancelled");
      assertThat(e.characters()).isEqualTo("A long answer that the user interrupts. ".length());
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(100));
    }
  }

  @Test
  void closeFaultClosesWithTheScriptedCode() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(1000)).chunkGap(Duration.ofMillis(10))
          .fault(Fault.of(FaultKind.CLOSE).on(FaultKind.Target.TTS).withCode(1011, "Internal server error")));
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_24000"))) {
        ws.send(INIT, text("Hello. ", true));
        Decoded d = decode(ws.framesUntilEnd());
        assertThat(ws.ending().code()).isEqualTo(1011);
        assertThat(ws.ending().reason()).isEqualTo("Internal server error");
        assertThat(d.audioBytes()).isEqualTo(5 * 4800);
      }
      LedgerEntry e = eleven.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(500));
      assertThat(e.characters()).isEqualTo(7);
    }
  }

  @Test
  void disconnectMidResponseDropsTheConnection() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(1000)).chunkGap(Duration.ofMillis(10))
          .fault(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).on(FaultKind.Target.TTS).after(Duration.ofMillis(25))));
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_24000"))) {
        ws.send(INIT, text("Hello. ", true));
        assertThat(ws.ending().failure()).isNotNull();
      }
      LedgerEntry e = awaitEntry(eleven);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(300)); // chunks at +0, +10, +20 ms before the cut
    }
  }

  @Test
  void malformedFrameIsOneUnparseableFrame() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(400))
          .fault(Fault.of(FaultKind.MALFORMED_FRAME).on(FaultKind.Target.TTS)));
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_24000"))) {
        ws.send(INIT, text("Hello. ", false), END);
        List<String> frames = ws.framesUntilEnd();
        List<String> good = new ArrayList<>();
        int bad = 0;
        for (String f : frames) {
          try {
            Json.parseObject(f);
            good.add(f);
          } catch (JsonException e) {
            bad++;
          }
        }
        assertThat(bad).isEqualTo(1);
        assertThat(decode(good).audioBytes()).isEqualTo(4 * 4800);
        assertThat(ws.ending().code()).isEqualTo(1000);
      }
    }
  }

  @Test
  void slowFirstByteDelaysTheFirstAudio() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(100)).ttfb(Duration.ofMillis(100))
          .fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).on(FaultKind.Target.TTS).after(Duration.ofMillis(2500))));
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_24000"))) {
        ws.send(INIT, text("Hello. ", false), END);
        ws.framesUntilEnd();
      }
      LedgerEntry e = eleven.ledger().entries().get(0);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofMillis(2600));
    }
  }

  @Test
  void quotaExceededIsAnErrorFrame() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(FakeElevenLabsHttpTest.tts(FaultKind.QUOTA_EXCEEDED));
      try (WsProbe ws = tracked(eleven, dial(eleven, "output_format=pcm_24000"))) {
        ws.send(INIT, text("Hello. ", true));
        assertThat(assertError(ws, "quota_exceeded").get("message").asString("m")).contains("7 credits are required");
      }
      assertThat(eleven.ledger().entries()).isEmpty();
    }
  }

  @Test
  void timedCloseFaultStrikesOpenConnections() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().timedFaults(List.of(new TimedFault(Duration.ofSeconds(3),
        Fault.of(FaultKind.CLOSE).on(FaultKind.Target.TTS).withCode(1013, "try again later")))).start()) {
      try (WsProbe ws = WsProbe.open(client, dial(eleven, "output_format=pcm_24000&inactivity_timeout=10"),
          Link.UNTRACKED)) {
        ws.send(INIT);
        assertThat(ws.ending().code()).isEqualTo(1013);
        assertThat(ws.ending().reason()).isEqualTo("try again later");
      }
      assertThat(eleven.clock().elapsed()).isEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void servesWssWithTheRunsCertificate() throws Exception {
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().tls(true).start()) {
      OkHttpClient tls = client.newBuilder().sslSocketFactory(eleven.server().tls().clientSocketFactory(),
          eleven.server().tls().clientTrustManager()).build();
      assertThat(eleven.streamInputUrl(VOICE, "")).startsWith("wss://127.0.0.1:");
      eleven.script(Reply.reply().audio(Duration.ofMillis(300)));
      try (WsProbe ws = WsProbe.open(tls, dial(eleven, "output_format=pcm_16000"), eleven.clock().openLink("tls"))) {
        ws.send(INIT, text("Secure. ", false), END);
        assertThat(decode(ws.framesUntilEnd()).audioBytes()).isEqualTo(9600);
      }
    } finally {
      client.dispatcher().executorService().shutdown();
    }
  }

  static LedgerEntry awaitEntry(FakeElevenLabs fake) throws InterruptedException {
    return FakeElevenLabsHttpTest.awaitEntry(fake);
  }
}
