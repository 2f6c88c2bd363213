package dev.agentharness.fake.openai;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.fake.FakeWebSocket;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import dev.agentharness.scenario.TokenRates;
import dev.agentharness.scenario.TokenUsage;
import dev.agentharness.scenario.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One Realtime WebSocket: the protocol state machine of the fake. */
final class RealtimeConnection extends FakeWebSocket {

  private static final List<String> CLIENT_EVENTS = List.of("session.update", "input_audio_buffer.append",
      "input_audio_buffer.commit", "input_audio_buffer.clear", "conversation.item.create", "conversation.item.retrieve",
      "conversation.item.truncate", "conversation.item.delete", "response.create", "response.cancel",
      "output_audio_buffer.clear", "transcription_session.update");

  private final FakeOpenAiRealtime fake;
  private final boolean ga;
  private final boolean authorized;
  private final boolean betaHeader;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final RealtimeSessionConfig session;
  private final String conversationId;
  private final Object lock = new Object();
  private final Map<Integer, String> silence64 = new HashMap<>();
  private final Map<Integer, String> tone64 = new HashMap<>();
  private final List<Scheduler.Scheduled> timed = new ArrayList<>();

  // input audio (guarded by lock)
  private long inputBytes;
  private long bufferStart;
  private boolean speaking;
  private long speechStart;
  private long lastLoudEnd;
  private String speechItemId;
  private String lastItemId;
  /** Every item in the conversation by id, as conversation.item.retrieve returns it. */
  private final Map<String, String> items = new ConcurrentHashMap<>();
  // input since the last response
  private long pendingAudioBytes;
  private final StringBuilder pendingText = new StringBuilder();
  private Response active;
  private Reply toolFollowUp;

