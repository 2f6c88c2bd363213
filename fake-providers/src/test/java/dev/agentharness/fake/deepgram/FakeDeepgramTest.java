package dev.agentharness.fake.deepgram;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.audio.Wav;
import dev.agentharness.clock.Link;
import dev.agentharness.fake.deepgram.DeepgramTestClient.Ending;
import dev.agentharness.fake.deepgram.DeepgramTestClient.Message;
import dev.agentharness.fake.deepgram.DeepgramTestClient.Refusal;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import dev.agentharness.usage.UsageCollector;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FakeDeepgramTest {

  /** What LiveKit's Deepgram plugin (Python 1.7.0) sends, with utterance_end_ms where the plugin puts it. */
  static final String LIVEKIT_QUERY = "model=nova-3&punctuate=true&smart_format=false&no_delay=true"
      + "&interim_results=true&encoding=linear16&vad_events=true&sample_rate=16000&channels=1&endpointing=25"
      + "&filler_words=true&profanity_filter=false&numerals=false&mip_opt_out=false&utterance_end_ms=1000"
      + "&language=en-US";
  static final String PLAIN_QUERY = "model=nova-3&punctuate=true&encoding=linear16&sample_rate=16000";
  static final AudioFormat PCM = AudioFormat.PCM16_16K;
  static final Duration CHUNK = ofMillis(50);
  static final String BALANCE = "I would like to check my balance please.";

  private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS).build();

  @AfterEach
  void shutDownClient() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  // ---------------------------------------------------------------- the happy path

  @Test
  void toneAndSilenceGiveSpeechStartedInterimsFinalUtteranceEndAndMetadata() throws Exception {
    try (FakeDeepgram dg = FakeDeepgram.builder().transcripts(BALANCE).start()) {
      Instant t0 = dg.clock().origin();
      DeepgramTestClient c = run(dg, LIVEKIT_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofSeconds(3), ofMillis(2500)));
        x.textAt(ofSeconds(6), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      Ending end = c.awaitEnd();
      String requestId = c.requestId();

      assertThat(got).extracting(Message::type).containsExactly("SpeechStarted", "Results", "Results", "Results",
          "Results", "UtteranceEnd", "Metadata");
      assertThat(end.code()).isEqualTo(1000);

      JsonValue.Obj started = got.get(0).json();
      assertThat(started.get("timestamp").asDouble("t")).isEqualTo(0.5);
      assertThat(ints(started.get("channel"))).containsExactly(0L, 1L);

      // interims: once per second of speech, words appearing progressively, window from the stream start
      double[] interimEnds = {1.5, 2.5, 3.5};
      String[] interimTexts = {"I would like", "I would like to check my", BALANCE};
      for (int i = 0; i < 3; i++) {
        JsonValue.Obj r = got.get(1 + i).json();
        assertThat(r.get("is_final").asBoolean("f")).isFalse();
        assertThat(r.get("speech_final").asBoolean("s")).isFalse();
        assertThat(r.get("start").asDouble("s")).isEqualTo(0.0);
        assertThat(r.get("duration").asDouble("d")).isEqualTo(interimEnds[i]);
        assertThat(transcript(r)).isEqualTo(interimTexts[i]);
      }

      // the final: endpointing (25 ms of silence, seen on 10 ms frames) after the tone ended at 3.5 s
      JsonValue.Obj fin = got.get(4).json();
      assertThat(fin.get("is_final").asBoolean("f")).isTrue();
      assertThat(fin.get("speech_final").asBoolean("s")).isTrue();
      assertThat(fin.get("from_finalize").asBoolean("ff")).isFalse();
      assertThat(ints(fin.get("channel_index"))).containsExactly(0L, 1L);
      assertThat(fin.get("start").asDouble("s")).isEqualTo(0.0);
      assertThat(fin.get("duration").asDouble("d")).isEqualTo(3.53);
      assertThat(transcript(fin)).isEqualTo(BALANCE);
      List<JsonValue> words = alternative(fin).get("words").asArray("w").items();
      assertThat(words).hasSize(8);
      for (int i = 0; i < 8; i++) {
        JsonValue.Obj w = words.get(i).asObject("w");
        assertThat(w.get("start").asDouble("s")).as("word %d start", i).isEqualTo(0.5 + 0.375 * i);
        assertThat(w.get("end").asDouble("e")).as("word %d end", i).isEqualTo(0.5 + 0.375 * (i + 1));
      }
      JsonValue.Obj last = words.get(7).asObject("w");
      assertThat(last.get("word").asString("w")).isEqualTo("please");
      assertThat(last.get("punctuated_word").asString("p")).isEqualTo("please.");
      JsonValue.Obj meta = fin.get("metadata").asObject("m");
      assertThat(meta.get("request_id").asString("r")).isEqualTo(requestId);
      JsonValue.Obj info = meta.get("model_info").asObject("i");
      assertThat(info.get("name").asString("n")).isEqualTo("general-nova-3");
      assertThat(info.get("arch").asString("a")).isEqualTo("nova-3");
      String modelUuid = meta.get("model_uuid").asString("u");
      assertThat(got.get(4).at()).isEqualTo(t0.plus(ofMillis(3500)));

      JsonValue.Obj ue = got.get(5).json();
      assertThat(ue.get("last_word_end").asDouble("l")).isEqualTo(3.5);
      assertThat(ints(ue.get("channel"))).containsExactly(0L, 1L);
      assertThat(got.get(5).at()).isEqualTo(t0.plus(ofMillis(4450)));

      JsonValue.Obj md = got.get(6).json();
      assertThat(md.get("transaction_key").asString("t")).isEqualTo("deprecated");
      assertThat(md.get("request_id").asString("r")).isEqualTo(requestId);
      assertThat(md.get("sha256").asString("s")).isEqualTo(c.sentSha256());
      assertThat(md.get("created").asString("c")).isEqualTo("2026-01-01T00:00:00.000Z");
      assertThat(md.get("duration").asDouble("d")).isEqualTo(6.0);
      assertThat(md.get("channels").asLong("c")).isEqualTo(1);
      assertThat(md.get("models").asArray("m").items().get(0).asString("m")).isEqualTo(modelUuid);
      assertThat(md.get("model_info").asObject("mi").get(modelUuid).asObject("x").get("name").asString("n"))
          .isEqualTo("general-nova-3");

      assertThat(c.awaitOpen().header("dg-request-id"))
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(dg.ledger().entries()).containsExactly(new LedgerEntry(requestId, "deepgram", "Deepgram", "nova-3",
          Billing.STT_STREAM, "completed", t0, t0.plus(ofSeconds(6)), LedgerEntry.Tokens.NONE, 0, ofSeconds(6)));
      FakeDeepgram.ListenStream s = dg.stream(requestId);
      assertThat(s.audioReceived()).isEqualTo(ofSeconds(6));
      assertThat(s.closeCode()).isEqualTo(1000);
      assertThat(s.sha256()).isEqualTo(c.sentSha256());
      // nothing of the ended stream keeps virtual time going (its inactivity timer is cancelled)
      assertThat(dg.clock().awaitIdle(ofSeconds(5))).isTrue();
      assertThat(dg.clock().now()).isEqualTo(t0.plus(ofSeconds(6)));
    }
  }

  @Test
  void eachUtteranceTakesTheNextTranscript() {
    try (FakeDeepgram dg = FakeDeepgram.builder().transcripts("First one.", "Second one.").start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY + "&vad_events=true&endpointing=300", x -> {
        List<byte[]> chunks = new ArrayList<>(speech(ofMillis(500), ofMillis(1000), ofMillis(1500)));
        chunks.addAll(speech(Duration.ZERO, ofMillis(1000), ofMillis(1000)));
        x.streamAt(Duration.ZERO, CHUNK, chunks);
        x.textAt(ofSeconds(5), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      assertThat(got).extracting(Message::type)
          .containsExactly("SpeechStarted", "Results", "SpeechStarted", "Results", "Metadata");
      assertThat(got.get(2).json().get("timestamp").asDouble("t")).isEqualTo(3.0);
      JsonValue.Obj first = got.get(1).json();
      JsonValue.Obj second = got.get(3).json();
      assertThat(transcript(first)).isEqualTo("First one.");
      assertThat(transcript(second)).isEqualTo("Second one.");
      // endpointing=300: the final comes at the first 10 ms frame with 300 ms of silence
      assertThat(first.get("duration").asDouble("d")).isEqualTo(1.8);
      // windows are contiguous: the second starts where the first final ended
      assertThat(second.get("start").asDouble("s")).isEqualTo(1.8);
      assertThat(second.get("duration").asDouble("d")).isEqualTo(2.5);
      assertThat(second.get("speech_final").asBoolean("s")).isTrue();
    }
  }

  // ---------------------------------------------------------------- client messages

  @Test
  void finalizeFlushesBufferedSpeechAsAFinalFromFinalize() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY + "&endpointing=false", x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofMillis(1500), ofMillis(200)));
        x.textAt(ofMillis(2200), "{\"type\":\"Finalize\"}");
        x.textAt(ofMillis(2500), "{\"type\":\"Finalize\"}"); // nothing buffered: no Results
        x.textAt(ofSeconds(3), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      assertThat(got).extracting(Message::type).containsExactly("Results", "Metadata");
      JsonValue.Obj fin = got.get(0).json();
      assertThat(fin.get("from_finalize").asBoolean("ff")).isTrue();
      assertThat(fin.get("is_final").asBoolean("f")).isTrue();
      assertThat(fin.get("speech_final").asBoolean("s")).isFalse();
      assertThat(fin.get("duration").asDouble("d")).isEqualTo(2.2);
      assertThat(transcript(fin)).isEqualTo("Hello.");
      assertThat(got.get(0).at()).isEqualTo(dg.clock().origin().plus(ofMillis(2200)));
      assertThat(got.get(1).json().get("duration").asDouble("d")).isEqualTo(2.2);
      assertThat(c.awaitEnd().code()).isEqualTo(1000);
    }
  }

  @Test
  void closeStreamFinalizesOpenSpeechThenMetadataThenClose1000() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofMillis(700), Duration.ZERO));
        x.textAt(ofMillis(1200), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      assertThat(got).extracting(Message::type).containsExactly("Results", "Metadata");
      JsonValue.Obj fin = got.get(0).json();
      assertThat(fin.get("is_final").asBoolean("f")).isTrue();
      assertThat(fin.get("speech_final").asBoolean("s")).isFalse();
      assertThat(fin.get("from_finalize").asBoolean("ff")).isFalse();
      assertThat(fin.get("duration").asDouble("d")).isEqualTo(1.2);
      JsonValue.Obj md = got.get(1).json();
      assertThat(md.get("duration").asDouble("d")).isEqualTo(1.2);
      assertThat(md.get("sha256").asString("s")).isEqualTo(c.sentSha256());
      assertThat(c.awaitEnd().code()).isEqualTo(1000);
    }
  }

  @Test
  void aZeroByteBinaryFrameClosesTheStreamLikeCloseStream() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofMillis(500), Duration.ZERO));
        x.audioAt(ofSeconds(1), new byte[0]);
      });
      assertThat(c.untilEnd()).extracting(Message::type).containsExactly("Results", "Metadata");
      assertThat(c.awaitEnd().code()).isEqualTo(1000);
    }
  }

  @Test
  void keepAliveGetsNoReplyAndKeepsTheStreamOpen() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        for (int s = 0; s <= 16; s += 8) x.textAt(ofSeconds(s), "{\"type\":\"KeepAlive\"}");
        x.textAt(ofSeconds(20), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      assertThat(got).extracting(Message::type).containsExactly("Metadata");
      JsonValue.Obj md = got.get(0).json();
      assertThat(md.get("duration").asDouble("d")).isEqualTo(0.0);
      assertThat(md.get("channels").asLong("c")).isZero();
      assertThat(md.has("models")).isFalse();
      assertThat(md.get("sha256").asString("s"))
          .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      assertThat(got.get(0).at()).isEqualTo(dg.clock().origin().plus(ofSeconds(20)));
      assertThat(c.awaitEnd().code()).isEqualTo(1000);
      LedgerEntry e = dg.ledger().entries().get(0);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(ofSeconds(20));
      assertThat(e.audio()).isEqualTo(ofSeconds(20));
    }
  }

  @Test
  void malformedClientMessagesGetASchemaErrorAndTheStreamGoesOn() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        x.textAt(ofMillis(100), "{ \"type\": \"KeepAlive \"}");
        x.textAt(ofMillis(200), "not json");
        x.textAt(ofMillis(300), "{\"channel\":0}");
        x.textAt(ofMillis(400), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      assertThat(got).extracting(Message::type).containsExactly("Error", "Error", "Error", "Metadata");
      JsonValue.Obj unknown = got.get(0).json();
      assertThat(unknown.get("variant").asString("v")).isEqualTo("SchemaError");
      assertThat(unknown.get("description").asString("d")).isEqualTo("Could not deserialize last text message: "
          + "unknown variant `KeepAlive `, expected one of `CloseStream`, `Configure`, `Sync`, `KeepAlive`, "
          + "`Finalize` at line 1 column 22");
      assertThat(unknown.get("message").asString("m")).isEqualTo("{ \"type\": \"KeepAlive \"}");
      assertThat(got.get(1).json().get("message").asString("m")).isEqualTo("not json");
      assertThat(got.get(2).json().get("description").asString("d")).contains("missing field `type`");
      assertThat(c.awaitEnd().code()).isEqualTo(1000);
    }
  }

  // ---------------------------------------------------------------- inactivity

  @Test
  void tenSecondsWithoutAudioOrTextGiveMetadataThenClose1011() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofSeconds(1), Duration.ZERO, Duration.ZERO));
      });
      List<Message> got = c.untilEnd();
      Ending end = c.awaitEnd();
      assertThat(got).extracting(Message::type).containsExactly("Metadata");
      assertThat(got.get(0).json().get("duration").asDouble("d")).isEqualTo(1.0);
      assertThat(end.code()).isEqualTo(1011);
      assertThat(end.reason()).isEqualTo(FakeDeepgram.IDLE_TIMEOUT_REASON);
      // the last frame went out at 0.95 s: the timeout strikes 10 s later
      Instant t0 = dg.clock().origin();
      assertThat(got.get(0).at()).isEqualTo(t0.plus(ofMillis(10_950)));
      assertThat(dg.ledger().entries().get(0).end()).isEqualTo(t0.plus(ofMillis(10_950)));
    }
  }

  @Test
  void theInactivityTimeoutFiresOnTheVirtualClockWithoutWaitingForAForeignClient() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      long before = System.nanoTime();
      DeepgramTestClient c = DeepgramTestClient.foreign(http, dg, PLAIN_QUERY, DeepgramTestClient.token(dg));
      List<Message> got = c.untilEnd();
      Ending end = c.awaitEnd();
      Duration real = Duration.ofNanos(System.nanoTime() - before);
      assertThat(got).extracting(Message::type).containsExactly("Metadata");
      assertThat(end.code()).isEqualTo(1011);
      assertThat(end.reason()).isEqualTo(FakeDeepgram.IDLE_TIMEOUT_REASON);
      assertThat(real).isLessThan(FakeDeepgram.IDLE_TIMEOUT);
      LedgerEntry e = dg.ledger().entries().get(0);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(FakeDeepgram.IDLE_TIMEOUT);
      assertThat(e.audio()).isEqualTo(FakeDeepgram.IDLE_TIMEOUT);
    }
  }

  // ---------------------------------------------------------------- auth and handshake

  @Test
  void acceptsTokenBearerAndTheTokenSubprotocol() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      String[][] styles = {
          {"Authorization", "Token " + dg.apiKey()},
          {"Authorization", "Bearer " + dg.apiKey()},
          {"Sec-WebSocket-Protocol", "token, " + dg.apiKey()}};
      for (String[] style : styles) {
        DeepgramTestClient c = DeepgramTestClient.start(http, dg, PLAIN_QUERY, style, x -> {
          x.textAt(Duration.ZERO, "{\"type\":\"CloseStream\"}");
        });
        Response r = c.awaitOpen();
        assertThat(r.code()).as(style[0]).isEqualTo(101);
        assertThat(r.header("dg-request-id")).isNotBlank();
        assertThat(r.header("Sec-WebSocket-Protocol")).as(style[1])
            .isEqualTo(style[0].equals("Sec-WebSocket-Protocol") ? "token" : null);
        assertThat(c.untilEnd()).extracting(Message::type).containsExactly("Metadata");
        assertThat(c.awaitEnd().code()).isEqualTo(1000);
      }
      assertThat(dg.ledger().entries()).hasSize(3);
    }
  }

  @Test
  void aWrongOrMissingKeyIsRefusedWith401() {
    try (FakeDeepgram dg = FakeDeepgram.builder().apiKey("dg-right").start()) {
      String[][] attempts = {
          {"Authorization", "Token dg-wrong"},
          {"Sec-WebSocket-Protocol", "token, dg-wrong"},
          {}};
      for (String[] headers : attempts) {
        Refusal r = DeepgramTestClient.foreign(http, dg, PLAIN_QUERY, headers).awaitRefusal();
        assertThat(r.code()).isEqualTo(401);
        String id = r.header("dg-request-id");
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(r.header("dg-error")).isEqualTo("Invalid credentials.");
        assertThat(r.body()).isEqualTo("{\"err_code\":\"INVALID_AUTH\",\"err_msg\":\"Invalid credentials.\","
            + "\"request_id\":\"" + id + "\"}");
      }
      assertThat(dg.ledger().entries()).isEmpty();
      assertThat(dg.streams()).isEmpty();
    }
  }

  @Test
  void badParametersAreRefusedWith400() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      String[][] cases = {
          {"model=nova-3&language=english", ListenOptions.NO_SUCH_MODEL},
          {"model=nova-2-phonecall&language=es", ListenOptions.NO_SUCH_MODEL},
          {"model=whisper-large", ListenOptions.NO_SUCH_MODEL},
          {"model=nova-3&foo=bar", "Unknown parameter: `foo`"},
          {"model=nova-3&interim_results=True", "`interim_results`"},
          {"model=nova-3&encoding=linear16", "`sample_rate` is required"},
          {"model=nova-3&encoding=opus&sample_rate=48000", "agentharness"},
          {"model=nova-3&endpointing=soon", "`endpointing`"}};
      for (String[] k : cases) {
        Refusal r = DeepgramTestClient.foreign(http, dg, k[0], DeepgramTestClient.token(dg)).awaitRefusal();
        assertThat(r.code()).as(k[0]).isEqualTo(400);
        assertThat(r.header("dg-error")).as(k[0]).contains(k[1]);
        assertThat(r.header("dg-request-id")).isNotBlank();
        JsonValue.Obj body = dev.agentharness.internal.json.Json.parseObject(r.body());
        assertThat(body.get("err_code").asString("c")).isEqualTo("Bad Request");
        assertThat(body.get("err_msg").asString("m")).isEqualTo(r.header("dg-error"));
        assertThat(body.get("request_id").asString("r")).isEqualTo(r.header("dg-request-id"));
      }
      assertThat(dg.streams()).isEmpty();
    }
  }

  @Test
  void acceptsLiveKitsFullQueryWithRepeatedAndEncodedParameters() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      String query = "model=nova-3&punctuate=true&smart_format=false&no_delay=true&interim_results=true"
          + "&encoding=linear16&vad_events=true&sample_rate=16000&channels=1&endpointing=false&filler_words=true"
          + "&profanity_filter=false&numerals=false&mip_opt_out=false&diarize=true&keywords=balance%3A2.0"
          + "&keyterm=agentharness&keyterm=Deepgram&utterance_end_ms=1000&language=en-US&redact=pci&tag=a&tag=b";
      DeepgramTestClient c = run(dg, query, x -> {
        x.textAt(Duration.ZERO, "{\"type\":\"CloseStream\"}");
      });
      assertThat(c.untilEnd()).extracting(Message::type).containsExactly("Metadata");
      assertThat(dg.streams().get(0).query()).isEqualTo(query);
      assertThat(dg.streams().get(0).model()).isEqualTo("nova-3");
    }
  }

  @Test
  void aPlainGetIsNotServed() throws Exception {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      Request r = new Request.Builder().url(dg.baseUrl() + "?model=nova-3")
          .header("Authorization", "Token " + dg.apiKey()).build();
      try (Response response = http.newCall(r).execute()) {
        assertThat(response.code()).isEqualTo(400);
        assertThat(response.header("dg-error")).contains("WebSocket");
      }
    }
  }

  // ---------------------------------------------------------------- faults

  @ParameterizedTest
  @EnumSource(value = FaultKind.class, names = {"HTTP_401", "HTTP_429", "HTTP_500"})
  void aScriptedHandshakeFaultRefusesOneConnection(FaultKind kind) {
    try (FakeDeepgram dg = FakeDeepgram.builder()
        .reply(Reply.reply().fault(Fault.of(kind).on(FaultKind.Target.STT)).build()).start()) {
      Refusal r = DeepgramTestClient.foreign(http, dg, PLAIN_QUERY, DeepgramTestClient.token(dg)).awaitRefusal();
      int status = Integer.parseInt(kind.name().substring(5));
      String errCode = status == 401 ? "INVALID_AUTH" : status == 429 ? "TOO_MANY_REQUESTS" : "INTERNAL_SERVER_ERROR";
      assertThat(r.code()).isEqualTo(status);
      assertThat(r.header("dg-error")).isNotBlank();
      assertThat(r.header("dg-request-id")).isNotBlank();
      assertThat(dev.agentharness.internal.json.Json.parseObject(r.body()).get("err_code").asString("c"))
          .isEqualTo(errCode);
      assertThat(dg.script().remaining()).isZero();
      // the retry is accepted
      DeepgramTestClient retry = run(dg, PLAIN_QUERY, x -> {
        x.textAt(Duration.ZERO, "{\"type\":\"CloseStream\"}");
      });
      assertThat(retry.untilEnd()).extracting(Message::type).containsExactly("Metadata");
      assertThat(dg.ledger().entries()).hasSize(1);
    }
  }

  @Test
  void aCloseFaultClosesDuringSpeechWithTheCodeAndBillsTheStream() {
    Fault close = Fault.of(FaultKind.CLOSE).on(FaultKind.Target.STT).withCode(1011, "NET-0000");
    try (FakeDeepgram dg = FakeDeepgram.builder().reply(Reply.reply().fault(close).build()).start()) {
      DeepgramTestClient c = run(dg, LIVEKIT_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofSeconds(3), ofSeconds(1)));
      });
      List<Message> got = c.untilEnd();
      Ending end = c.awaitEnd();
      assertThat(got).extracting(Message::type).containsExactly("SpeechStarted");
      assertThat(end.code()).isEqualTo(1011);
      assertThat(end.reason()).isEqualTo("NET-0000");
      // it strikes instead of the first interim (1 s into the speech), handled at 1.45 s
      LedgerEntry e = dg.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(ofMillis(1450));
      assertThat(dg.streams().get(0).audioReceived()).isEqualTo(ofMillis(1500));
    }
  }

  @Test
  void aDisconnectFaultDropsTheConnectionAfterItsDelayOfSpeech() {
    Fault drop = Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).on(FaultKind.Target.STT).after(ofSeconds(2));
    try (FakeDeepgram dg = FakeDeepgram.builder().reply(Reply.reply().fault(drop).build()).start()) {
      DeepgramTestClient c = run(dg, LIVEKIT_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofSeconds(3), ofSeconds(1)));
      });
      List<Message> got = c.untilEnd();
      Ending end = c.awaitEnd();
      assertThat(got).extracting(Message::type).containsExactly("SpeechStarted", "Results");
      assertThat(end.failure()).isNotNull();
      LedgerEntry e = dg.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.end()).isEqualTo(dg.clock().origin().plus(ofMillis(2450)));
      assertThat(dg.streams().get(0).closeCode()).isEqualTo(1006);
    }
  }

  @Test
  void aMalformedFrameFaultBreaksOneResultsFrame() {
    Fault malformed = Fault.of(FaultKind.MALFORMED_FRAME).on(FaultKind.Target.STT);
    try (FakeDeepgram dg = FakeDeepgram.builder().reply(Reply.reply().fault(malformed).build()).start()) {
      DeepgramTestClient c = run(dg, LIVEKIT_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofSeconds(3), ofMillis(500)));
        x.textAt(ofSeconds(4), "{\"type\":\"CloseStream\"}");
      });
      List<String> texts = new ArrayList<>();
      for (Message m : c.untilEnd()) texts.add(m.text());
      assertThat(texts).hasSize(6); // SpeechStarted, 3 interims (the first broken), final, Metadata
      assertThat(texts.get(1)).startsWith("{\"type\":\"Results\"");
      assertThat(isJson(texts.get(1))).isFalse();
      for (int i : new int[] {0, 2, 3, 4, 5}) assertThat(isJson(texts.get(i))).as(texts.get(i)).isTrue();
      assertThat(c.awaitEnd().code()).isEqualTo(1000);
    }
  }

  @Test
  void aTimedCloseStrikesEveryOpenStreamAtItsTime() {
    TimedFault at2s = new TimedFault(ofSeconds(2),
        Fault.of(FaultKind.CLOSE).on(FaultKind.Target.STT).withCode(1011, "Internal error"));
    try (FakeDeepgram dg = FakeDeepgram.builder().timedFaults(List.of(at2s)).start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofSeconds(4), Duration.ZERO, Duration.ZERO));
      });
      Ending end = c.awaitEnd();
      assertThat(end.code()).isEqualTo(1011);
      assertThat(end.reason()).isEqualTo("Internal error");
      assertThat(dg.ledger().entries().get(0).end()).isEqualTo(dg.clock().origin().plus(ofSeconds(2)));
    }
  }

  @Test
  void faultsAimedAtAnotherProviderAreIgnored() {
    // Fault.of(CLOSE) targets the realtime model by default
    try (FakeDeepgram dg = FakeDeepgram.builder().reply(Reply.reply().fault(FaultKind.CLOSE).build())
        .reply(Reply.reply().fault(FaultKind.HTTP_500).build()).start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofSeconds(1), ofMillis(500)));
        x.textAt(ofSeconds(2), "{\"type\":\"CloseStream\"}");
      });
      assertThat(c.untilEnd()).extracting(Message::type).containsExactly("Results", "Metadata");
      assertThat(c.awaitEnd().code()).isEqualTo(1000);
    }
  }

  // ---------------------------------------------------------------- billing

  @ParameterizedTest
  @EnumSource(FakeDeepgram.StreamBilling.class)
  void theLedgerBillsTheLifetimeOrTheAudioReceived(FakeDeepgram.StreamBilling billing) {
    try (FakeDeepgram dg = FakeDeepgram.builder().billing(billing).start()) {
      DeepgramTestClient c = run(dg, LIVEKIT_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofMillis(1500), ofSeconds(2)));
        x.textAt(ofSeconds(5), "{\"type\":\"KeepAlive\"}");
        x.textAt(ofSeconds(7), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      Message metadata = got.get(got.size() - 1);
      assertThat(metadata.json().get("duration").asDouble("d")).isEqualTo(4.0);
      LedgerEntry e = dg.ledger().entries().get(0);
      Instant t0 = dg.clock().origin();
      assertThat(e.start()).isEqualTo(t0);
      assertThat(e.end()).isEqualTo(t0.plus(ofSeconds(7)));
      assertThat(e.audio()).isEqualTo(billing == FakeDeepgram.StreamBilling.LIFETIME ? ofSeconds(7) : ofSeconds(4));
      FakeDeepgram.ListenStream s = dg.streams().get(0);
      assertThat(s.audioReceived()).isEqualTo(ofSeconds(4));
      assertThat(s.lifetime()).isEqualTo(ofSeconds(7));
      assertThat(s.billed()).isEqualTo(e.audio());
    }
  }

  @Test
  void reconciliationFindsLiveKitsPre157UndercountAndThe157Remainder() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, LIVEKIT_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofMillis(1500), ofSeconds(2)));
        x.textAt(ofSeconds(7), "{\"type\":\"CloseStream\"}");
      });
      c.untilEnd();
      String id = c.requestId();
      Metadata meta = new Metadata("nova-3", "Deepgram");
      // LiveKit < 1.5.7 reports the pushed frames only (4 s); 1.5.7+ adds the rest of the lifetime at close
      List<SttMetrics> before157 = List.of(stt(id, ofSeconds(4), meta));
      List<SttMetrics> since157 = List.of(stt(id, ofSeconds(4), meta), stt(id, ofSeconds(3), meta));
      Reconciliation undercount = Reconciliation.of(dg.ledger(), UsageCollector.summarize(before157), before157);
      assertThat(undercount.matches()).isFalse();
      assertThat(undercount.report()).contains("#5498");
      Reconciliation fixed = Reconciliation.of(dg.ledger(), UsageCollector.summarize(since157), since157);
      assertThat(fixed.matches()).as(fixed.report()).isTrue();
    }
  }

  // ---------------------------------------------------------------- encodings

  @Test
  void withoutEncodingAWavStreamIsDecodedAndOtherBytesCloseWith1002() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, "model=nova-3&vad_events=true", x -> {
        x.audioAt(Duration.ZERO, Wav.header(PCM, -1));
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofMillis(500), ofMillis(500)));
        x.textAt(ofMillis(1500), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      assertThat(got).extracting(Message::type).containsExactly("SpeechStarted", "Results", "Metadata");
      assertThat(got.get(0).json().get("timestamp").asDouble("t")).isEqualTo(0.5);
      assertThat(got.get(2).json().get("duration").asDouble("d")).isEqualTo(1.5);

      DeepgramTestClient notAudio = run(dg, "model=nova-3", x -> {
        x.audioAt(Duration.ZERO, "GIF89a, not audio at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      });
      Ending end = notAudio.awaitEnd();
      assertThat(end.code()).isEqualTo(1002);
      assertThat(end.reason()).startsWith("DATA-0000");
      assertThat(dg.ledger().entry(notAudio.requestId()).status()).isEqualTo("failed");
    }
  }

  @Test
  void mulawSpeechIsDetectedAtExactOffsets() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = DeepgramTestClient.start(http, dg, "model=nova-2-phonecall&encoding=mulaw&sample_rate=8000"
            + "&vad_events=true&punctuate=false&language=en", DeepgramTestClient.token(dg), x -> {
        byte[] silence = new byte[4000]; // 0.5 s
        Arrays.fill(silence, (byte) 0xff);
        byte[] speech = new byte[8000]; // 1 s
        Arrays.fill(speech, (byte) 0x10);
        x.audioAt(Duration.ZERO, silence);
        x.audioAt(ofMillis(500), speech);
        x.audioAt(ofMillis(1500), silence);
        x.textAt(ofSeconds(2), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      assertThat(got).extracting(Message::type).containsExactly("SpeechStarted", "Results", "Metadata");
      assertThat(got.get(0).json().get("timestamp").asDouble("t")).isEqualTo(0.5);
      JsonValue.Obj fin = got.get(1).json();
      assertThat(transcript(fin)).isEqualTo("hello");
      assertThat(fin.get("duration").asDouble("d")).isEqualTo(1.51);
      assertThat(fin.get("metadata").asObject("m").get("model_info").asObject("i").get("name").asString("n"))
          .isEqualTo("phonecall-nova-2");
      assertThat(got.get(2).json().get("duration").asDouble("d")).isEqualTo(2.0);
    }
  }

  // ---------------------------------------------------------------- latency, TLS, close

  @Test
  void latencyDelaysResultsAndTheCloseOnTheClock() {
    try (FakeDeepgram dg = FakeDeepgram.builder().latency(ofMillis(300)).start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofMillis(500), ofMillis(500)));
        x.textAt(ofMillis(1500), "{\"type\":\"CloseStream\"}");
      });
      List<Message> got = c.untilEnd();
      Instant t0 = dg.clock().origin();
      assertThat(got).extracting(Message::type).containsExactly("Results", "Metadata");
      // the final is decided while handling the chunk sent at 1.0 s (10 ms endpointing)
      assertThat(got.get(0).at()).isEqualTo(t0.plus(ofMillis(1300)));
      assertThat(got.get(1).at()).isEqualTo(t0.plus(ofMillis(1800)));
      assertThat(dg.ledger().entries().get(0).end()).isEqualTo(t0.plus(ofMillis(1800)));
    }
  }

  @Test
  void servesWssWithTheRunsCertificate() {
    try (FakeDeepgram dg = FakeDeepgram.builder().tls(true).start()) {
      OkHttpClient tls = http.newBuilder()
          .sslSocketFactory(dg.server().tls().clientSocketFactory(), dg.server().tls().clientTrustManager()).build();
      assertThat(dg.baseUrl()).startsWith("https://127.0.0.1:").endsWith("/v1/listen");
      assertThat(dg.listenUrl("model=nova-3")).startsWith("wss://");
      DeepgramTestClient c = DeepgramTestClient.start(tls, dg, PLAIN_QUERY, DeepgramTestClient.token(dg), x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofMillis(500), ofMillis(500), ofMillis(500)));
        x.textAt(ofMillis(1500), "{\"type\":\"CloseStream\"}");
      });
      assertThat(c.untilEnd()).extracting(Message::type).containsExactly("Results", "Metadata");
      assertThat(c.awaitEnd().code()).isEqualTo(1000);
    }
  }

  @Test
  void closingTheFakeDropsOpenStreamsBillsThemAndFreesThePort() {
    FakeDeepgram dg = FakeDeepgram.builder().start();
    String url = dg.listenUrl(PLAIN_QUERY);
    // the clock stays held so that the inactivity timeout cannot end the stream first
    Link hold = dg.clock().hold("closing the fake");
    DeepgramTestClient c;
    try {
      c = DeepgramTestClient.connect(http, dg, PLAIN_QUERY, DeepgramTestClient.token(dg));
      assertThat(dg.openConnections()).isEqualTo(1);
      dg.close();
    } finally {
      hold.close();
    }
    Ending end = c.awaitEnd();
    assertThat(end.code()).isNotEqualTo(1000);
    assertThat(dg.openConnections()).isZero();
    assertThat(dg.ledger().entries()).hasSize(1);
    assertThat(dg.ledger().entries().get(0).id()).isEqualTo(c.requestId());
    Request r = new Request.Builder().url(url.replace("ws://", "http://")).build();
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> http.newCall(r).execute().close());
    assertThat(thrown).isInstanceOf(ConnectException.class);
  }

  @Test
  void aClientCloseEndsTheStreamAtTheVirtualInstantTheServerSawIt() {
    try (FakeDeepgram dg = FakeDeepgram.builder().start()) {
      DeepgramTestClient c = run(dg, PLAIN_QUERY, x -> {
        x.streamAt(Duration.ZERO, CHUNK, speech(ofSeconds(1), Duration.ZERO, Duration.ZERO));
        x.closeAt(ofSeconds(3), 1000);
      });
      c.awaitEnd();
      LedgerEntry e = dg.ledger().entries().get(0);
      assertThat(e.end()).isEqualTo(dg.clock().origin().plus(ofSeconds(3)));
      assertThat(e.audio()).isEqualTo(ofSeconds(3));
      assertThat(dg.stream(c.requestId()).audioReceived()).isEqualTo(ofSeconds(1));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A tracked client with the fake's key, its sends scheduled by {@code plan} before virtual time starts. */
  DeepgramTestClient run(FakeDeepgram dg, String query, Consumer<DeepgramTestClient> plan) {
    return DeepgramTestClient.start(http, dg, query, DeepgramTestClient.token(dg), plan);
  }

  /** 50 ms chunks: {@code lead} of silence, {@code speech} of tone, {@code tail} of silence. */
  static List<byte[]> speech(Duration lead, Duration speech, Duration tail) {
    List<byte[]> out = new ArrayList<>();
    int chunk = (int) PCM.bytes(CHUNK);
    byte[] tone = Pcm.tone(PCM.sampleRate(), chunk);
    byte[] silence = new byte[chunk];
    for (long i = 0; i < lead.toMillis() / 50; i++) out.add(silence);
    for (long i = 0; i < speech.toMillis() / 50; i++) out.add(tone);
    for (long i = 0; i < tail.toMillis() / 50; i++) out.add(silence);
    return out;
  }

  static SttMetrics stt(String id, Duration audio, Metadata meta) {
    return SttMetrics.builder().requestId(id).timestamp(Instant.EPOCH).audioDuration(audio).streamed(true)
        .metadata(meta).build();
  }

  static JsonValue.Obj alternative(JsonValue.Obj results) {
    return results.get("channel").asObject("c").get("alternatives").asArray("a").items().get(0).asObject("alt");
  }

  static String transcript(JsonValue.Obj results) {
    return alternative(results).get("transcript").asString("t");
  }

  static List<Long> ints(JsonValue array) {
    List<Long> out = new ArrayList<>();
    for (JsonValue v : array.asArray("a").items()) out.add(v.asLong("n"));
    return out;
  }

  static boolean isJson(String text) {
    try {
      dev.agentharness.internal.json.Json.parse(text);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
