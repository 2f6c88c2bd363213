package dev.agentharness.fake.openai;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.Pcm;
import dev.agentharness.clock.Link;
import dev.agentharness.fake.WsProbe;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenAI Realtime fake driven by a plain OkHttp WebSocket client whose frames count on the fake's
 * virtual clock, so that every instant below is exact: what docs/fake-providers/openai-realtime.md and
 * docs/faults.md say it does, event by event.
 */
class FakeOpenAiRealtimeTest {

  static final String BALANCE = "Your balance is 42 euros.";
  /** 40 characters: ten transcript pieces of four. */
  static final String FORTY = "The weather is sunny and warm, 21 today.";
  static final String CREATE = "{\"type\":\"response.create\"}";
  static final String MANUAL_TURNS = ga("\"audio\":{\"input\":{\"turn_detection\":null}}");

  private final OkHttpClient client = new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory())
      .readTimeout(10, TimeUnit.SECONDS).build();

  @AfterEach
  void shutDown() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  // ---------------------------------------------------------------- harness

  /** Small frames go out at once: without TCP_NODELAY a frame's tail can wait ~40 ms for a delayed ACK. */
  static final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory delegate = SocketFactory.getDefault();

    private static Socket noDelay(Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }
  }

  /** A Realtime client: a tracked probe, and the events it read, parsed. */
  static final class Rt implements AutoCloseable {
    final WsProbe ws;
    /** Every frame read, by type; {@code MALFORMED} for one that is not JSON. */
    final List<String> log = new ArrayList<>();

    Rt(WsProbe ws) {
      this.ws = ws;
    }

    void send(String... messages) {
      ws.send(messages);
    }

    /** The events read up to and including the next one of {@code type}. */
    List<JsonValue.Obj> until(String type) throws InterruptedException {
      List<JsonValue.Obj> read = new ArrayList<>();
      while (true) {
        String f = ws.next();
        assertThat(f).as("an event up to %s; read %s", type, types(read)).isNotNull();
        JsonValue.Obj o;
        try {
          o = Json.parseObject(f);
        } catch (JsonException e) {
          log.add("MALFORMED");
          continue;
        }
        log.add(type(o));
        read.add(o);
        if (type(o).equals(type)) return read;
      }
    }

    JsonValue.Obj next(String type) throws InterruptedException {
      List<JsonValue.Obj> read = until(type);
      return read.get(read.size() - 1);
    }

    /**
     * What the fake has sent up to now: a marker event goes out (retrieving an item that does not
     * exist) and everything before the error that answers it is returned (time cannot move while the
     * marker is in flight).
     */
    List<JsonValue.Obj> drain() throws InterruptedException {
      send("{\"type\":\"conversation.item.retrieve\",\"event_id\":\"drain\",\"item_id\":\"no_such_item\"}");
      List<JsonValue.Obj> read = new ArrayList<>();
      while (true) {
        read.addAll(until("error"));
        JsonValue.Obj last = read.get(read.size() - 1);
        if (json(at(last, "error.event_id")).equals("\"drain\"")) return read.subList(0, read.size() - 1);
      }
    }

    /** Every frame until the connection ended (unparseable ones as {@code null}). */
    List<JsonValue.Obj> rest() throws Exception {
      List<JsonValue.Obj> out = new ArrayList<>();
      for (String f : ws.framesUntilEnd()) {
        try {
          JsonValue.Obj o = Json.parseObject(f);
          log.add(type(o));
          out.add(o);
        } catch (JsonException e) {
          log.add("MALFORMED");
        }
      }
      return out;
    }

    @Override
    public void close() {
      ws.close();
    }
  }

  private static Request.Builder request(FakeOpenAiRealtime fake, String model) {
    return new Request.Builder().url(fake.realtimeUrl(model)).header("Authorization", "Bearer " + fake.apiKey());
  }

  private Rt dial(FakeOpenAiRealtime fake) {
    return dial(fake, request(fake, "gpt-realtime"));
  }

  private Rt dial(FakeOpenAiRealtime fake, Request.Builder request) {
    return new Rt(WsProbe.open(client, request, fake.clock().openLink("test client")));
  }

  /** Runs {@code action} at {@code ms} of virtual time. */
  private static void at(FakeOpenAiRealtime fake, long ms, Runnable action) {
    fake.clock().scheduler("test").at(fake.clock().origin().plus(ofMillis(ms)), action);
  }

  /** Dials, sends the frames and reads every event up to the first {@code response.done}. */
  List<JsonValue.Obj> oneResponse(FakeOpenAiRealtime openai, String... frames) throws Exception {
    try (Rt rt = dial(openai)) {
      rt.send(frames);
      return rt.until("response.done");
    }
  }

  /** As {@link #oneResponse}, then everything the fake sends after that {@code response.done}. */
  List<JsonValue.Obj> oneResponseAndWhatFollows(FakeOpenAiRealtime openai, String... frames) throws Exception {
    try (Rt rt = dial(openai)) {
      rt.send(frames);
      List<JsonValue.Obj> events = rt.until("response.done");
      events.addAll(rt.drain());
      return events;
    }
  }

  static String ga(String sessionFields) {
    return "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\""
        + (sessionFields.isEmpty() ? "" : "," + sessionFields) + "}}";
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The append as OpenAI's SDKs and LiveKit send it (the fake's fast path). */
  static String append(byte[] audio) {
    return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + b64(audio) + "\"}";
  }

  /** {@code ms} of the harness user's "speech": a 24 kHz tone. */
  static byte[] tone(long ms) {
    return Pcm.tone(24000, (int) (ms * 48));
  }

  static byte[] silence(long ms) {
    return new byte[(int) (ms * 48)];
  }

  static String type(JsonValue.Obj o) {
    return o.get("type").asString("type");
  }

  static List<String> types(List<JsonValue.Obj> events) {
    return events.stream().map(FakeOpenAiRealtimeTest::type).toList();
  }

  static List<JsonValue.Obj> ofType(List<JsonValue.Obj> events, String type) {
    return events.stream().filter(e -> type(e).equals(type)).toList();
  }

  /** The value at a dotted path; fails when a step is missing. */
  static JsonValue at(JsonValue v, String path) {
    for (String key : path.split("\\.")) {
      JsonValue next = v.asObject(path).get(key);
      assertThat(next).as("%s: no %s in %s", path, key, json(v)).isNotNull();
      v = next;
    }
    return v;
  }

  static String str(JsonValue v, String path) {
    return at(v, path).asString(path);
  }

  static long num(JsonValue v, String path) {
    return at(v, path).asLong(path);
  }

  /** Compact JSON, to compare a whole object with what the docs show. */
  static String json(JsonValue v) {
    return RealtimeSessionConfig.raw(v);
  }

  static long audioBytes(List<JsonValue.Obj> events, String deltaType) {
    long n = 0;
    for (JsonValue.Obj e : ofType(events, deltaType)) n += Base64.getDecoder().decode(str(e, "delta")).length;
    return n;
  }

  static String joined(List<JsonValue.Obj> events, String deltaType) {
    StringBuilder sb = new StringBuilder();
    for (JsonValue.Obj e : ofType(events, deltaType)) sb.append(str(e, "delta"));
    return sb.toString();
  }

  static String usage(long inText, long inAudio, long outText, long outAudio) {
    long in = inText + inAudio;
    long out = outText + outAudio;
    return "{\"total_tokens\":" + (in + out) + ",\"input_tokens\":" + in + ",\"output_tokens\":" + out
        + ",\"input_token_details\":{\"text_tokens\":" + inText + ",\"audio_tokens\":" + inAudio
        + ",\"image_tokens\":0,\"cached_tokens\":0,\"cached_tokens_details\":{\"text_tokens\":0,\"audio_tokens\":0,"
        + "\"image_tokens\":0}},\"output_token_details\":{\"text_tokens\":" + outText + ",\"audio_tokens\":"
        + outAudio + "}}";
  }

  static String error(String code, String message, String param, String eventId) {
    return "{\"type\":\"invalid_request_error\",\"code\":" + Json.quote(code) + ",\"message\":" + Json.quote(message)
        + ",\"param\":" + (param == null ? "null" : Json.quote(param)) + ",\"event_id\":"
        + (eventId == null ? "null" : Json.quote(eventId)) + "}";
  }

  static LedgerEntry.Tokens tokens(long inText, long inAudio, long outText, long outAudio) {
    return new LedgerEntry.Tokens(inText, inAudio, 0, 0, 0, 0, outText, outAudio, 0);
  }

  static LedgerEntry entry(FakeOpenAiRealtime fake, String id, String model, String status, long startMs, long endMs,
      LedgerEntry.Tokens tokens, Duration audio) {
    Instant t0 = fake.clock().origin();
    return new LedgerEntry(id, "openai-realtime", fake.server().hostAndPort(), model, Billing.REALTIME_RESPONSE,
        status, t0.plus(ofMillis(startMs)), t0.plus(ofMillis(endMs)), tokens, 0, audio);
  }

  static LedgerEntry awaitEntry(FakeOpenAiRealtime fake) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fake.ledger().entries().isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(fake.ledger().entries()).hasSize(1);
    return fake.ledger().entries().get(0);
  }

  /** The events of a spoken response, from {@code response.created} to {@code response.done}. */
  static List<String> spokenResponse(boolean ga, int chunks) {
    List<String> out = new ArrayList<>(List.of("response.created", "rate_limits.updated", "response.output_item.added",
        ga ? "conversation.item.added" : "conversation.item.created", "response.content_part.added"));
    for (int i = 0; i < chunks; i++) {
      out.add(ga ? "response.output_audio.delta" : "response.audio.delta");
      out.add(ga ? "response.output_audio_transcript.delta" : "response.audio_transcript.delta");
    }
    out.addAll(List.of(ga ? "response.output_audio.done" : "response.audio.done",
        ga ? "response.output_audio_transcript.done" : "response.audio_transcript.done", "response.content_part.done",
        "response.output_item.done"));
    if (ga) out.add("conversation.item.done");
    out.add("response.done");
    return out;
  }

  /** Ten 100 ms chunks, 100 ms apart from 300 ms after the response was created; 5 input text tokens. */
  static Reply.Builder tenChunks() {
    return Reply.reply().text(FORTY).audio(ofSeconds(1)).chunkGap(ofMillis(100)).usage(u -> u.inputText(5));
  }

  // ---------------------------------------------------------------- happy paths

  @Test
  void aSpokenTurnOnTheGaProtocol() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(Reply.reply().text(BALANCE).audio(ofMillis(2400)).usage(u -> u.outputAudio(91).outputText(30)));
      List<JsonValue.Obj> events = oneResponse(openai, ga("\"instructions\":\"\""), append(tone(2000)), append(silence(300)));
      List<String> expected = new ArrayList<>(List.of("session.created", "session.updated",
          "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
          "conversation.item.added", "conversation.item.done"));
      expected.addAll(spokenResponse(true, 24));
      assertThat(types(events)).containsExactlyElementsOf(expected);

      Set<String> eventIds = new HashSet<>();
      for (JsonValue.Obj e : events) {
        assertThat(str(e, "event_id")).matches("event_[A-Za-z0-9]{21}");
        eventIds.add(str(e, "event_id"));
      }
      assertThat(eventIds).hasSize(events.size());

      JsonValue.Obj session = events.get(0).get("session").asObject("session");
      assertThat(str(session, "type")).isEqualTo("realtime");
      assertThat(str(session, "object")).isEqualTo("realtime.session");
      assertThat(str(session, "id")).matches("sess_[A-Za-z0-9]{21}");
      assertThat(str(session, "model")).isEqualTo("gpt-realtime");
      assertThat(json(at(session, "output_modalities"))).isEqualTo("[\"audio\"]");
      assertThat(str(session, "max_output_tokens")).isEqualTo("inf");
      assertThat(num(session, "expires_at")).isEqualTo(openai.clock().origin().plus(Duration.ofHours(1))
          .getEpochSecond());
      assertThat(json(at(session, "audio.input.format"))).isEqualTo("{\"type\":\"audio/pcm\",\"rate\":24000}");
      assertThat(json(at(session, "audio.input.turn_detection"))).isEqualTo("{\"type\":\"server_vad\","
          + "\"threshold\":0.5,\"prefix_padding_ms\":300,\"silence_duration_ms\":200,\"idle_timeout_ms\":null,"
          + "\"create_response\":true,\"interrupt_response\":true}");
      assertThat(json(at(session, "audio.output"))).isEqualTo("{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},"
          + "\"voice\":\"marin\",\"speed\":1.0}");

      String userItem = str(events.get(2), "item_id");
      assertThat(num(events.get(2), "audio_start_ms")).isZero();
      assertThat(num(events.get(3), "audio_end_ms")).isEqualTo(2000);
      assertThat(str(events.get(3), "item_id")).isEqualTo(userItem);
      assertThat(json(events.get(4).get("previous_item_id"))).isEqualTo("null");
      assertThat(str(events.get(4), "item_id")).isEqualTo(userItem);
      for (JsonValue.Obj e : List.of(events.get(5), events.get(6))) {
        assertThat(json(e.get("item"))).isEqualTo("{\"id\":\"" + userItem + "\",\"object\":\"realtime.item\","
            + "\"type\":\"message\",\"status\":\"completed\",\"role\":\"user\","
            + "\"content\":[{\"type\":\"input_audio\",\"transcript\":null}]}");
      }

      JsonValue.Obj created = events.get(7);
      String id = str(created, "response.id");
      assertThat(id).matches("resp_[A-Za-z0-9]{21}");
      assertThat(json(created.get("response"))).isEqualTo("{\"object\":\"realtime.response\",\"id\":\"" + id
          + "\",\"status\":\"in_progress\",\"status_details\":null,\"output\":[],\"conversation_id\":\""
          + str(created, "response.conversation_id") + "\",\"output_modalities\":[\"audio\"],"
          + "\"max_output_tokens\":\"inf\",\"audio\":{\"output\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},"
          + "\"voice\":\"marin\"}},\"usage\":null,\"metadata\":null}");
      assertThat(json(events.get(8).get("rate_limits"))).isEqualTo("[{\"name\":\"requests\",\"limit\":1000,"
          + "\"remaining\":999,\"reset_seconds\":60.0},{\"name\":\"tokens\",\"limit\":50000,\"remaining\":49859,"
          + "\"reset_seconds\":60.0}]");
      String item = str(events.get(9), "item.id");
      assertThat(json(events.get(9).get("item"))).isEqualTo("{\"id\":\"" + item + "\",\"object\":\"realtime.item\","
          + "\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}");
      assertThat(json(events.get(11).get("part"))).isEqualTo("{\"type\":\"audio\",\"transcript\":\"\"}");
      for (JsonValue.Obj e : events.subList(9, events.size() - 1)) {
        if (e.has("response_id")) assertThat(str(e, "response_id")).isEqualTo(id);
        if (e.has("item_id")) assertThat(str(e, "item_id")).isEqualTo(item);
      }
      List<JsonValue.Obj> audio = ofType(events, "response.output_audio.delta");
      assertThat(audio).hasSize(24).allSatisfy(d -> {
        assertThat(Base64.getDecoder().decode(str(d, "delta"))).hasSize(4800);
        assertThat(num(d, "output_index")).isZero();
        assertThat(num(d, "content_index")).isZero();
      });
      assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(48_000L * 24 / 10);
      assertThat(joined(events, "response.output_audio_transcript.delta")).isEqualTo(BALANCE);
      assertThat(str(ofType(events, "response.output_audio_transcript.done").get(0), "transcript"))
          .isEqualTo(BALANCE);
      String finalItem = "{\"id\":\"" + item + "\",\"object\":\"realtime.item\",\"type\":\"message\",\"status\":"
          + "\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_audio\",\"transcript\":\""
          + BALANCE + "\"}]}";
      assertThat(json(ofType(events, "response.output_item.done").get(0).get("item"))).isEqualTo(finalItem);
      JsonValue.Obj itemDone = events.get(events.size() - 2);
      assertThat(json(itemDone.get("item"))).isEqualTo(finalItem);
      assertThat(str(itemDone, "previous_item_id")).isEqualTo(userItem);

      JsonValue.Obj done = events.get(events.size() - 1);
      assertThat(str(done, "response.id")).isEqualTo(id);
      assertThat(str(done, "response.status")).isEqualTo("completed");
      assertThat(json(at(done, "response.status_details"))).isEqualTo("null");
      assertThat(json(at(done, "response.output"))).isEqualTo("[" + finalItem + "]");
      assertThat(json(at(done, "response.metadata"))).isEqualTo("null");
      // the documented example, exactly
      assertThat(json(at(done, "response.usage"))).isEqualTo("{\"total_tokens\":141,\"input_tokens\":20,"
          + "\"output_tokens\":121,\"input_token_details\":{\"text_tokens\":0,\"audio_tokens\":20,\"image_tokens\":0,"
          + "\"cached_tokens\":0,\"cached_tokens_details\":{\"text_tokens\":0,\"audio_tokens\":0,\"image_tokens\":0}},"
          + "\"output_token_details\":{\"text_tokens\":30,\"audio_tokens\":91}}");

      assertThat(openai.ledger().entries()).containsExactly(entry(openai, id, "gpt-realtime", "completed", 0, 300,
          tokens(0, 20, 30, 91), ofMillis(2400)));
    }
  }

  @Test
  void aSpokenTurnOnTheBetaProtocol() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().dialect(OpenAiDialect.BETA).start()) {
      openai.script(Reply.reply().audio(ofMillis(1500)));
      String model = "gpt-4o-realtime-preview-2024-12-17";
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai, request(openai, model).header("OpenAI-Beta", "realtime=v1"))) {
        rt.send("{\"type\":\"session.update\",\"session\":{\"modalities\":[\"text\",\"audio\"],\"voice\":\"alloy\","
            + "\"input_audio_format\":\"pcm16\",\"output_audio_format\":\"pcm16\",\"turn_detection\":{\"type\":"
            + "\"server_vad\",\"silence_duration_ms\":300}}}", append(tone(1000)), append(silence(400)));
        events = rt.until("response.done");
      }
      List<String> expected = new ArrayList<>(List.of("session.created", "session.updated",
          "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
          "conversation.item.created"));
      expected.addAll(spokenResponse(false, 15));
      assertThat(types(events)).containsExactlyElementsOf(expected);

      JsonValue.Obj created = events.get(0).get("session").asObject("session");
      assertThat(created.has("type")).isFalse();
      assertThat(str(created, "model")).isEqualTo(model);
      assertThat(json(at(created, "modalities"))).isEqualTo("[\"text\",\"audio\"]");
      assertThat(str(created, "input_audio_format")).isEqualTo("pcm16");
      assertThat(json(at(created, "turn_detection"))).isEqualTo("{\"type\":\"server_vad\",\"threshold\":0.5,"
          + "\"prefix_padding_ms\":300,\"silence_duration_ms\":200,\"create_response\":true,"
          + "\"interrupt_response\":true}");
      assertThat(str(created, "max_response_output_tokens")).isEqualTo("inf");
      JsonValue.Obj updated = events.get(1).get("session").asObject("session");
      assertThat(str(updated, "voice")).isEqualTo("alloy");
      assertThat(num(updated, "turn_detection.silence_duration_ms")).isEqualTo(300);
      assertThat(num(events.get(3), "audio_end_ms")).isEqualTo(1000);
      assertThat(str(events.get(5), "item.object")).isEqualTo("realtime.item");

      assertThat(json(events.get(10).get("part"))).isEqualTo("{\"type\":\"audio\",\"transcript\":\"\"}");
      assertThat(audioBytes(events, "response.audio.delta")).isEqualTo(48_000L * 15 / 10);
      assertThat(joined(events, "response.audio_transcript.delta")).isEqualTo(Reply.DEFAULT_TEXT);
      JsonValue.Obj response = events.get(events.size() - 1).get("response").asObject("response");
      assertThat(response.has("conversation_id")).isFalse();
      assertThat(response.has("output_modalities")).isFalse();
      assertThat(json(at(response, "modalities"))).isEqualTo("[\"text\",\"audio\"]");
      assertThat(str(response, "voice")).isEqualTo("alloy");
      assertThat(str(response, "output_audio_format")).isEqualTo("pcm16");
      assertThat(json(at(response, "output"))).contains("\"content\":[{\"type\":\"audio\",\"transcript\":\""
          + Reply.DEFAULT_TEXT + "\"}]");
      // 1 s of user audio: 10 tokens; 27 characters: 7; 1.5 s of reply: 30
      assertThat(json(at(response, "usage"))).isEqualTo(usage(0, 10, 7, 30));
      assertThat(openai.ledger().entries()).containsExactly(entry(openai, str(response, "id"), model, "completed",
          0, 300, tokens(0, 10, 7, 30), ofMillis(1500)));
    }
  }

  @Test
  void theGaFakeRefusesTheBetaHeaderAsOpenAiDoesSinceTheBetaWasRetired() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      try (Rt rt = dial(openai, request(openai, "gpt-realtime").header("OpenAI-Beta", "realtime=v1"))) {
        List<JsonValue.Obj> events = rt.rest();
        assertThat(types(events)).containsExactly("error");
        assertThat(json(events.get(0).get("error"))).isEqualTo(error("beta_api_shape_disabled",
            "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.", null, null));
        assertThat(rt.ws.ending().code()).isEqualTo(4000);
        assertThat(rt.ws.ending().reason()).isEqualTo("beta_api_shape_disabled");
      }
      assertThat(openai.ledger().entries()).isEmpty();
    }
  }

  // ---------------------------------------------------------------- auth

  @Test
  void aWrongOrMissingKeyIsRefusedWithOpenAis401() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().apiKey("sk-test-the-right-key").start()) {
      Request.Builder wrong = new Request.Builder().url(openai.realtimeUrl("gpt-realtime"))
          .header("Authorization", "Bearer sk-test-not-the-key-9876");
      try (WsProbe ws = WsProbe.open(client, wrong, Link.UNTRACKED)) {
        assertThat(ws.ending().httpStatus()).isEqualTo(401);
        assertThat(ws.ending().httpBody()).isEqualTo("{\"error\":{\"message\":\"Incorrect API key provided: "
            + "sk-tes***9876. You can find your API key at https://platform.openai.com/account/api-keys.\","
            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
      }
      Request.Builder missing = new Request.Builder().url(openai.realtimeUrl("gpt-realtime"));
      try (WsProbe ws = WsProbe.open(client, missing, Link.UNTRACKED)) {
        assertThat(ws.ending().httpStatus()).isEqualTo(401);
        assertThat(ws.ending().httpBody()).isEqualTo("{\"error\":{\"message\":\"You didn't provide an API key. You "
            + "need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer "
            + "YOUR_KEY).\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
      }
      try (WsProbe ws = WsProbe.open(client, request(openai, "gpt-realtime"), Link.UNTRACKED)) {
        assertThat(ws.awaitOpen().code()).isEqualTo(101);
        assertThat(str(Json.parseObject(ws.next()), "type")).isEqualTo("session.created");
      }
      assertThat(openai.ledger().entries()).isEmpty();
    }
  }

  @Test
  void theOlderAuthFailureAcceptsSendsInvalidApiKeyAndCloses3000() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder()
        .authFailure(FakeOpenAiRealtime.AuthFailure.CLOSE_3000).start()) {
      Request.Builder wrong = new Request.Builder().url(openai.realtimeUrl("gpt-realtime"))
          .header("Authorization", "Bearer sk-test-wrong");
      try (Rt rt = dial(openai, wrong)) {
        assertThat(rt.ws.awaitOpen().code()).isEqualTo(101);
        List<JsonValue.Obj> events = rt.rest();
        assertThat(types(events)).containsExactly("error");
        assertThat(json(events.get(0).get("error")))
            .isEqualTo(error("invalid_api_key", "Incorrect API key provided.", null, null));
        assertThat(rt.ws.ending().code()).isEqualTo(3000);
        assertThat(rt.ws.ending().reason()).isEqualTo("invalid_request_error.invalid_api_key");
      }
      assertThat(openai.ledger().entries()).isEmpty();
    }
  }

  // ---------------------------------------------------------------- bad client messages

  @Test
  void badClientEventsGetOpenAisErrorEventsWithTheirEventIdAndTheSocketStaysOpen() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      try (Rt rt = dial(openai)) {
        rt.send("{nope",
            "{\"event_id\":\"evt_1\"}",
            "{\"type\":\"response.explode\",\"event_id\":\"evt_2\"}",
            "{\"type\":\"session.update\",\"event_id\":\"evt_3\"}",
            "{\"type\":\"session.update\",\"event_id\":\"evt_4\",\"session\":{\"instructions\":\"Hi.\"}}",
            "{\"type\":\"input_audio_buffer.append\",\"event_id\":\"evt_5\"}",
            "{\"type\":\"conversation.item.create\",\"event_id\":\"evt_6\"}",
            "{\"type\":\"conversation.item.truncate\",\"event_id\":\"evt_7\",\"content_index\":0,\"audio_end_ms\":5}",
            "{\"type\":\"conversation.item.delete\",\"event_id\":\"evt_8\"}",
            "{\"type\":\"conversation.item.truncate\",\"event_id\":\"evt_9\",\"item_id\":\"item_x\","
                + "\"audio_end_ms\":\"late\"}",
            "{\"type\":\"session.update\",\"event_id\":\"evt_10\",\"session\":{\"type\":\"realtime\",\"model\":5}}");
        List<JsonValue.Obj> events = rt.drain();
        assertThat(types(events.subList(1, events.size()))).hasSize(11).containsOnly("error");
        List<JsonValue.Obj> errors = events.subList(1, events.size()).stream()
            .map(e -> e.get("error").asObject("error")).toList();
        assertThat(str(errors.get(0), "code")).isEqualTo("invalid_json");
        assertThat(str(errors.get(0), "message")).startsWith("We could not parse the JSON body of your request. (");
        assertThat(json(errors.get(0).get("event_id"))).isEqualTo("null");
        assertThat(json(errors.get(1))).isEqualTo(error("invalid_event", "The 'type' field is missing.", null,
            "evt_1"));
        assertThat(json(errors.get(2))).isEqualTo(error("invalid_event", "Invalid value: 'response.explode'. "
            + "Supported values are: session.update, input_audio_buffer.append, input_audio_buffer.commit, "
            + "input_audio_buffer.clear, conversation.item.create, conversation.item.retrieve, "
            + "conversation.item.truncate, conversation.item.delete, response.create, response.cancel, "
            + "output_audio_buffer.clear, transcription_session.update.", "type", "evt_2"));
        assertThat(json(errors.get(3))).isEqualTo(error("missing_required_parameter",
            "Missing required parameter: 'session'.", "session", "evt_3"));
        assertThat(json(errors.get(4))).isEqualTo(error("missing_required_parameter",
            "Missing required parameter: 'session.type'.", "session.type", "evt_4"));
        assertThat(json(errors.get(5))).isEqualTo(error("missing_required_parameter",
            "Missing required parameter: 'audio'.", "audio", "evt_5"));
        assertThat(json(errors.get(6))).isEqualTo(error("missing_required_parameter",
            "Missing required parameter: 'item'.", "item", "evt_6"));
        assertThat(json(errors.get(7))).isEqualTo(error("missing_required_parameter",
            "Missing required parameter: 'item_id'.", "item_id", "evt_7"));
        assertThat(json(errors.get(8))).isEqualTo(error("missing_required_parameter",
            "Missing required parameter: 'item_id'.", "item_id", "evt_8"));
        assertThat(str(errors.get(9), "code")).isEqualTo("invalid_value");
        assertThat(str(errors.get(9), "message")).contains("audio_end_ms").contains("\"late\"");
        assertThat(str(errors.get(9), "event_id")).isEqualTo("evt_9");
        assertThat(str(errors.get(10), "code")).isEqualTo("invalid_value");
        assertThat(str(errors.get(10), "message")).contains("session.model");
        assertThat(str(errors.get(10), "event_id")).isEqualTo("evt_10");
        // evt_4's instructions were not applied
        rt.send(ga(""));
        assertThat(str(rt.next("session.updated"), "session.instructions")).isEmpty();
      }
      assertThat(openai.ledger().entries()).isEmpty();
      assertThat(openai.script().played()).isZero();
    }
  }

  /**
   * The common append ({@code {"type":"input_audio_buffer.append","audio":"..."}}) skips the JSON parser;
   * with an {@code event_id}, another key order or other spacing it goes through it. Both must behave alike.
   */
  @Test
  void anAppendBehavesTheSameOnTheFastPathAndThroughTheParser() throws Exception {
    List<String> shapes = List.of("{\"type\":\"input_audio_buffer.append\",\"audio\":\"%s\"}",
        "{\"type\": \"input_audio_buffer.append\", \"audio\": \"%s\"}",
        "{\"type\":\"input_audio_buffer.append\",\"event_id\":\"evt_a\",\"audio\":\"%s\"}",
        "{\"audio\":\"%s\",\"type\":\"input_audio_buffer.append\"}");
    List<String> seen = new ArrayList<>();
    for (String shape : shapes) {
      try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
        openai.script(Reply.reply().audio(ofMillis(200)));
        List<JsonValue.Obj> events;
        try (Rt rt = dial(openai)) {
          List<String> frames = new ArrayList<>();
          for (int i = 0; i < 19; i++) {
            byte[] audio = i >= 5 && i < 15 ? tone(100) : silence(100);
            frames.add(String.format(shape, b64(audio)));
          }
          frames.add(String.format(shape, "!!not base64!!"));
          rt.send(frames.toArray(String[]::new));
          events = rt.until("response.done");
          events.addAll(rt.drain());
        }
        JsonValue.Obj error = ofType(events, "error").get(0).get("error").asObject("error");
        String eventId = shape.contains("evt_a") ? "evt_a" : null;
        assertThat(json(error)).isEqualTo(error("invalid_value", "Invalid 'audio'. Expected base64-encoded audio "
            + "bytes.", "audio", eventId));
        StringBuilder sb = new StringBuilder();
        for (JsonValue.Obj e : events) {
          String t = type(e);
          if (t.endsWith(".delta")) continue;
          sb.append(t);
          if (e.has("audio_start_ms")) sb.append(" start=").append(num(e, "audio_start_ms"));
          if (e.has("audio_end_ms")) sb.append(" end=").append(num(e, "audio_end_ms"));
          if (t.equals("response.done")) sb.append(" ").append(json(at(e, "response.usage")));
          sb.append('\n');
        }
        seen.add(sb.toString());
        // 1 s of speech from 0.5 s, 300 ms of prefix padding: 1.3 s committed, 13 tokens
        assertThat(openai.ledger().entries()).singleElement()
            .satisfies(e -> assertThat(e.tokens().inputAudio()).isEqualTo(13));
      }
    }
    assertThat(seen.get(0)).contains("input_audio_buffer.speech_started start=500\n")
        .contains("input_audio_buffer.speech_stopped end=1500\n");
    assertThat(seen).allSatisfy(s -> assertThat(s).isEqualTo(seen.get(0)));
  }

  /** A JSON encoder may escape what base64 contains ({@code "/"} as {@code "\/"}, Gson's {@code "="} as \u003d). */
  @Test
  void anAppendWithJsonEscapesInItsAudioIsReadAsJson() throws Exception {
    byte[] audio = tone(50);
    byte[] more = new byte[2];
    byte[] all = new byte[audio.length + more.length];
    System.arraycopy(audio, 0, all, 0, audio.length);
    String base64 = b64(all);
    assertThat(base64).endsWith("=").contains("/");
    String escaped = base64.replace("/", "\\/").replace("=", "\\u003d");
    for (String frame : List.of("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + escaped + "\"}",
        "{\"type\":\"input_audio_buffer.append\",\"event_id\":\"e\",\"audio\":\"" + escaped + "\"}")) {
      try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start(); Rt rt = dial(openai)) {
        rt.send(MANUAL_TURNS, frame, "{\"type\":\"input_audio_buffer.commit\"}");
        List<JsonValue.Obj> events = rt.drain();
        assertThat(types(events)).containsExactly("session.created", "session.updated", "error");
        // the append was taken (50 ms: too short to commit), not refused as bad base64
        assertThat(json(events.get(2).get("error"))).isEqualTo(error("input_audio_buffer_commit_empty",
            "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only "
                + "has 50.00ms of audio.", null, null));
      }
    }
  }

  // ---------------------------------------------------------------- faults

  @Test
  void usageMissingSendsUsageNullAndBillsInFull() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks().fault(FaultKind.USAGE_MISSING));
      List<JsonValue.Obj> events = oneResponse(openai, CREATE);
      assertThat(types(events.subList(1, events.size()))).containsExactlyElementsOf(spokenResponse(true, 10));
      JsonValue.Obj done = events.get(events.size() - 1);
      assertThat(json(at(done, "response.usage"))).isEqualTo("null");
      assertThat(str(done, "response.status")).isEqualTo("completed");
      assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(48_000);
      assertThat(openai.ledger().entries()).containsExactly(entry(openai, str(done, "response.id"), "gpt-realtime",
          "completed", 0, 1200, tokens(5, 0, 10, 20), ofSeconds(1)));
    }
  }

  @Test
  void cancelledPartialUsageEndsHalfWayCancelledWithTheUsageSoFar() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks().fault(FaultKind.CANCELLED_PARTIAL_USAGE),
          tenChunks().fault(Fault.of(FaultKind.CANCELLED_PARTIAL_USAGE).after(ofMillis(250))));
      List<JsonValue.Obj> first;
      List<JsonValue.Obj> second;
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        first = rt.until("response.done");
        rt.send(CREATE);
        second = rt.until("response.done");
      }
      // half way: five chunks (0.3 .. 0.7 s), then the end, at 0.7 s
      List<String> expected = new ArrayList<>(spokenResponse(true, 5).subList(0, 15));
      expected.addAll(List.of("response.output_item.done", "response.done"));
      assertThat(types(first.subList(1, first.size()))).containsExactlyElementsOf(expected);
      assertThat(audioBytes(first, "response.output_audio.delta")).isEqualTo(24_000);
      JsonValue.Obj itemDone = first.get(first.size() - 2);
      assertThat(str(itemDone, "item.status")).isEqualTo("incomplete");
      assertThat(json(at(itemDone, "item.content"))).isEqualTo("[{\"type\":\"output_audio\",\"transcript\":\""
          + FORTY.substring(0, 20) + "\"}]");
      JsonValue.Obj done = first.get(first.size() - 1);
      assertThat(str(done, "response.status")).isEqualTo("cancelled");
      assertThat(json(at(done, "response.status_details")))
          .isEqualTo("{\"type\":\"cancelled\",\"reason\":\"client_cancelled\"}");
      assertThat(json(at(done, "response.usage"))).isEqualTo(usage(5, 0, 5, 10));
      // after 250 ms of streaming: three chunks
      assertThat(audioBytes(second, "response.output_audio.delta")).isEqualTo(14_400);
      JsonValue.Obj done2 = second.get(second.size() - 1);
      assertThat(json(at(done2, "response.usage"))).isEqualTo(usage(5, 0, 3, 6));
      List<LedgerEntry> entries = openai.ledger().entries();
      assertThat(entries.get(0)).isEqualTo(entry(openai, str(done, "response.id"), "gpt-realtime", "cancelled", 0,
          700, tokens(5, 0, 5, 10), ofMillis(500)));
      Instant created2 = entries.get(1).start();
      assertThat(Duration.between(created2, entries.get(1).end())).isEqualTo(ofMillis(500));
      assertThat(entries.get(1).status()).isEqualTo("cancelled");
      assertThat(entries.get(1).audio()).isEqualTo(ofMillis(300));
    }
  }

  @Test
  void doneWithoutCreatedSendsOnlyResponseDoneAndBillsIt() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks().fault(FaultKind.DONE_WITHOUT_CREATED));
      List<JsonValue.Obj> events = oneResponseAndWhatFollows(openai, CREATE);
      assertThat(types(events)).containsExactly("session.created", "response.done");
      JsonValue.Obj done = events.get(1);
      assertThat(str(done, "response.status")).isEqualTo("completed");
      assertThat(json(at(done, "response.usage"))).isEqualTo(usage(5, 0, 10, 20));
      assertThat(openai.ledger().entries()).containsExactly(entry(openai, str(done, "response.id"), "gpt-realtime",
          "completed", 0, 1200, tokens(5, 0, 10, 20), ofSeconds(1)));
    }
  }

  @Test
  void duplicateDoneSendsTheSameResponseDoneTwiceAndBillsOnce() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks().fault(FaultKind.DUPLICATE_DONE));
      List<JsonValue.Obj> events = oneResponseAndWhatFollows(openai, CREATE);
      List<String> expected = new ArrayList<>(List.of("session.created"));
      expected.addAll(spokenResponse(true, 10));
      expected.add("response.done");
      assertThat(types(events)).containsExactlyElementsOf(expected);
      List<JsonValue.Obj> dones = ofType(events, "response.done");
      assertThat(json(dones.get(1).get("response"))).isEqualTo(json(dones.get(0).get("response")));
      assertThat(str(dones.get(1), "event_id")).isNotEqualTo(str(dones.get(0), "event_id"));
      assertThat(json(at(dones.get(0), "response.usage"))).isEqualTo(usage(5, 0, 10, 20));
      assertThat(openai.ledger().entries()).hasSize(1);
      assertThat(openai.ledger().entries().get(0).tokens()).isEqualTo(tokens(5, 0, 10, 20));
    }
  }

  @Test
  void disconnectMidResponseDropsTheSocketHalfWayAndBillsItIncomplete() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks().fault(FaultKind.DISCONNECT_MID_RESPONSE));
      List<JsonValue.Obj> events;
      String id;
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        id = str(rt.next("response.created"), "response.id");
        events = rt.rest();
        assertThat(rt.ws.ending().failure()).isNotNull();
        assertThat(rt.ws.ending().code()).isEqualTo(-1);
      }
      assertThat(types(events)).doesNotContain("response.done", "response.output_audio.done");
      assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(24_000);
      assertThat(awaitEntry(openai)).isEqualTo(entry(openai, id, "gpt-realtime", "incomplete", 0, 700,
          tokens(5, 0, 5, 10), ofMillis(500)));
    }
  }

  @Test
  void closeClosesHalfWayWith1011OrTheScriptedCodeAndBillsIncomplete() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks().fault(FaultKind.CLOSE),
          tenChunks().fault(Fault.of(FaultKind.CLOSE).withCode(4001, "going away").after(ofMillis(250))));
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        List<JsonValue.Obj> events = rt.rest();
        assertThat(types(events)).doesNotContain("response.done");
        assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(24_000);
        assertThat(rt.ws.ending().code()).isEqualTo(1011);
        assertThat(rt.ws.ending().reason()).isEqualTo("Internal error occurred.");
      }
      String first = openai.ledger().entries().get(0).id();
      assertThat(openai.ledger().entries().get(0)).isEqualTo(entry(openai, first, "gpt-realtime", "incomplete", 0,
          700, tokens(5, 0, 5, 10), ofMillis(500)));
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        List<JsonValue.Obj> events = rt.rest();
        assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(14_400);
        assertThat(rt.ws.ending().code()).isEqualTo(4001);
        assertThat(rt.ws.ending().reason()).isEqualTo("going away");
      }
      LedgerEntry second = openai.ledger().entries().get(1);
      assertThat(second.status()).isEqualTo("incomplete");
      assertThat(second.audio()).isEqualTo(ofMillis(300));
      assertThat(second.tokens()).isEqualTo(tokens(5, 0, 3, 6));
    }
  }

  @Test
  void malformedFrameSendsOneBrokenFrameAmongTheDeltasAndTheStreamGoesOn() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks().fault(FaultKind.MALFORMED_FRAME));
      List<JsonValue.Obj> events;
      List<String> log;
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        events = rt.until("response.done");
        log = rt.log;
      }
      List<String> expected = new ArrayList<>(List.of("session.created"));
      expected.addAll(spokenResponse(true, 10));
      expected.add(1 + 5 + 2 * 5, "MALFORMED"); // before the sixth audio delta
      assertThat(log).containsExactlyElementsOf(expected);
      assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(48_000);
      assertThat(str(events.get(events.size() - 1), "response.status")).isEqualTo("completed");
      assertThat(openai.ledger().entries().get(0).status()).isEqualTo("completed");
      assertThat(openai.ledger().entries().get(0).tokens()).isEqualTo(tokens(5, 0, 10, 20));
    }
  }

  @Test
  void slowFirstByteDelaysTheFirstAudioByFiveSecondsOrTheDelay() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(Reply.reply().text(FORTY).audio(ofSeconds(1)).fault(FaultKind.SLOW_FIRST_BYTE),
          Reply.reply().text(FORTY).audio(ofSeconds(1)).fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).after(ofSeconds(2))));
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        rt.until("response.done");
        rt.send(CREATE);
        rt.until("response.done");
      }
      List<LedgerEntry> entries = openai.ledger().entries();
      // every chunk goes out at the first audio: ttft 300 ms + the delay
      assertThat(Duration.between(entries.get(0).start(), entries.get(0).end())).isEqualTo(ofMillis(5300));
      assertThat(entries.get(0).start()).isEqualTo(openai.clock().origin());
      assertThat(Duration.between(entries.get(1).start(), entries.get(1).end())).isEqualTo(ofMillis(2300));
      assertThat(entries).allSatisfy(e -> {
        assertThat(e.status()).isEqualTo("completed");
        assertThat(e.audio()).isEqualTo(ofSeconds(1));
      });
    }
  }

  @Test
  void responseFailedEndsFailedWithAServerErrorAndBillsWhatWasGenerated() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks().fault(FaultKind.RESPONSE_FAILED),
          tenChunks().fault(new Fault(FaultKind.RESPONSE_FAILED, null, ofMillis(250), null, "overloaded", null)));
      List<JsonValue.Obj> first;
      List<JsonValue.Obj> second;
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        first = rt.until("response.done");
        rt.send(CREATE);
        second = rt.until("response.done");
      }
      // at the start (the first audio's instant), before any delta
      assertThat(types(first.subList(1, first.size()))).containsExactly("response.created", "rate_limits.updated",
          "response.output_item.added", "conversation.item.added", "response.content_part.added", "response.done");
      JsonValue.Obj done = first.get(first.size() - 1);
      assertThat(str(done, "response.status")).isEqualTo("failed");
      assertThat(json(at(done, "response.status_details")))
          .isEqualTo("{\"type\":\"failed\",\"error\":{\"type\":\"server_error\",\"code\":\"server_error\"}}");
      assertThat(json(at(done, "response.usage"))).isEqualTo(usage(5, 0, 0, 0));
      JsonValue.Obj done2 = second.get(second.size() - 1);
      assertThat(json(at(done2, "response.status_details")))
          .isEqualTo("{\"type\":\"failed\",\"error\":{\"type\":\"server_error\",\"code\":\"overloaded\"}}");
      assertThat(audioBytes(second, "response.output_audio.delta")).isEqualTo(14_400);
      assertThat(json(at(done2, "response.usage"))).isEqualTo(usage(5, 0, 3, 6));
      List<LedgerEntry> entries = openai.ledger().entries();
      assertThat(entries.get(0)).isEqualTo(entry(openai, str(done, "response.id"), "gpt-realtime", "failed", 0, 300,
          tokens(5, 0, 0, 0), Duration.ZERO));
      assertThat(entries.get(1).status()).isEqualTo("failed");
      assertThat(entries.get(1).tokens()).isEqualTo(tokens(5, 0, 3, 6));
      assertThat(entries.get(1).audio()).isEqualTo(ofMillis(300));
    }
  }

  @Test
  void sessionExpiredSendsTheErrorThenCloses1001AndBillsTheResponseInProgress() throws Exception {
    TimedFault expiry = new TimedFault(ofMillis(950), Fault.of(FaultKind.SESSION_EXPIRED));
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().timedFaults(List.of(expiry)).start()) {
      openai.script(tenChunks());
      String id;
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        id = str(rt.next("response.created"), "response.id");
        List<JsonValue.Obj> events = rt.rest();
        String message = "Your session hit the maximum duration of 60 minutes.";
        assertThat(types(events)).doesNotContain("response.done").last().isEqualTo("error");
        assertThat(json(events.get(events.size() - 1).get("error")))
            .isEqualTo(error("session_expired", message, null, null));
        assertThat(rt.ws.ending().code()).isEqualTo(1001);
        assertThat(rt.ws.ending().reason()).isEqualTo(message);
        assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(7 * 4800);
      }
      // chunks at 0.3 .. 0.9 s went out before the expiry at 0.95 s
      assertThat(openai.ledger().entries()).containsExactly(entry(openai, id, "gpt-realtime", "incomplete", 0, 950,
          tokens(5, 0, 7, 14), ofMillis(700)));
    }
  }

  @Test
  void sessionExpiredTakesItsMessageFromTheReason() throws Exception {
    String message = "Your session hit the maximum duration of 30 minutes.";
    TimedFault expiry = new TimedFault(ofMinutes(30), new Fault(FaultKind.SESSION_EXPIRED, null, null, null, message,
        null));
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().timedFaults(List.of(expiry)).start()) {
      try (Rt rt = dial(openai)) {
        rt.send(ga(""));
        List<JsonValue.Obj> events = rt.rest();
        assertThat(types(events)).containsExactly("session.created", "session.updated", "error");
        assertThat(str(events.get(2), "error.message")).isEqualTo(message);
        assertThat(rt.ws.ending().code()).isEqualTo(1001);
      }
      assertThat(openai.clock().elapsed()).isEqualTo(ofMinutes(30));
      assertThat(openai.ledger().entries()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(value = FaultKind.class, names = {"CLOSE", "DISCONNECT_MID_RESPONSE"})
  void aTimedCloseOrDisconnectStrikesAtItsTime(FaultKind kind) throws Exception {
    TimedFault fault = new TimedFault(ofSeconds(2), Fault.of(kind));
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().timedFaults(List.of(fault)).start()) {
      try (Rt rt = dial(openai)) {
        rt.send(ga(""));
        rt.rest();
        if (kind == FaultKind.CLOSE) {
          assertThat(rt.ws.ending().code()).isEqualTo(1011);
          assertThat(rt.ws.ending().reason()).isEqualTo("Internal error");
        } else {
          assertThat(rt.ws.ending().failure()).isNotNull();
        }
      }
      assertThat(openai.clock().elapsed()).isEqualTo(ofSeconds(2));
    }
  }

  private static Duration ofMinutes(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  // ---------------------------------------------------------------- behaviours official clients depend on

  @Test
  void aClientChosenItemIdIsKeptAndEchoedGa() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        rt.send(ga("\"instructions\":\"Be brief.\""),
            "{\"type\":\"conversation.item.create\",\"item\":{\"id\":\"msg_client_001\",\"type\":\"message\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"What is my balance?\"}]}}",
            "{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"message\",\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_text\",\"text\":\"Please.\"}]}}",
            CREATE);
        events = rt.until("response.done");
      }
      assertThat(types(events).subList(0, 7)).containsExactly("session.created", "session.updated",
          "conversation.item.added", "conversation.item.done", "conversation.item.added", "conversation.item.done",
          "response.created");
      String content = "[{\"type\":\"input_text\",\"text\":\"What is my balance?\"}]";
      assertThat(json(events.get(2))).isEqualTo("{\"type\":\"conversation.item.added\",\"event_id\":\""
          + str(events.get(2), "event_id") + "\",\"previous_item_id\":null,\"item\":{\"id\":\"msg_client_001\","
          + "\"type\":\"message\",\"status\":\"completed\",\"role\":\"user\",\"content\":" + content + "}}");
      assertThat(str(events.get(3), "item.id")).isEqualTo("msg_client_001");
      assertThat(json(at(events.get(3), "item.content"))).isEqualTo(content);
      String generated = str(events.get(4), "item.id");
      assertThat(generated).matches("item_[A-Za-z0-9]{21}");
      assertThat(str(events.get(4), "previous_item_id")).isEqualTo("msg_client_001");
      JsonValue.Obj done = events.get(events.size() - 1);
      // instructions "Be brief." (3 tokens) + the typed text, 26 characters (7)
      assertThat(num(done, "response.usage.input_token_details.text_tokens")).isEqualTo(10);
      assertThat(str(ofType(events, "conversation.item.done").get(2), "previous_item_id")).isEqualTo(generated);
    }
  }

  @Test
  void aClientChosenItemIdIsKeptAndEchoedBeta() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().dialect(OpenAiDialect.BETA).start()) {
      try (Rt rt = dial(openai, request(openai, "gpt-4o-realtime-preview").header("OpenAI-Beta", "realtime=v1"))) {
        rt.send("{\"type\":\"conversation.item.create\",\"event_id\":\"evt_c\",\"item\":{\"id\":\"msg_client_002\","
            + "\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}}");
        JsonValue.Obj created = rt.next("conversation.item.created");
        assertThat(json(created.get("item"))).isEqualTo("{\"id\":\"msg_client_002\",\"object\":\"realtime.item\","
            + "\"type\":\"message\",\"status\":\"completed\",\"role\":\"user\","
            + "\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}");
        assertThat(json(created.get("previous_item_id"))).isEqualTo("null");
        assertThat(types(rt.drain())).isEmpty(); // no conversation.item.done in beta
      }
    }
  }

  @Test
  void responseMetadataIsEchoedInCreatedAndDone() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      String metadata = "{\"client_event_id\":\"gen-42\",\"purpose\":\"greeting\"}";
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        rt.send("{\"type\":\"response.create\",\"response\":{\"metadata\":" + metadata + "}}");
        events = rt.until("response.done");
        rt.send(CREATE);
        events.addAll(rt.until("response.done"));
      }
      List<JsonValue.Obj> created = ofType(events, "response.created");
      List<JsonValue.Obj> done = ofType(events, "response.done");
      assertThat(json(at(created.get(0), "response.metadata"))).isEqualTo(metadata);
      assertThat(json(at(done.get(0), "response.metadata"))).isEqualTo(metadata);
      assertThat(json(at(created.get(1), "response.metadata"))).isEqualTo("null");
      assertThat(json(at(done.get(1), "response.metadata"))).isEqualTo("null");
    }
  }

  @Test
  void gaSessionUpdateFieldsOfficialClientsSendAreAccepted() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder()
        .userTranscripts(List.of("What is my balance?")).start()) {
      String tools = "[{\"type\":\"function\",\"name\":\"get_balance\",\"description\":\"The balance.\","
          + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}]";
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        rt.send(ga("\"model\":\"gpt-realtime-2025-08-28\",\"instructions\":\"Be brief.\","
            + "\"output_modalities\":[\"audio\"],\"max_output_tokens\":\"inf\",\"tool_choice\":\"auto\",\"tools\":"
            + tools + ",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},"
            + "\"transcription\":{\"model\":\"gpt-4o-transcribe\"},\"turn_detection\":{\"type\":\"semantic_vad\","
            + "\"eagerness\":\"low\",\"create_response\":true,\"interrupt_response\":true}},"
            + "\"output\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000},\"voice\":\"cedar\",\"speed\":1.1}}"),
            ga("\"max_output_tokens\":4096"));
        events = rt.until("session.updated");
        events.addAll(rt.until("session.updated"));
        // semantic VAD waits 500 ms of silence: 400 ms does not end the turn ...
        rt.send(append(tone(1000)), append(silence(400)));
        events.addAll(rt.drain());
        assertThat(types(events)).doesNotContain("input_audio_buffer.speech_stopped");
        // ... 100 ms more does
        rt.send(append(silence(100)));
        events.addAll(rt.until("response.done"));
      }
      JsonValue.Obj s = events.get(1).get("session").asObject("session");
      assertThat(str(s, "model")).isEqualTo("gpt-realtime-2025-08-28");
      assertThat(str(s, "instructions")).isEqualTo("Be brief.");
      assertThat(str(s, "max_output_tokens")).isEqualTo("inf");
      assertThat(json(at(s, "tools"))).isEqualTo(tools);
      assertThat(str(s, "audio.input.transcription.model")).isEqualTo("gpt-4o-transcribe");
      assertThat(json(at(s, "audio.input.turn_detection"))).isEqualTo("{\"type\":\"semantic_vad\","
          + "\"eagerness\":\"low\",\"create_response\":true,\"interrupt_response\":true}");
      assertThat(str(s, "audio.output.voice")).isEqualTo("cedar");
      assertThat(at(s, "audio.output.speed").asDouble("speed")).isEqualTo(1.1);
      assertThat(num(events.get(2), "session.max_output_tokens")).isEqualTo(4096);
      assertThat(str(events.get(2), "session.model")).isEqualTo("gpt-realtime-2025-08-28");

      assertThat(num(ofType(events, "input_audio_buffer.speech_stopped").get(0), "audio_end_ms")).isEqualTo(1000);
      JsonValue.Obj transcription = ofType(events, "conversation.item.input_audio_transcription.completed").get(0);
      assertThat(str(transcription, "item_id")).isEqualTo(str(events.get(3), "item_id"));
      assertThat(str(transcription, "transcript")).isEqualTo("What is my balance?");
      assertThat(json(transcription.get("usage"))).isEqualTo("{\"type\":\"tokens\",\"total_tokens\":15,"
          + "\"input_tokens\":10,\"input_token_details\":{\"text_tokens\":0,\"audio_tokens\":10},\"output_tokens\":5}");
      assertThat(str(ofType(events, "response.done").get(0), "response.audio.output.voice")).isEqualTo("cedar");
      LedgerEntry e = openai.ledger().entries().get(0);
      assertThat(e.model()).isEqualTo("gpt-realtime-2025-08-28");
      assertThat(e.tokens().inputText()).isEqualTo(3); // "Be brief."
      assertThat(e.tokens().inputAudio()).isEqualTo(10);
    }
  }

  // ---------------------------------------------------------------- the rest of the protocol

  @Test
  void responseCancelEndsTheResponseCancelledWithWhatWasGenerated() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks());
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        try (Link hold = openai.clock().hold("plan")) {
          rt.send(CREATE);
          at(openai, 350, () -> rt.send("{\"type\":\"response.create\",\"event_id\":\"evt_again\"}"));
          at(openai, 550, () -> rt.send("{\"type\":\"response.cancel\",\"event_id\":\"evt_cancel\"}"));
        }
        events = rt.until("response.done");
        rt.send("{\"type\":\"response.cancel\",\"event_id\":\"evt_late\"}",
            "{\"type\":\"response.cancel\",\"response_id\":\"resp_not_this_one\"}");
        events.addAll(rt.drain());
      }
      String id = str(ofType(events, "response.created").get(0), "response.id");
      List<String> expected = new ArrayList<>(spokenResponse(true, 1).subList(0, 7));
      expected.add("error");
      expected.addAll(spokenResponse(true, 2).subList(5, 9));
      expected.addAll(List.of("response.output_item.done", "response.done", "error", "error"));
      assertThat(types(events.subList(1, events.size()))).containsExactlyElementsOf(expected);
      List<JsonValue.Obj> errors = ofType(events, "error");
      assertThat(json(errors.get(0).get("error"))).isEqualTo(error("conversation_already_has_active_response",
          "Conversation already has an active response in progress: " + id + ". Wait until the response is finished "
              + "before creating a new one.", null, "evt_again"));
      JsonValue.Obj done = ofType(events, "response.done").get(0);
      assertThat(str(done, "response.status")).isEqualTo("cancelled");
      assertThat(json(at(done, "response.status_details")))
          .isEqualTo("{\"type\":\"cancelled\",\"reason\":\"client_cancelled\"}");
      // three chunks (0.3, 0.4, 0.5 s) of ten went out
      assertThat(json(at(done, "response.usage"))).isEqualTo(usage(5, 0, 3, 6));
      assertThat(json(errors.get(1).get("error"))).isEqualTo(error("response_cancel_not_active",
          "Cancellation failed: no active response found", null, "evt_late"));
      assertThat(str(errors.get(2), "error.code")).isEqualTo("response_cancel_not_active");
      assertThat(openai.ledger().entries()).containsExactly(entry(openai, id, "gpt-realtime", "cancelled", 0, 550,
          tokens(5, 0, 3, 6), ofMillis(300)));
    }
  }

  @Test
  void aCancelNamingAnotherResponseIsRefusedAndTheActiveOneGoesOn() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks());
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        try (Link hold = openai.clock().hold("plan")) {
          rt.send(CREATE);
          at(openai, 550, () -> rt.send("{\"type\":\"response.cancel\",\"response_id\":\"resp_other\"}"));
        }
        events = rt.until("response.done");
      }
      assertThat(types(events)).containsOnlyOnce("error");
      assertThat(str(events.get(events.size() - 1), "response.status")).isEqualTo("completed");
    }
  }

  @Test
  void theUserSpeakingCancelsTheResponseTurnDetected() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(tenChunks());
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        try (Link hold = openai.clock().hold("plan")) {
          rt.send(CREATE);
          at(openai, 550, () -> rt.send(append(tone(100))));
        }
        events = rt.until("response.done");
      }
      List<String> t = types(events);
      assertThat(t.subList(t.size() - 3, t.size())).containsExactly("input_audio_buffer.speech_started",
          "response.output_item.done", "response.done");
      JsonValue.Obj done = events.get(events.size() - 1);
      assertThat(json(at(done, "response.status_details")))
          .isEqualTo("{\"type\":\"cancelled\",\"reason\":\"turn_detected\"}");
      assertThat(openai.ledger().entries().get(0).status()).isEqualTo("cancelled");
      assertThat(openai.ledger().entries().get(0).audio()).isEqualTo(ofMillis(300));
    }
  }

  @Test
  void itemsAreTruncatedDeletedAndRetrieved() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      try (Rt rt = dial(openai)) {
        String item = "{\"id\":\"msg_a\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"user\","
            + "\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}";
        rt.send("{\"type\":\"conversation.item.create\",\"item\":{\"id\":\"msg_a\",\"type\":\"message\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}}",
            "{\"type\":\"conversation.item.retrieve\",\"event_id\":\"r1\",\"item_id\":\"msg_a\"}",
            "{\"type\":\"conversation.item.truncate\",\"item_id\":\"msg_a\",\"content_index\":0,"
                + "\"audio_end_ms\":1500}",
            "{\"type\":\"conversation.item.delete\",\"item_id\":\"msg_a\"}",
            "{\"type\":\"conversation.item.retrieve\",\"event_id\":\"r2\",\"item_id\":\"msg_a\"}");
        List<JsonValue.Obj> events = rt.drain();
        assertThat(types(events)).containsExactly("session.created", "conversation.item.added",
            "conversation.item.done", "conversation.item.retrieved", "conversation.item.truncated",
            "conversation.item.deleted", "error");
        assertThat(json(events.get(3).get("item"))).isEqualTo(item);
        assertThat(str(events.get(4), "item_id")).isEqualTo("msg_a");
        assertThat(num(events.get(4), "content_index")).isZero();
        assertThat(num(events.get(4), "audio_end_ms")).isEqualTo(1500);
        assertThat(str(events.get(5), "item_id")).isEqualTo("msg_a");
        assertThat(json(events.get(6).get("error"))).isEqualTo(error("item_not_found",
            "Item with item_id not found in conversation.", "item_id", "r2"));
      }
    }
  }

  @Test
  void manualTurnsCommitClearAndCreateResponses() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        rt.send(MANUAL_TURNS, append(tone(1000)), append(silence(500)));
        events = rt.drain();
        assertThat(types(events)).containsExactly("session.created", "session.updated");
        assertThat(json(at(events.get(1), "session.audio.input.turn_detection"))).isEqualTo("null");
        rt.send("{\"type\":\"input_audio_buffer.commit\",\"event_id\":\"c1\"}");
        events = rt.drain();
        assertThat(types(events)).containsExactly("input_audio_buffer.committed", "conversation.item.added",
            "conversation.item.done");
        String item = str(events.get(0), "item_id");
        assertThat(json(events.get(0).get("previous_item_id"))).isEqualTo("null");
        assertThat(str(events.get(1), "item.id")).isEqualTo(item);
        rt.send(CREATE);
        JsonValue.Obj done = rt.next("response.done");
        // 1.5 s committed: 15 tokens
        assertThat(num(done, "response.usage.input_token_details.audio_tokens")).isEqualTo(15);

        rt.send(append(tone(50)), "{\"type\":\"input_audio_buffer.commit\",\"event_id\":\"c2\"}",
            append(tone(500)), "{\"type\":\"input_audio_buffer.clear\"}",
            "{\"type\":\"input_audio_buffer.commit\",\"event_id\":\"c3\"}");
        events = rt.drain();
        assertThat(types(events)).containsExactly("error", "input_audio_buffer.cleared", "error");
        assertThat(json(events.get(0).get("error"))).isEqualTo(error("input_audio_buffer_commit_empty",
            "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer "
                + "only has 50.00ms of audio.", null, "c2"));
        assertThat(str(events.get(2), "error.message")).endsWith("but buffer only has 0.00ms of audio.");
        assertThat(str(events.get(2), "error.event_id")).isEqualTo("c3");
      }
      assertThat(openai.ledger().entries()).hasSize(1);
    }
  }

  @Test
  void serverVadReportsSpeechBoundsInMillisecondsOfTheInputAudio() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 18; i++) frames.add(append(i >= 5 && i < 15 ? tone(100) : silence(100)));
        rt.send(frames.toArray(String[]::new));
        events = rt.until("response.done");
        // the second turn: 1 s of speech from 1.8 s of input audio
        frames.clear();
        for (int i = 0; i < 13; i++) frames.add(append(i < 10 ? tone(100) : silence(100)));
        rt.send(frames.toArray(String[]::new));
        events.addAll(rt.until("response.done"));
      }
      List<JsonValue.Obj> started = ofType(events, "input_audio_buffer.speech_started");
      List<JsonValue.Obj> stopped = ofType(events, "input_audio_buffer.speech_stopped");
      List<JsonValue.Obj> committed = ofType(events, "input_audio_buffer.committed");
      assertThat(started).extracting(e -> num(e, "audio_start_ms")).containsExactly(500L, 1800L);
      assertThat(stopped).extracting(e -> num(e, "audio_end_ms")).containsExactly(1500L, 2800L);
      for (int i = 0; i < 2; i++) {
        assertThat(str(stopped.get(i), "item_id")).isEqualTo(str(started.get(i), "item_id"));
        assertThat(str(committed.get(i), "item_id")).isEqualTo(str(started.get(i), "item_id"));
      }
      // the second user item follows the first response's item
      String firstAnswer = str(ofType(events, "response.output_item.added").get(0), "item.id");
      assertThat(str(committed.get(1), "previous_item_id")).isEqualTo(firstAnswer);
      // committed: speech + 300 ms of prefix padding (1.3 s), then from the end of the first commit (1.1 s)
      assertThat(openai.ledger().entries()).extracting(e -> e.tokens().inputAudio()).containsExactly(13L, 11L);
    }
  }

  @Test
  void textOnlyResponsesStreamTextDeltas() throws Exception {
    String text = "Forty-five characters of text, in three parts";
    assertThat(text).hasSize(45);
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(Reply.reply().text(text).textOnly(), Reply.reply().text(text), Reply.reply().text(text));
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        events = rt.until("response.done");
        rt.send("{\"type\":\"response.create\",\"response\":{\"output_modalities\":[\"text\"]}}");
        events.addAll(rt.until("response.done"));
        rt.send(ga("\"output_modalities\":[\"text\"]"), CREATE);
        events.addAll(rt.until("response.done"));
      }
      List<String> one = List.of("response.created", "rate_limits.updated", "response.output_item.added",
          "conversation.item.added", "response.content_part.added", "response.output_text.delta",
          "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
          "response.content_part.done", "response.output_item.done", "conversation.item.done", "response.done");
      List<String> expected = new ArrayList<>(List.of("session.created"));
      expected.addAll(one);
      expected.addAll(one);
      expected.add("session.updated");
      expected.addAll(one);
      assertThat(types(events)).containsExactlyElementsOf(expected);
      assertThat(joined(events, "response.output_text.delta")).isEqualTo(text + text + text);
      assertThat(ofType(events, "response.output_text.done")).allSatisfy(e -> assertThat(str(e, "text"))
          .isEqualTo(text));
      assertThat(ofType(events, "response.content_part.added")).allSatisfy(e -> assertThat(json(e.get("part")))
          .isEqualTo("{\"type\":\"text\",\"text\":\"\"}"));
      assertThat(ofType(events, "response.created")).allSatisfy(e -> assertThat(json(at(e,
          "response.output_modalities"))).isEqualTo("[\"text\"]"));
      assertThat(ofType(events, "response.done")).allSatisfy(e -> {
        assertThat(json(at(e, "response.usage"))).isEqualTo(usage(0, 0, 12, 0));
        assertThat(json(at(e, "response.output"))).contains("{\"type\":\"output_text\",\"text\":\"" + text + "\"}");
      });
      assertThat(openai.ledger().entries()).hasSize(3).allSatisfy(e -> {
        assertThat(e.audio()).isZero();
        assertThat(Duration.between(e.start(), e.end())).isEqualTo(ofMillis(300));
      });
    }
  }

  @Test
  void textOnlyResponsesOnTheBetaProtocol() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().dialect(OpenAiDialect.BETA).start()) {
      List<JsonValue.Obj> events;
      try (Rt rt = dial(openai, request(openai, "gpt-4o-realtime-preview").header("OpenAI-Beta", "realtime=v1"))) {
        rt.send("{\"type\":\"response.create\",\"response\":{\"modalities\":[\"text\"]}}");
        events = rt.until("response.done");
      }
      assertThat(types(events)).containsExactly("session.created", "response.created", "rate_limits.updated",
          "response.output_item.added", "conversation.item.created", "response.content_part.added",
          "response.text.delta", "response.text.delta", "response.text.done", "response.content_part.done",
          "response.output_item.done", "response.done");
      assertThat(json(at(events.get(events.size() - 1), "response.modalities"))).isEqualTo("[\"text\"]");
      assertThat(joined(events, "response.text.delta")).isEqualTo(Reply.DEFAULT_TEXT);
    }
  }

  @Test
  void aToolCallIsOneResponseAndTheSpokenReplyFollowsTheFunctionOutput() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(Reply.reply().text(BALANCE).audio(ofMillis(500))
          .toolCall("get_balance", "{\"account\":\"main\"}", "{\"balance\":42}"));
      List<JsonValue.Obj> first;
      List<JsonValue.Obj> second;
      try (Rt rt = dial(openai)) {
        rt.send(CREATE);
        first = rt.until("response.done");
        JsonValue.Obj call = ofType(first, "response.function_call_arguments.done").get(0);
        rt.send("{\"type\":\"conversation.item.create\",\"item\":{\"type\":\"function_call_output\",\"call_id\":\""
            + str(call, "call_id") + "\",\"output\":\"{\\\"balance\\\":42}\"}}", CREATE);
        second = rt.until("response.done");
      }
      assertThat(types(first.subList(1, first.size()))).containsExactly("response.created", "rate_limits.updated",
          "response.output_item.added", "conversation.item.added", "response.function_call_arguments.delta",
          "response.function_call_arguments.done", "response.output_item.done", "conversation.item.done",
          "response.done");
      String item = str(first.get(3), "item.id");
      String callId = "call_" + item.substring(5);
      assertThat(json(first.get(3).get("item"))).isEqualTo("{\"id\":\"" + item + "\",\"object\":\"realtime.item\","
          + "\"type\":\"function_call\",\"status\":\"in_progress\",\"name\":\"get_balance\",\"call_id\":\"" + callId
          + "\",\"arguments\":\"\"}");
      assertThat(str(first.get(5), "delta")).isEqualTo("{\"account\":\"main\"}");
      assertThat(str(first.get(6), "call_id")).isEqualTo(callId);
      assertThat(str(first.get(6), "name")).isEqualTo("get_balance");
      assertThat(str(first.get(6), "arguments")).isEqualTo("{\"account\":\"main\"}");
      JsonValue.Obj done = first.get(first.size() - 1);
      assertThat(json(at(done, "response.output"))).isEqualTo("[{\"id\":\"" + item + "\",\"object\":"
          + "\"realtime.item\",\"type\":\"function_call\",\"status\":\"completed\",\"name\":\"get_balance\","
          + "\"call_id\":\"" + callId + "\",\"arguments\":\"{\\\"account\\\":\\\"main\\\"}\"}]");
      // the arguments: 18 characters, 5 tokens
      assertThat(json(at(done, "response.usage"))).isEqualTo(usage(0, 0, 5, 0));

      assertThat(types(second).subList(0, 3)).containsExactly("conversation.item.added", "conversation.item.done",
          "response.created");
      assertThat(str(second.get(0), "item.call_id")).isEqualTo(callId);
      assertThat(joined(second, "response.output_audio_transcript.delta")).isEqualTo(BALANCE);
      // the function output (14 characters) is the follow-up's input: 4 tokens
      assertThat(json(at(second.get(second.size() - 1), "response.usage"))).isEqualTo(usage(4, 0, 7, 10));
      assertThat(openai.ledger().entries()).hasSize(2);
    }
  }

  @Test
  void g711OutputWhenTheSessionAsksForIt() throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(Reply.reply().audio(ofMillis(500)));
      List<JsonValue.Obj> events = oneResponse(openai, ga("\"audio\":{\"output\":{\"format\":{\"type\":\"audio/pcmu\"}}}"), CREATE);
      assertThat(json(at(events.get(1), "session.audio.output.format"))).isEqualTo("{\"type\":\"audio/pcmu\"}");
      assertThat(json(at(ofType(events, "response.created").get(0), "response.audio.output.format")))
          .isEqualTo("{\"type\":\"audio/pcmu\"}");
      assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(4000);
      assertThat(openai.ledger().entries().get(0).audio()).isEqualTo(ofMillis(500));
    }
  }

  @Test
  void servesWssAndClosingFreesThePort() throws Exception {
    FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().tls(true).start();
    int port = openai.server().port();
    try {
      assertThat(openai.baseUrl()).isEqualTo("https://127.0.0.1:" + port + "/v1");
      assertThat(openai.realtimeUrl("gpt-realtime")).isEqualTo("wss://127.0.0.1:" + port
          + "/v1/realtime?model=gpt-realtime");
      OkHttpClient tls = client.newBuilder().sslSocketFactory(openai.server().tls().clientSocketFactory(),
          openai.server().tls().clientTrustManager()).build();
      openai.script(Reply.reply().audio(ofMillis(300)));
      try (Rt rt = new Rt(WsProbe.open(tls, request(openai, "gpt-realtime"), openai.clock().openLink("tls")))) {
        rt.send(CREATE);
        List<JsonValue.Obj> events = rt.until("response.done");
        assertThat(audioBytes(events, "response.output_audio.delta")).isEqualTo(14_400);
        assertThat(openai.openConnections()).isEqualTo(1);
      }
    } finally {
      openai.close();
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }
}