  RealtimeConnection(FakeOpenAiRealtime fake, Link link, String model, boolean authorized, boolean betaHeader) {
    super(link);
    this.fake = fake;
    this.ga = fake.dialect == dev.agentharness.scenario.Providers.OpenAiDialect.GA;
    this.authorized = authorized;
    this.betaHeader = betaHeader;
    this.clock = fake.clock();
    this.scheduler = clock.scheduler(FakeOpenAiRealtime.SERVICE + "/" + link.id());
    this.session = new RealtimeSessionConfig(fake.idsNext("sess_"), model,
        clock.now().plus(Duration.ofHours(1)).getEpochSecond());
    this.conversationId = fake.idsNext("conv_");
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  protected void opened() {
    if (!authorized) {
      sendError("invalid_request_error", "invalid_api_key", "Incorrect API key provided.", null, null);
      closeWith(3000, "invalid_request_error.invalid_api_key");
      return;
    }
    if (ga && betaHeader) {
      sendError("invalid_request_error", "beta_api_shape_disabled",
          "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.", null, null);
      closeWith(4000, "beta_api_shape_disabled");
      return;
    }
    JsonWriter w = event("session.created").name("session");
    session.writeSession(w, ga);
    send(w.endObject().toString());
    for (TimedFault f : fake.timedFaults()) {
      Instant at = clock.origin().plus(f.at());
      if (at.isBefore(clock.now())) continue;
      synchronized (lock) {
        timed.add(scheduler.at(at, () -> strikeTimed(f.fault())));
      }
    }
  }

  @Override
  protected void closed(int code, String reason) {
    synchronized (lock) {
      timed.forEach(Scheduler.Scheduled::cancel);
      if (active != null) active.abandon("incomplete");
    }
    fake.forget(this);
  }

  void dropNow() {
    drop();
  }

  private void strikeTimed(Fault f) {
    if (f.kind() == FaultKind.SESSION_EXPIRED) {
      String message = f.reason() != null ? f.reason() : "Your session hit the maximum duration of 60 minutes.";
      synchronized (lock) {
        if (active != null) active.abandon("incomplete");
      }
      sendError("invalid_request_error", "session_expired", message, null, null);
      closeWith(1001, message);
    } else if (f.kind() == FaultKind.CLOSE) {
      closeWith(f.code() == null ? 1011 : f.code(), f.reason() == null ? "Internal error" : f.reason());
    } else if (f.kind() == FaultKind.DISCONNECT_MID_RESPONSE) {
      drop();
    }
  }

  // ---------------------------------------------------------------- client events

  /** The shapes of the event that carries most of a session's bytes, as OpenAI's SDKs and LiveKit send it. */
  private static final List<String> APPEND_PREFIXES = List.of("{\"type\":\"input_audio_buffer.append\",\"audio\":\"",
      "{\"type\": \"input_audio_buffer.append\", \"audio\": \"");

  @Override
  protected void onText(String text) {
    if (appendFast(text)) return;
    JsonValue.Obj e;
    try {
      e = Json.parseObject(text);
    } catch (JsonException ex) {
      sendError("invalid_request_error", "invalid_json",
          "We could not parse the JSON body of your request. (" + ex.getMessage() + ")", null, null);
      return;
    }
    String eventId = e.getPresent("event_id") instanceof JsonValue.Str s ? s.value() : null;
    JsonValue type = e.getPresent("type");
    if (!(type instanceof JsonValue.Str t)) {
      sendError("invalid_request_error", "invalid_event", "The 'type' field is missing.", null, eventId);
      return;
    }
    try {
      synchronized (lock) {
        handle(t.value(), e, eventId);
      }
    } catch (JsonException ex) {
      sendError("invalid_request_error", "invalid_value", ex.reason(), null, eventId);
    }
  }

  private void handle(String type, JsonValue.Obj e, String eventId) {
    switch (type) {
      case "session.update" -> sessionUpdate(e, eventId);
      case "input_audio_buffer.append" -> append(e, eventId);
      case "input_audio_buffer.commit" -> commit(eventId);
      case "input_audio_buffer.clear" -> {
        bufferStart = inputBytes;
        speaking = false;
        send(event("input_audio_buffer.cleared").endObject().toString());
      }
      case "conversation.item.create" -> createItem(e, eventId);
      case "conversation.item.truncate" -> {
        String itemId = stringOr(e, "item_id", null);
        if (itemId == null) {
          missing("item_id", eventId);
          return;
        }
        JsonWriter w = event("conversation.item.truncated").field("item_id", itemId)
            .field("content_index", e.getPresent("content_index") == null ? 0 : e.get("content_index").asLong("content_index"))
            .field("audio_end_ms", e.getPresent("audio_end_ms") == null ? 0 : e.get("audio_end_ms").asLong("audio_end_ms"));
        send(w.endObject().toString());
      }
      case "conversation.item.delete" -> {
        String itemId = stringOr(e, "item_id", null);
        if (itemId == null) {
          missing("item_id", eventId);
          return;
        }
        items.remove(itemId);
        send(event("conversation.item.deleted").field("item_id", itemId).endObject().toString());
      }
      case "conversation.item.retrieve" -> retrieveItem(e, eventId);
      case "response.create" -> {
        JsonValue.Obj params = e.getPresent("response") instanceof JsonValue.Obj o ? o : null;
        startResponse(params, eventId, false);
      }
      case "response.cancel" -> cancel(stringOr(e, "response_id", null), eventId);
      case "output_audio_buffer.clear", "transcription_session.update" -> { }
      default -> sendError("invalid_request_error", "invalid_event",
          "Invalid value: '" + type + "'. Supported values are: " + String.join(", ", CLIENT_EVENTS) + ".", "type", eventId);
    }
  }

  private void sessionUpdate(JsonValue.Obj e, String eventId) {
    if (!(e.getPresent("session") instanceof JsonValue.Obj s)) {
      missing("session", eventId);
      return;
    }
    String error = ga ? session.applyGa(s) : session.applyBeta(s);
    if (error != null) {
      sendError("invalid_request_error", "missing_required_parameter", error, "session.type", eventId);
      return;
    }
    JsonWriter w = event("session.updated").name("session");
    session.writeSession(w, ga);
    send(w.endObject().toString());
  }

  /**
   * An append of exactly {@code {"type":"input_audio_buffer.append","audio":"..."}} is handled without
   * building a JSON tree: base64 has no escapes, so the audio ends at the next quote. Anything else (an
   * {@code event_id}, other spacing) goes through the parser.
   */
  private boolean appendFast(String text) {
    for (String prefix : APPEND_PREFIXES) {
      if (!text.startsWith(prefix)) continue;
      int end = text.indexOf('"', prefix.length());
      if (end != text.length() - 2 || text.charAt(end + 1) != '}') return false;
      if (text.indexOf('\\', prefix.length()) >= 0) return false; // JSON escapes: the parser reads them
      synchronized (lock) {
        appendAudio(text.substring(prefix.length(), end), null);
      }
      return true;
    }
    return false;
  }

  private void append(JsonValue.Obj e, String eventId) {
    if (!(e.getPresent("audio") instanceof JsonValue.Str a)) {
      missing("audio", eventId);
      return;
    }
    appendAudio(a.value(), eventId);
  }

  private void appendAudio(String base64, String eventId) {
    byte[] pcm;
    try {
      pcm = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException ex) {
      sendError("invalid_request_error", "invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio", eventId);
      return;
    }
    long at = inputBytes;
    inputBytes += pcm.length;
    RealtimeSessionConfig.TurnDetection vad = session.turnDetection;
    if (vad != null) detectSpeech(pcm, at, vad);
  }

  // server VAD on energy: the harness's user speaks a tone and is silent with zeros
  private void detectSpeech(byte[] pcm, long offset, RealtimeSessionConfig.TurnDetection vad) {
    AudioFormat fmt = session.inputAudioFormat();
    int frame = Math.max(fmt.frameSize(), fmt.bytesPerSecond() / 100);
    long silenceBytes = (long) vad.silenceDurationMs() * fmt.bytesPerSecond() / 1000;
    for (int i = 0; i < pcm.length; i += frame) {
      int end = Math.min(pcm.length, i + frame);
      boolean loud = isLoud(pcm, i, end, fmt);
      long frameStart = offset + i;
      long frameEnd = offset + end;
      if (loud) {
        lastLoudEnd = frameEnd;
        if (!speaking) {
          speaking = true;
          speechStart = frameStart;
          speechItemId = fake.idsNext("item_");
          send(event("input_audio_buffer.speech_started").field("audio_start_ms", ms(speechStart, fmt))
              .field("item_id", speechItemId).endObject().toString());
          if (active != null && vad.interruptResponse()) active.cancel("turn_detected");
        }
      } else if (speaking && frameEnd - lastLoudEnd >= silenceBytes) {
        speaking = false;
        send(event("input_audio_buffer.speech_stopped").field("audio_end_ms", ms(lastLoudEnd, fmt))
            .field("item_id", speechItemId).endObject().toString());
        long from = Math.max(bufferStart, speechStart - (long) vad.prefixPaddingMs() * fmt.bytesPerSecond() / 1000);
        commitItem(speechItemId, lastLoudEnd - from, fmt);
        bufferStart = frameEnd;
        if (vad.createResponse()) startResponse(null, null, true);
      }
    }
  }

  private static boolean isLoud(byte[] pcm, int from, int to, AudioFormat fmt) {
    if (fmt.bytesPerSample() == 2) return Pcm.isLoud(pcm, from, to, 500);
    for (int i = from; i < to; i++) {
      int b = pcm[i] & 0xff;
      // G.711 silence: µ-law 0xFF/0x7F, A-law 0xD5/0x55
      if (b != 0xff && b != 0x7f && b != 0xd5 && b != 0x55) return true;
    }
    return false;
  }

  private void commit(String eventId) {
    AudioFormat fmt = session.inputAudioFormat();
    long buffered = inputBytes - bufferStart;
    if (buffered < fmt.bytesPerSecond() / 10) {
      sendError("invalid_request_error", "input_audio_buffer_commit_empty",
          "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has "
              + ms(buffered, fmt) + ".00ms of audio.", null, eventId);
      return;
    }
    String itemId = speaking ? speechItemId : fake.idsNext("item_");
    speaking = false;
    commitItem(itemId, buffered, fmt);
    bufferStart = inputBytes;
  }

  private void commitItem(String itemId, long audioBytes, AudioFormat fmt) {
    JsonWriter w = event("input_audio_buffer.committed").name("previous_item_id").value(lastItemId).field("item_id", itemId);
    send(w.endObject().toString());
    addCompletedItem(itemId, new JsonWriter().beginObject().field("id", itemId).field("object", "realtime.item")
        .field("type", "message").field("status", "completed").field("role", "user").name("content")
        .rawValue(contentAudioInput()).endObject().toString());
    pendingAudioBytes += audioBytes;
    if (session.transcriptionModel != null) {
      String transcript = fake.nextUserTranscript();
      TokenRates rates = fake.rates();
      long audioTokens = TokenRates.audioTokens(fmt.duration(audioBytes), rates.openAiInputAudioPerSecond());
      long textTokens = rates.textTokens(transcript);
      JsonWriter t = event("conversation.item.input_audio_transcription.completed").field("item_id", itemId)
          .field("content_index", 0).field("transcript", transcript).name("usage").beginObject()
          .field("type", "tokens").field("total_tokens", audioTokens + textTokens).field("input_tokens", audioTokens)
          .name("input_token_details").beginObject().field("text_tokens", 0).field("audio_tokens", audioTokens).endObject()
          .field("output_tokens", textTokens).endObject();
      send(t.endObject().toString());
    }
  }

  private String contentAudioInput() {
    return "[{\"type\":\"input_audio\",\"transcript\":null}]";
  }

  private void createItem(JsonValue.Obj e, String eventId) {
    if (!(e.getPresent("item") instanceof JsonValue.Obj item)) {
      missing("item", eventId);
      return;
    }
    String itemId = stringOr(item, "id", null);
    if (itemId == null) itemId = fake.idsNext("item_");
    String itemType = stringOr(item, "type", "message");
    String role = stringOr(item, "role", "user");
    if (itemType.equals("function_call_output")) {
      pendingText.append(stringOr(item, "output", ""));
    } else if (item.getPresent("content") instanceof JsonValue.Arr content) {
      for (JsonValue c : content.items()) {
        if (!(c instanceof JsonValue.Obj part)) continue;
        String partType = stringOr(part, "type", "");
        if (partType.equals("input_text") || partType.equals("text")) pendingText.append(stringOr(part, "text", ""));
        if (partType.equals("input_audio") && part.getPresent("audio") instanceof JsonValue.Str audio) {
          pendingAudioBytes += AudioFormat.base64DecodedLength(audio.value());
        }
      }
    }
    String content = item.getPresent("content") == null ? "[]" : RealtimeSessionConfig.raw(item.get("content"));
    JsonWriter i = new JsonWriter().beginObject().field("id", itemId);
    if (!ga) i.field("object", "realtime.item");
    i.field("type", itemType).field("status", "completed");
    if (itemType.equals("message")) i.field("role", role).name("content").rawValue(content);
    if (itemType.equals("function_call_output")) {
      i.field("call_id", stringOr(item, "call_id", "")).field("output", stringOr(item, "output", ""));
    }
    addCompletedItem(itemId, i.endObject().toString());
  }

  /** Adds a finished item to the conversation: {@code added} + {@code done} in GA, {@code created} in beta. */
  private void addCompletedItem(String itemId, String itemJson) {
    send(event(ga ? "conversation.item.added" : "conversation.item.created").name("previous_item_id").value(lastItemId)
        .name("item").rawValue(itemJson).endObject().toString());
    if (ga) {
      send(event("conversation.item.done").name("previous_item_id").value(lastItemId).name("item").rawValue(itemJson)
          .endObject().toString());
    }
    items.put(itemId, itemJson);
    lastItemId = itemId;
  }

  private void retrieveItem(JsonValue.Obj e, String eventId) {
    String itemId = stringOr(e, "item_id", null);
    if (itemId == null) {
      missing("item_id", eventId);
      return;
    }
    String item = items.get(itemId);
    if (item == null) {
      sendError("invalid_request_error", "item_not_found", "Item with item_id not found in conversation.", "item_id",
          eventId);
      return;
    }
    send(event("conversation.item.retrieved").name("item").rawValue(item).endObject().toString());
  }

  private void cancel(String responseId, String eventId) {
    if (active == null || (responseId != null && !responseId.equals(active.id))) {
      sendError("invalid_request_error", "response_cancel_not_active",
          "Cancellation failed: no active response found", null, eventId);
      return;
    }
    active.cancel("client_cancelled");
  }

  private void startResponse(JsonValue.Obj params, String eventId, boolean auto) {
    if (active != null) {
      if (auto) return;
      sendError("invalid_request_error", "conversation_already_has_active_response",
          "Conversation already has an active response in progress: " + active.id
              + ". Wait until the response is finished before creating a new one.", null, eventId);
      return;
    }
    Reply reply;
    boolean toolPhase;
    if (toolFollowUp != null) {
      reply = toolFollowUp;
      toolFollowUp = null;
      toolPhase = false;
    } else {
      reply = fake.script().next();
      toolPhase = !reply.toolCalls().isEmpty();
      if (toolPhase) toolFollowUp = reply;
    }
    List<String> modalities = session.outputModalities;
    String metadata = null;
    if (params != null) {
      JsonValue m = params.getPresent(ga ? "output_modalities" : "modalities");
      if (m instanceof JsonValue.Arr arr) {
        List<String> mods = new ArrayList<>();
        for (JsonValue v : arr.items()) mods.add(v.asString("modality"));
        modalities = mods.contains("audio") ? List.of("audio") : List.of("text");
      }
      if (params.getPresent("metadata") != null) metadata = RealtimeSessionConfig.raw(params.get("metadata"));
    }
    boolean audio = modalities.contains("audio") && reply.modality() == Reply.Modality.AUDIO;
    active = new Response(reply, toolPhase, audio, metadata);
    active.schedule();
  }

  // ---------------------------------------------------------------- one response

  private final class Response {
    final String id = fake.idsNext("resp_");
    final String itemId = fake.idsNext("item_");
    final Reply reply;
    final boolean toolPhase;
    final boolean audio;
    final String metadata;
    final AudioFormat fmt = session.outputAudioFormat();
    final Instant created = clock.now();
    final List<Scheduler.Scheduled> plan = new ArrayList<>();
    final List<String> pieces;
    final long totalAudioBytes;
    final long chunkBytes;
    final int chunks;
    final TokenUsage usage;
    final String model = session.model;
    int sent; // chunks (or text pieces) sent
    long audioSent;
    int charsSent;
    boolean finished;

    Response(Reply reply, boolean toolPhase, boolean audio, String metadata) {
      this.reply = reply;
      this.toolPhase = toolPhase;
      this.audio = audio && !toolPhase;
      this.metadata = metadata;
      TokenRates rates = fake.rates();
      Duration length = reply.audio() != null ? reply.audio() : rates.speechDuration(reply.text());
      this.totalAudioBytes = this.audio ? fmt.bytes(length) : 0;
      long cb = Math.max(fmt.frameSize(), fmt.bytes(reply.chunk()));
      this.chunkBytes = cb;
      int n;
      if (toolPhase) {
        n = 1;
      } else if (this.audio) {
        n = (int) Math.max(1, (totalAudioBytes + cb - 1) / cb);
      } else {
        n = Math.max(1, (reply.text().length() + 19) / 20);
      }
      this.chunks = n;
      this.pieces = split(reply.text(), n);
      // input: what arrived since the last response, plus the instructions
      long inputText = rates.textTokens(session.instructions) + rates.textTokens(pendingText.toString());
      long inputAudio = TokenRates.audioTokens(session.inputAudioFormat().duration(pendingAudioBytes), rates.openAiInputAudioPerSecond());
      pendingText.setLength(0);
      pendingAudioBytes = 0;
      long outText = toolPhase ? rates.textTokens(argumentsText()) : rates.textTokens(reply.text());
      long outAudio = this.audio ? TokenRates.audioTokens(fmt.duration(totalAudioBytes), rates.openAiOutputAudioPerSecond()) : 0;
      TokenUsage derived = new TokenUsage(inputText, inputAudio, 0L, 0L, 0L, 0L, outText, outAudio, 0L);
      this.usage = toolPhase ? derived : reply.usage().over(derived);
    }

    private String argumentsText() {
      StringBuilder sb = new StringBuilder();
      for (ToolCall c : reply.toolCalls()) sb.append(c.arguments());
      return sb.toString();
    }

    void schedule() {
      boolean withoutCreated = reply.has(FaultKind.DONE_WITHOUT_CREATED);
      if (!withoutCreated) start();
      Duration ttft = reply.ttft();
      Fault slow = reply.fault(FaultKind.SLOW_FIRST_BYTE);
      if (slow != null) ttft = ttft.plus(slow.delay() == null ? Duration.ofSeconds(5) : slow.delay());
      Instant first = created.plus(ttft);
      if (withoutCreated) {
        plan.add(scheduler.at(first.plus(reply.chunkGap().multipliedBy(chunks - 1)), () -> {
          synchronized (lock) {
            sent = chunks;
            audioSent = totalAudioBytes;
            charsSent = reply.text().length();
            finish("completed", null);
          }
        }));
        return;
      }
      if (toolPhase) {
        plan.add(scheduler.at(first, () -> {
          synchronized (lock) {
            if (finished) return;
            sendToolCalls();
            finish("completed", null);
          }
        }));
        return;
      }
      Fault strike = terminalFault();
      int strikeAt = strike == null ? -1 : strikeIndex(strike, ttft);
      Fault malformed = reply.fault(FaultKind.MALFORMED_FRAME);
      int malformedAt = malformed == null ? -1 : Math.min(chunks - 1, strikeIndex(malformed, ttft));
      // chunks that go out at the same instant share one action; a terminal fault replaces the done events
      int limit = strikeAt >= 0 ? strikeAt : chunks;
      if (limit == 0) {
        plan.add(scheduler.at(first, () -> {
          synchronized (lock) {
            if (!finished) strike(strike);
          }
        }));
        return;
      }
      int i = 0;
      while (i < limit) {
        final int from = i;
        final int to = reply.chunkGap().isZero() ? limit : i + 1;
        final boolean lastGroup = to == limit;
        plan.add(scheduler.at(first.plus(reply.chunkGap().multipliedBy(from)), () -> {
          synchronized (lock) {
            if (finished) return;
            for (int k = from; k < to; k++) {
              if (k == malformedAt) send("{\"type\":\"" + audioDeltaName() + "\",\"response_id\":\"" + id + "\",\"delta\":");
              sendChunk(k);
            }
            if (!lastGroup) return;
            if (strike != null) strike(strike);
            else complete();
          }
        }));
        i = to;
      }
    }

    private Fault terminalFault() {
      for (FaultKind k : List.of(FaultKind.CANCELLED_PARTIAL_USAGE, FaultKind.DISCONNECT_MID_RESPONSE, FaultKind.CLOSE,
          FaultKind.RESPONSE_FAILED)) {
        Fault f = reply.fault(k);
        if (f != null) return f;
      }
      return null;
    }

    /** The chunk before which a fault strikes: after {@code delay} of streaming, or half way. */
    private int strikeIndex(Fault f, Duration ttft) {
      if (f.kind() == FaultKind.RESPONSE_FAILED) return f.delay() == null ? 0 : index(f.delay());
      if (f.delay() == null) return chunks / 2;
      return index(f.delay());
    }

    private int index(Duration delay) {
      if (reply.chunkGap().isZero()) return delay.isZero() ? 0 : chunks / 2;
      long k = delay.toNanos() / reply.chunkGap().toNanos() + 1;
      return (int) Math.min(chunks, k);
    }

    private void start() {
      JsonWriter w = event("response.created").name("response");
      writeResponse(w, "in_progress", null, false, null);
      send(w.endObject().toString());
      send(event("rate_limits.updated").name("rate_limits").beginArray()
          .beginObject().field("name", "requests").field("limit", 1000).field("remaining", 999).field("reset_seconds", 60.0).endObject()
          .beginObject().field("name", "tokens").field("limit", 50000).field("remaining", 50000 - Math.min(49999, usage.total()))
          .field("reset_seconds", 60.0).endObject()
          .endArray().endObject().toString());
      if (toolPhase) {
        int index = 0;
        for (ToolCall c : reply.toolCalls()) {
          String callItem = index == 0 ? itemId : itemId + "_" + index;
          JsonWriter a = event("response.output_item.added").field("response_id", id).field("output_index", index);
          writeFunctionItem(a.name("item"), callItem, c, index, "in_progress", "");
          send(a.endObject().toString());
          sendItemAddedRaw(callItem, functionItemJson(callItem, c, index, "in_progress", ""));
          index++;
        }
        return;
      }
      JsonWriter a = event("response.output_item.added").field("response_id", id).field("output_index", 0);
      a.name("item").beginObject().field("id", itemId).field("object", "realtime.item").field("type", "message")
          .field("status", "in_progress").field("role", "assistant").name("content").beginArray().endArray().endObject();
      send(a.endObject().toString());
      sendAssistantItemAdded(itemId);
      JsonWriter p = event("response.content_part.added").field("response_id", id).field("item_id", itemId)
          .field("output_index", 0).field("content_index", 0).name("part").beginObject();
      if (audio) p.field("type", partType(true)).field("transcript", "");
      else p.field("type", partType(false)).field("text", "");
      send(p.endObject().endObject().toString());
    }

    private void sendChunk(int k) {
      if (audio) {
        long bytes = Math.min(chunkBytes, totalAudioBytes - audioSent);
        String delta = audio64((int) bytes);
        // sized up front: the base64 is most of the event, and growing the builder would copy it twice
        send(event(audioDeltaName(), delta.length() + 192).field("response_id", id).field("item_id", itemId)
            .field("output_index", 0).field("content_index", 0).name("delta").plainValue(delta).endObject()
            .toString());
        audioSent += bytes;
        String piece = pieces.get(k);
        if (!piece.isEmpty()) {
          send(event(ga ? "response.output_audio_transcript.delta" : "response.audio_transcript.delta")
              .field("response_id", id).field("item_id", itemId).field("output_index", 0).field("content_index", 0)
              .field("delta", piece).endObject().toString());
        }
        charsSent += piece.length();
      } else {
        String piece = pieces.get(k);
        send(event(ga ? "response.output_text.delta" : "response.text.delta").field("response_id", id)
            .field("item_id", itemId).field("output_index", 0).field("content_index", 0).field("delta", piece)
            .endObject().toString());
        charsSent += piece.length();
      }
      sent = k + 1;
    }

    private void complete() {
      String text = reply.text();
      if (audio) {
        send(event(audioDoneName()).field("response_id", id).field("item_id", itemId).field("output_index", 0)
            .field("content_index", 0).endObject().toString());
        send(event(ga ? "response.output_audio_transcript.done" : "response.audio_transcript.done").field("response_id", id)
            .field("item_id", itemId).field("output_index", 0).field("content_index", 0).field("transcript", text)
            .endObject().toString());
      } else {
        send(event(ga ? "response.output_text.done" : "response.text.done").field("response_id", id).field("item_id", itemId)
            .field("output_index", 0).field("content_index", 0).field("text", text).endObject().toString());
      }
      JsonWriter p = event("response.content_part.done").field("response_id", id).field("item_id", itemId)
          .field("output_index", 0).field("content_index", 0).name("part").beginObject();
      if (audio) p.field("type", partType(true)).field("transcript", text);
      else p.field("type", partType(false)).field("text", text);
      send(p.endObject().endObject().toString());
      JsonWriter o = event("response.output_item.done").field("response_id", id).field("output_index", 0).name("item");
      writeMessageItem(o, "completed", text);
      send(o.endObject().toString());
      if (ga) {
        JsonWriter d = event("conversation.item.done").name("previous_item_id").value(lastItemId).name("item");
        writeMessageItem(d, "completed", text);
        send(d.endObject().toString());
      }
      JsonWriter i = new JsonWriter();
      writeMessageItem(i, "completed", text);
      items.put(itemId, i.toString());
      lastItemId = itemId;
      finish("completed", null);
      if (reply.has(FaultKind.DUPLICATE_DONE)) sendDone("completed", null, reportedUsage());
    }

    private void sendToolCalls() {
      int index = 0;
      for (ToolCall c : reply.toolCalls()) {
        String callItem = index == 0 ? itemId : itemId + "_" + index;
        String callId = "call_" + callItem.substring(5);
        send(event("response.function_call_arguments.delta").field("response_id", id).field("item_id", callItem)
            .field("output_index", index).field("call_id", callId).field("delta", c.arguments()).endObject().toString());
        send(event("response.function_call_arguments.done").field("response_id", id).field("item_id", callItem)
            .field("output_index", index).field("call_id", callId).field("name", c.name()).field("arguments", c.arguments())
            .endObject().toString());
        JsonWriter o = event("response.output_item.done").field("response_id", id).field("output_index", index);
        writeFunctionItem(o.name("item"), callItem, c, index, "completed", c.arguments());
        send(o.endObject().toString());
        if (ga) {
          JsonWriter d = event("conversation.item.done").name("previous_item_id").value(lastItemId).name("item");
          writeFunctionItem(d, callItem, c, index, "completed", c.arguments());
          send(d.endObject().toString());
        }
        lastItemId = callItem;
        index++;
      }
    }

    private void strike(Fault f) {
      switch (f.kind()) {
        case CANCELLED_PARTIAL_USAGE -> cancel("client_cancelled");
        case RESPONSE_FAILED -> {
          plan.forEach(Scheduler.Scheduled::cancel);
          TokenUsage reported = partialUsage();
          finishWith("failed", "failed", f.reason() == null ? "server_error" : f.reason(), reported, true);
        }
        case DISCONNECT_MID_RESPONSE -> {
          abandon("incomplete");
          drop();
        }
        case CLOSE -> {
          abandon("incomplete");
          closeWith(f.code() == null ? 1011 : f.code(), f.reason() == null ? "Internal error occurred." : f.reason());
        }
        default -> { }
      }
    }

    /** Barge-in or {@code response.cancel}: stop, report {@code cancelled} with what was generated. */
    void cancel(String reason) {
      if (finished) return;
      plan.forEach(Scheduler.Scheduled::cancel);
      if (!toolPhase) {
        JsonWriter o = event("response.output_item.done").field("response_id", id).field("output_index", 0).name("item");
        writeMessageItem(o, "incomplete", reply.text().substring(0, Math.min(charsSent, reply.text().length())));
        send(o.endObject().toString());
      } else {
        toolFollowUp = null;
      }
      finishWith("cancelled", "cancelled", reason, partialUsage(), true);
    }

    /** The connection went away mid-response: the server bills what it generated, the client hears nothing. */
    void abandon(String status) {
      if (finished) return;
      plan.forEach(Scheduler.Scheduled::cancel);
      finished = true;
      active = null;
      bill(status, partialUsage());
    }

    private void finish(String status, String reason) {
      finishWith(status, status, reason, usage, false);
    }

    private void finishWith(String status, String detailsType, String reason, TokenUsage billed, boolean partial) {
      if (finished) return;
      finished = true;
      active = null;
      TokenUsage reported = reply.has(FaultKind.USAGE_MISSING) ? null : billed;
      // bill before the client can see the response end
      bill(status, billed);
      sendDone(status, status.equals("completed") ? null : new String[] {detailsType, reason}, reported);
    }

    private TokenUsage reportedUsage() {
      return reply.has(FaultKind.USAGE_MISSING) ? null : usage;
    }

    private TokenUsage partialUsage() {
      if (toolPhase) return new TokenUsage(usage.inputText(), usage.inputAudio(), 0L, 0L, 0L, 0L, 0L, 0L, 0L);
      long outAudio = totalAudioBytes == 0 ? 0 : n(usage.outputAudio()) * audioSent / totalAudioBytes;
      int textLength = reply.text().length();
      long outText = textLength == 0 ? 0 : n(usage.outputText()) * charsSent / textLength;
      return new TokenUsage(usage.inputText(), usage.inputAudio(), usage.inputImage(), usage.cachedText(),
          usage.cachedAudio(), usage.cachedImage(), outText, outAudio, 0L);
    }

    private void sendDone(String status, String[] details, TokenUsage reported) {
      JsonWriter w = event("response.done").name("response");
      writeResponse(w, status, details, true, reported);
      send(w.endObject().toString());
    }

    private void bill(String status, TokenUsage billed) {
      fake.ledger().record(new LedgerEntry(id, FakeOpenAiRealtime.SERVICE, fake.providerName(), model,
          Billing.REALTIME_RESPONSE, status, created, clock.now(),
          new LedgerEntry.Tokens(n(billed.inputText()), n(billed.inputAudio()), n(billed.inputImage()),
              n(billed.cachedText()), n(billed.cachedAudio()), n(billed.cachedImage()), n(billed.outputText()),
              n(billed.outputAudio()), 0),
          0, fmt.duration(audioSent)));
    }

    private void writeResponse(JsonWriter w, String status, String[] details, boolean withOutput, TokenUsage usage) {
      w.beginObject().field("object", "realtime.response").field("id", id).field("status", status);
      w.name("status_details");
      if (details == null) {
        w.nullValue();
      } else {
        w.beginObject().field("type", details[0]);
        if (details[0].equals("failed")) {
          w.name("error").beginObject().field("type", "server_error").field("code", details[1]).endObject();
        } else {
          w.field("reason", details[1]);
        }
        w.endObject();
      }
      w.name("output").beginArray();
      if (withOutput) {
        if (toolPhase) {
          int index = 0;
          for (ToolCall c : reply.toolCalls()) {
            String callItem = index == 0 ? itemId : itemId + "_" + index;
            writeFunctionItem(w, callItem, c, index, status.equals("completed") ? "completed" : "incomplete", c.arguments());
            index++;
          }
        } else {
          String text = reply.text();
          writeMessageItem(w, status.equals("completed") ? "completed" : "incomplete",
              status.equals("completed") ? text : text.substring(0, Math.min(charsSent, text.length())));
        }
      }
      w.endArray();
      if (ga) {
        w.field("conversation_id", conversationId).name("output_modalities").beginArray().value(audio ? "audio" : "text").endArray();
        w.field("max_output_tokens", "inf").name("audio").beginObject().name("output").beginObject();
        session.writeOutputFormat(w);
        w.field("voice", session.voice).endObject().endObject();
      } else {
        w.name("modalities").beginArray().value("text");
        if (audio) w.value("audio");
        w.endArray().field("voice", session.voice).field("output_audio_format", session.betaOutputFormat()).field("temperature", session.temperature)
            .field("max_output_tokens", "inf");
      }
      w.name("usage");
      if (usage == null) w.nullValue();
      else writeUsage(w, usage);
      w.name("metadata");
      if (metadata == null) w.nullValue();
      else w.rawValue(metadata);
      w.endObject();
    }

    private void writeMessageItem(JsonWriter w, String status, String text) {
      w.beginObject().field("id", itemId).field("object", "realtime.item").field("type", "message").field("status", status)
          .field("role", "assistant").name("content").beginArray().beginObject();
      if (audio) w.field("type", ga ? "output_audio" : "audio").field("transcript", text);
      else w.field("type", ga ? "output_text" : "text").field("text", text);
      w.endObject().endArray().endObject();
    }

    private void writeFunctionItem(JsonWriter w, String callItem, ToolCall c, int index, String status, String arguments) {
      w.beginObject().field("id", callItem).field("object", "realtime.item").field("type", "function_call")
          .field("status", status).field("name", c.name()).field("call_id", "call_" + callItem.substring(5))
          .field("arguments", arguments).endObject();
    }

    private String functionItemJson(String callItem, ToolCall c, int index, String status, String arguments) {
      JsonWriter w = new JsonWriter();
      writeFunctionItem(w, callItem, c, index, status, arguments);
      return w.toString();
    }
  }

  // ---------------------------------------------------------------- frames

  private static void writeUsage(JsonWriter w, TokenUsage u) {
    w.beginObject();
    w.field("total_tokens", u.total()).field("input_tokens", u.input()).field("output_tokens", u.output());
    w.name("input_token_details").beginObject().field("text_tokens", n(u.inputText())).field("audio_tokens", n(u.inputAudio()))
        .field("image_tokens", n(u.inputImage())).field("cached_tokens", u.cached())
        .name("cached_tokens_details").beginObject().field("text_tokens", n(u.cachedText()))
        .field("audio_tokens", n(u.cachedAudio())).field("image_tokens", n(u.cachedImage())).endObject().endObject();
    w.name("output_token_details").beginObject().field("text_tokens", n(u.outputText()))
        .field("audio_tokens", n(u.outputAudio())).endObject();
    w.endObject();
  }

  /** The assistant's item as a response opens it: in progress, no content yet. */
  private void sendAssistantItemAdded(String itemId) {
    JsonWriter w = event(ga ? "conversation.item.added" : "conversation.item.created");
    w.name("previous_item_id").value(lastItemId).name("item").beginObject().field("id", itemId);
    w.field("object", "realtime.item").field("type", "message").field("status", "in_progress").field("role", "assistant")
        .name("content").beginArray().endArray().endObject();
    send(w.endObject().toString());
  }

  private void sendItemAddedRaw(String itemId, String itemJson) {
    JsonWriter w = event(ga ? "conversation.item.added" : "conversation.item.created");
    w.name("previous_item_id").value(lastItemId).name("item").rawValue(itemJson);
    send(w.endObject().toString());
  }

  private String partType(boolean audio) {
    if (!ga) return audio ? "audio" : "text";
    if (fake.prefixedPartTypes) return audio ? "output_audio" : "output_text";
    return audio ? "audio" : "text";
  }

  private String audioDeltaName() {
    return ga ? "response.output_audio.delta" : "response.audio.delta";
  }

  private String audioDoneName() {
    return ga ? "response.output_audio.done" : "response.audio.done";
  }

  /** Base64 of {@code bytes} of the reply's audio: a tone for PCM, G.711 silence otherwise; cached per size. */
  private String audio64(int bytes) {
    AudioFormat fmt = session.outputAudioFormat();
    if (fmt.bytesPerSample() == 2) {
      return tone64.computeIfAbsent(bytes, b -> Base64.getEncoder().encodeToString(Pcm.tone(fmt.sampleRate(), b)));
    }
    return silence64.computeIfAbsent(bytes, b -> {
      byte[] s = new byte[b];
      java.util.Arrays.fill(s, fmt.encoding().equals("pcm_mulaw") ? (byte) 0xff : (byte) 0xd5);
      return Base64.getEncoder().encodeToString(s);
    });
  }

  private JsonWriter event(String type) {
    return event(type, 256);
  }

  private JsonWriter event(String type, int capacity) {
    return new JsonWriter(new StringBuilder(capacity)).beginObject().field("type", type)
        .field("event_id", fake.idsNext("event_"));
  }

  private void sendError(String type, String code, String message, String param, String clientEventId) {
    JsonWriter w = event("error").name("error").beginObject().field("type", type).name("code").value(code)
        .field("message", message).name("param").value(param).name("event_id").value(clientEventId).endObject();
    send(w.endObject().toString());
  }

  private void missing(String param, String eventId) {
    sendError("invalid_request_error", "missing_required_parameter", "Missing required parameter: '" + param + "'.",
        param, eventId);
  }

  private static String stringOr(JsonValue.Obj o, String key, String fallback) {
    return o.getPresent(key) instanceof JsonValue.Str s ? s.value() : fallback;
  }

  private static long ms(long bytes, AudioFormat fmt) {
    return bytes * 1000 / fmt.bytesPerSecond();
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }

  /** Splits {@code text} into {@code n} consecutive pieces (some may be empty) that join back to it. */
  static List<String> split(String text, int n) {
    List<String> out = new ArrayList<>(n);
    int len = text.length();
    for (int i = 0; i < n; i++) {
      int from = (int) ((long) len * i / n);
      int to = (int) ((long) len * (i + 1) / n);
      out.add(text.substring(from, to));
    }
    return out;
  }
}
