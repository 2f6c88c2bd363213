package dev.agentharness.fake.cartesia;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.Link;
import dev.agentharness.fake.WsProbe;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakeCartesiaTest {

  private static final String VOICE = "a0e99841-438c-4a64-b679-ae501e7d6091";
  private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();

  @AfterEach
  void shutDown() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private static Request.Builder dial(FakeCartesia fake) {
    return new Request.Builder().url(fake.websocketUrl()).header("X-API-Key", fake.apiKey())
        .header("Cartesia-Version", "2024-06-10");
  }

  private WsProbe tracked(FakeCartesia fake, Request.Builder request) {
    return WsProbe.open(client, request, fake.clock().openLink("test client"));
  }

  private static String request(String contextId, String transcript, boolean cont, String extra) {
    return request(contextId, transcript, cont, extra, "pcm_s16le", 24000);
  }

  private static String request(String contextId, String transcript, boolean cont, String extra, String encoding,
      int rate) {
    return "{\"model_id\":\"sonic-2\",\"transcript\":" + Json.quote(transcript)
        + ",\"voice\":{\"mode\":\"id\",\"id\":\"" + VOICE + "\"},\"language\":\"en\",\"context_id\":\"" + contextId
        + "\",\"output_format\":{\"container\":\"raw\","
        + "\"encoding\":\"" + encoding + "\",\"sample_rate\":" + rate + "},\"continue\":" + cont
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  /** Messages by type, and decoded audio bytes by context. */
  private static final class Stream {
    final List<JsonValue.Obj> messages = new ArrayList<>();
    final Map<String, Long> audio = new LinkedHashMap<>();
    final List<String> types = new ArrayList<>();
    int malformed;

    Stream(List<String> frames) {
      for (String f : frames) {
        JsonValue.Obj o;
        try {
          o = Json.parseObject(f);
        } catch (JsonException e) {
          malformed++;
          continue;
        }
        messages.add(o);
        String type = o.get("type").asString("type");
        types.add(type);
        if (!type.equals("error")) assertThat(o.get("status_code").asLong("s")).isEqualTo(206);
        if (type.equals("chunk")) {
          assertThat(o.get("done").asBoolean("done")).isFalse();
          assertThat(o.get("step_time").asDouble("step")).isGreaterThanOrEqualTo(0);
          String ctx = o.get("context_id").asString("ctx");
          audio.merge(ctx, (long) Base64.getDecoder().decode(o.get("data").asString("data")).length, Long::sum);
        }
      }
    }

    List<JsonValue.Obj> of(String type) {
      return messages.stream().filter(m -> m.get("type").asString("t").equals(type)).toList();
    }
  }

  @ParameterizedTest
  @CsvSource({"pcm_s16le, 8000, 16000", "pcm_s16le, 16000, 32000", "pcm_s16le, 22050, 44100",
      "pcm_s16le, 24000, 48000", "pcm_s16le, 44100, 88200", "pcm_s16le, 48000, 96000", "pcm_f32le, 24000, 96000",
      "pcm_f32le, 44100, 176400", "pcm_mulaw, 8000, 8000", "pcm_alaw, 8000, 8000", "pcm_mulaw, 16000, 16000"})
  void sendsExactlyTheScriptedAudioInEachFormat(String encoding, int rate, long bytesPerSecond) throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      cartesia.script(Reply.reply().audio(Duration.ofMillis(2400)).ttfb(Duration.ofMillis(120))
          .chunkGap(Duration.ofMillis(40)));
      try (WsProbe ws = tracked(cartesia, dial(cartesia))) {
        String text = "Hello, world! ";
        ws.send(request("ctx-1", text, false, "", encoding, rate));
        List<String> frames = new ArrayList<>();
        String f;
        while ((f = ws.next()) != null) {
          frames.add(f);
          if (f.contains("\"type\":\"done\"")) break;
        }
        Stream s = new Stream(frames);
        assertThat(s.audio.get("ctx-1")).isEqualTo(bytesPerSecond * 24 / 10);
        assertThat(s.types).last().isEqualTo("done");
        assertThat(s.types.subList(0, s.types.size() - 1)).containsOnly("chunk").hasSize(24);
        JsonValue.Obj done = s.of("done").get(0);
        assertThat(done.get("done").asBoolean("d")).isTrue();
        assertThat(done.get("context_id").asString("c")).isEqualTo("ctx-1");
        LedgerEntry e = cartesia.ledger().entries().get(0);
        assertThat(e.id()).isEqualTo("ctx-1");
        assertThat(e.service()).isEqualTo("cartesia");
        assertThat(e.provider()).isEqualTo("Cartesia");
        assertThat(e.model()).isEqualTo("sonic-2");
        assertThat(e.billing()).isEqualTo(Billing.TTS_SYNTHESIS);
        assertThat(e.status()).isEqualTo("completed");
        assertThat(e.characters()).isEqualTo(text.length());
        assertThat(e.audio()).isEqualTo(Duration.ofMillis(2400));
        assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofMillis(120 + 23 * 40));
      }
    }
  }

  @Test
  void streamsAContextLikeLiveKitWithWordTimestamps() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      try (WsProbe ws = tracked(cartesia, dial(cartesia))) {
        ws.send(request("seg", "Your balance is ", true, "\"add_timestamps\":true"),
            request("seg", "forty-two euros. ", true, "\"add_timestamps\":true"),
            request("seg", " ", false, "\"add_timestamps\":true"));
        List<String> frames = new ArrayList<>();
        String f;
        while ((f = ws.next()) != null) {
          frames.add(f);
          if (f.contains("\"type\":\"done\"")) break;
        }
        Stream s = new Stream(frames);
        String text = "Your balance is forty-two euros.  ";
        Duration derived = cartesia.rates().speechDuration(text);
        assertThat(s.audio.get("seg")).isEqualTo(derived.toMillis() * 48);
        List<String> words = new ArrayList<>();
        double lastStart = -1;
        for (JsonValue.Obj t : s.of("timestamps")) {
          JsonValue.Obj wt = t.get("word_timestamps").asObject("wt");
          List<JsonValue> ws2 = wt.get("words").asArray("w").items();
          List<JsonValue> st = wt.get("start").asArray("s").items();
          List<JsonValue> en = wt.get("end").asArray("e").items();
          assertThat(st).hasSameSizeAs(ws2);
          assertThat(en).hasSameSizeAs(ws2);
          for (int i = 0; i < ws2.size(); i++) {
            words.add(ws2.get(i).asString("w"));
            assertThat(st.get(i).asDouble("s")).isGreaterThan(lastStart).isLessThan(en.get(i).asDouble("e"));
            assertThat(en.get(i).asDouble("e")).isLessThanOrEqualTo(derived.toMillis() / 1000.0);
            lastStart = st.get(i).asDouble("s");
          }
        }
        assertThat(words).containsExactly("Your", "balance", "is", "forty-two", "euros.");
      }
      LedgerEntry e = cartesia.ledger().entries().get(0);
      assertThat(e.characters()).isEqualTo("Your balance is forty-two euros.  ".length());
      assertThat(e.audio()).isEqualTo(cartesia.rates().speechDuration("Your balance is forty-two euros.  "));
    }
  }

  @Test
  void multiplexesContextsAndFlushes() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      cartesia.script(Reply.reply().audio(Duration.ofMillis(500)).chunkGap(Duration.ofMillis(20)),
          Reply.reply().audio(Duration.ofMillis(300)).chunkGap(Duration.ofMillis(20)),
          Reply.reply().audio(Duration.ofMillis(200)));
      try (WsProbe ws = tracked(cartesia, dial(cartesia))) {
        ws.send(request("a", "First part. ", true, "\"flush\":true"), request("b", "Other context. ", false, ""),
            request("a", "Second part. ", false, ""));
        List<String> frames = new ArrayList<>();
        int done = 0;
        String f;
        while (done < 2 && (f = ws.next()) != null) {
          frames.add(f);
          if (f.contains("\"type\":\"done\"")) done++;
        }
        Stream s = new Stream(frames);
        assertThat(s.audio).containsEntry("a", 48L * 500 + 48L * 200).containsEntry("b", 48L * 300);
        List<JsonValue.Obj> flushDone = s.of("flush_done");
        assertThat(flushDone).hasSize(1);
        assertThat(flushDone.get(0).get("flush_id").asLong("f")).isEqualTo(1);
        assertThat(flushDone.get(0).get("flush_done").asBoolean("f")).isTrue();
        assertThat(flushDone.get(0).get("context_id").asString("c")).isEqualTo("a");
        // the flush is done after the flushed segment's five chunks, which carry its flush_id
        List<String> aTypes = new ArrayList<>();
        for (JsonValue.Obj m : s.messages) {
          if (!m.get("context_id").asString("c").equals("a")) continue;
          aTypes.add(m.get("type").asString("t") + (m.getPresent("flush_id") == null ? "" : "#" + m.get("flush_id")
              .asLong("f")));
        }
        assertThat(aTypes).containsExactly("chunk#1", "chunk#1", "chunk#1", "chunk#1", "chunk#1", "flush_done#1",
            "chunk", "chunk", "done");
      }
      Map<String, LedgerEntry> byId = new LinkedHashMap<>();
      for (LedgerEntry e : cartesia.ledger().entries()) byId.put(e.id(), e);
      assertThat(byId.get("a").characters()).isEqualTo("First part. Second part. ".length());
      assertThat(byId.get("a").audio()).isEqualTo(Duration.ofMillis(700));
      assertThat(byId.get("b").characters()).isEqualTo("Other context. ".length());
      assertThat(byId.get("b").audio()).isEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void cancelStopsTheContextAndBillsWhatItReceived() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      cartesia.script(Reply.reply().audio(Duration.ofMillis(1000)).chunkGap(Duration.ofMillis(100)));
      String cancel = "{\"context_id\":\"c1\",\"cancel\":true}";
      try (WsProbe ws = tracked(cartesia, dial(cartesia)).replyOnFirstFrame(cancel)) {
        ws.send(request("c1", "Interrupted answer. ", false, ""));
        Stream s = new Stream(ws.framesUntilEnd()); // the idle timeout closes the socket 5 virtual minutes later
        assertThat(s.types).containsExactly("chunk");
        assertThat(ws.ending().code()).isEqualTo(1000);
      }
      LedgerEntry e = cartesia.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("cancelled");
      assertThat(e.characters()).isEqualTo("Interrupted answer. ".length());
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(100));
    }
  }

  @Test
  void badRequestsGetErrorFramesAndTheSocketStaysOpen() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      try (WsProbe ws = tracked(cartesia, dial(cartesia))) {
        String good = request("x", "Hi. ", false, "");
        ws.send("{nope", good.replace("\"transcript\":\"Hi. \",", ""), good.replace("\"model_id\":\"sonic-2\",", ""),
            good.replace("\"voice\":{\"mode\":\"id\",\"id\":\"" + VOICE + "\"},", ""),
            good.replace("\"container\":\"raw\"", "\"container\":\"mp3\""),
            good.replace("pcm_s16le", "pcm_s24le"), good.replace("24000", "12345"),
            good.replace(",\"output_format\":{\"container\":\"raw\",\"encoding\":\"pcm_s16le\","
                + "\"sample_rate\":24000}", ""),
            good);
        List<JsonValue.Obj> errors = new ArrayList<>();
        String f;
        while ((f = ws.next()) != null && !f.contains("\"done\",")) {
          JsonValue.Obj o = Json.parseObject(f);
          if (o.get("type").asString("t").equals("error")) errors.add(o);
          if (o.get("type").asString("t").equals("done")) break;
        }
        assertThat(errors).hasSize(8);
        for (JsonValue.Obj e : errors) {
          assertThat(e.get("status_code").asLong("s")).isEqualTo(400);
          assertThat(e.get("done").asBoolean("d")).isTrue();
          assertThat(e.get("title").asString("t")).isNotBlank();
          assertThat(e.get("request_id").asString("r")).hasSize(36);
          assertThat(e.get("error").asString("e")).isEqualTo(e.get("message").asString("m"));
          assertThat(e.has("context_id")).isTrue();
        }
        assertThat(errors).extracting(e -> e.get("error_code").asString("c")).containsExactly("invalid_json",
            "invalid_request", "invalid_request", "invalid_request", "invalid_output_format", "invalid_output_format",
            "invalid_output_format", "invalid_request");
        assertThat(errors.get(1).get("message").asString("m")).contains("transcript");
        assertThat(errors.get(2).get("message").asString("m")).contains("model_id");
        assertThat(errors.get(3).get("message").asString("m")).contains("voice");
        assertThat(errors.get(0).get("context_id").isNull()).isTrue();
        assertThat(errors.get(1).get("context_id").asString("c")).isEqualTo("x");
      }
      assertThat(cartesia.ledger().entries()).hasSize(1); // only the good request
    }
  }

  @Test
  void aContextThatEndedTakesNoMoreInput() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      cartesia.script(Reply.reply().audio(Duration.ofMillis(300)).ttfb(Duration.ofMillis(500)));
      try (WsProbe ws = tracked(cartesia, dial(cartesia))) {
        ws.send(request("e", "Done. ", false, ""), request("e", "More? ", true, ""));
        JsonValue.Obj first = Json.parseObject(ws.next());
        assertThat(first.get("type").asString("t")).isEqualTo("error");
        assertThat(first.get("error_code").asString("c")).isEqualTo("context_closed");
      }
    }
  }

  @Test
  void acceptsEachAuthStyleAndRefusesAWrongKeyWith401() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().apiKey("sk_car_right").start()) {
      String base = cartesia.websocketUrl();
      List<Request.Builder> good = List.of(
          new Request.Builder().url(base).header("X-API-Key", "sk_car_right").header("Cartesia-Version", "2024-06-10"),
          new Request.Builder().url(base).header("Authorization", "Bearer sk_car_right")
              .header("Cartesia-Version", "2025-04-16"),
          new Request.Builder().url(base + "?api_key=sk_car_right&cartesia_version=2024-06-10"),
          new Request.Builder().url(base + "?access_token=sk_car_right&cartesia_version=2025-04-16"));
      for (Request.Builder r : good) {
        try (WsProbe ws = WsProbe.open(client, r, Link.UNTRACKED)) {
          assertThat(ws.awaitOpen().code()).isEqualTo(101);
        }
      }
      List<Request.Builder> wrong = List.of(
          new Request.Builder().url(base).header("X-API-Key", "sk_car_wrong").header("Cartesia-Version", "2024-06-10"),
          new Request.Builder().url(base).header("Authorization", "Bearer sk_car_wrong")
              .header("Cartesia-Version", "2025-04-16"),
          new Request.Builder().url(base + "?api_key=sk_car_wrong&cartesia_version=2024-06-10"),
          new Request.Builder().url(base + "?access_token=sk_car_wrong&cartesia_version=2025-04-16"));
      for (Request.Builder r : wrong) {
        try (WsProbe ws = WsProbe.open(client, r, Link.UNTRACKED)) {
          WsProbe.Ending e = ws.ending();
          assertThat(e.httpStatus()).isEqualTo(401);
          JsonValue.Obj body = Json.parseObject(e.httpBody());
          assertThat(body.get("error_code").asString("c")).isEqualTo("invalid_api_key");
          assertThat(body.get("status_code").asLong("s")).isEqualTo(401);
        }
      }
      try (WsProbe ws = WsProbe.open(client, new Request.Builder().url(base).header("Cartesia-Version", "2024-06-10"),
          Link.UNTRACKED)) {
        assertThat(ws.ending().httpStatus()).isEqualTo(401);
        assertThat(ws.ending().httpBody()).contains("missing_api_key");
      }
      try (WsProbe ws = WsProbe.open(client, new Request.Builder().url(base).header("X-API-Key", "sk_car_right"),
          Link.UNTRACKED)) {
        assertThat(ws.ending().httpStatus()).isEqualTo(400);
        assertThat(ws.ending().httpBody()).contains("missing_version").contains("Cartesia-Version");
      }
    }
  }

  @Test
  void httpFaultsRefuseTheHandshake() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      for (FaultKind kind : new FaultKind[] {FaultKind.HTTP_401, FaultKind.HTTP_429, FaultKind.HTTP_500}) {
        cartesia.script(Reply.reply().fault(Fault.of(kind).on(FaultKind.Target.TTS)));
      }
      int[] statuses = {401, 429, 500};
      for (int status : statuses) {
        try (WsProbe ws = WsProbe.open(client, dial(cartesia), Link.UNTRACKED)) {
          WsProbe.Ending e = ws.ending();
          assertThat(e.httpStatus()).isEqualTo(status);
          JsonValue.Obj body = Json.parseObject(e.httpBody());
          assertThat(body.get("status_code").asLong("s")).isEqualTo(status);
          assertThat(body.get("message").asString("m")).isNotBlank();
        }
      }
      assertThat(cartesia.script().remaining()).isZero();
      assertThat(cartesia.ledger().entries()).isEmpty();
    }
  }

  @Test
  void closesAnIdleSocketAfterFiveVirtualMinutes() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      long t0 = System.nanoTime();
      try (WsProbe ws = WsProbe.open(client, dial(cartesia), Link.UNTRACKED)) {
        assertThat(ws.ending().code()).isEqualTo(1000);
        assertThat(ws.ending().reason()).contains("idle");
      }
      assertThat(cartesia.clock().elapsed()).isEqualTo(Duration.ofMinutes(5));
      assertThat(WsProbe.elapsed(t0)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void closeFaultClosesWithTheScriptedCodeAndBillsIncomplete() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      cartesia.script(Reply.reply().audio(Duration.ofMillis(1000)).chunkGap(Duration.ofMillis(10))
          .fault(Fault.of(FaultKind.CLOSE).on(FaultKind.Target.TTS).withCode(1011, "Internal error")));
      try (WsProbe ws = tracked(cartesia, dial(cartesia))) {
        ws.send(request("k", "Hello. ", false, ""));
        Stream s = new Stream(ws.framesUntilEnd());
        assertThat(ws.ending().code()).isEqualTo(1011);
        assertThat(s.audio.get("k")).isEqualTo(5 * 4800L);
        assertThat(s.types).doesNotContain("done");
      }
      LedgerEntry e = cartesia.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(500));
      assertThat(e.characters()).isEqualTo(7);
    }
  }

  @Test
  void disconnectMidResponseDropsTheSocket() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      cartesia.script(Reply.reply().audio(Duration.ofMillis(1000)).chunkGap(Duration.ofMillis(10))
          .fault(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).on(FaultKind.Target.TTS)));
      try (WsProbe ws = tracked(cartesia, dial(cartesia))) {
        ws.send(request("d", "Hello. ", false, ""));
        assertThat(ws.ending().failure()).isNotNull();
      }
      LedgerEntry e = awaitEntry(cartesia);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(500));
    }
  }

  @Test
  void malformedFrameAndSlowFirstByte() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
      cartesia.script(Reply.reply().audio(Duration.ofMillis(400)).ttfb(Duration.ofMillis(100))
          .fault(Fault.of(FaultKind.MALFORMED_FRAME).on(FaultKind.Target.TTS))
          .fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).on(FaultKind.Target.TTS).after(Duration.ofSeconds(2))));
      try (WsProbe ws = tracked(cartesia, dial(cartesia))) {
        ws.send(request("m", "Hello. ", false, ""));
        List<String> frames = new ArrayList<>();
        String f;
        while ((f = ws.next()) != null) {
          frames.add(f);
          if (f.contains("\"type\":\"done\"")) break;
        }
        assertThat(frames).as("clock %s failure %s", cartesia.clock().elapsed(), cartesia.clock().failure())
            .isNotEmpty();
        Stream s = new Stream(frames);
        assertThat(s.malformed).isEqualTo(1);
        assertThat(s.audio.get("m")).isEqualTo(4 * 4800L);
      }
      LedgerEntry e = cartesia.ledger().entries().get(0);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofMillis(2100));
      assertThat(e.status()).isEqualTo("completed");
    }
  }

  @Test
  void timedDisconnectStrikesOpenSockets() throws Exception {
    try (FakeCartesia cartesia = FakeCartesia.builder().timedFaults(List.of(new TimedFault(Duration.ofSeconds(30),
        Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).on(FaultKind.Target.TTS)))).start()) {
      try (WsProbe ws = WsProbe.open(client, dial(cartesia), Link.UNTRACKED)) {
        assertThat(ws.ending().failure()).isNotNull();
      }
      assertThat(cartesia.clock().elapsed()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void servesWssAndClosingFreesThePort() throws Exception {
    FakeCartesia cartesia = FakeCartesia.builder().tls(true).start();
    int port = cartesia.server().port();
    try {
      OkHttpClient tls = client.newBuilder().sslSocketFactory(cartesia.server().tls().clientSocketFactory(),
          cartesia.server().tls().clientTrustManager()).build();
      assertThat(cartesia.websocketUrl()).startsWith("wss://127.0.0.1:");
      cartesia.script(Reply.reply().audio(Duration.ofMillis(250)));
      try (WsProbe ws = WsProbe.open(tls, dial(cartesia), cartesia.clock().openLink("tls"))) {
        ws.send(request("t", "Secure. ", false, "", "pcm_s16le", 16000));
        List<String> frames = new ArrayList<>();
        String f;
        while ((f = ws.next()) != null) {
          frames.add(f);
          if (f.contains("\"type\":\"done\"")) break;
        }
        assertThat(new Stream(frames).audio.get("t")).isEqualTo(8000L);
      }
    } finally {
      cartesia.close();
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  static LedgerEntry awaitEntry(FakeCartesia fake) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fake.ledger().entries().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(fake.ledger().entries()).hasSize(1);
    return fake.ledger().entries().get(0);
  }
}
