package dev.agentharness.fake.gemini;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeWebSocket;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okio.ByteString;

/** One Gemini Live WebSocket: the protocol state machine of the fake. */
final class GeminiConnection extends FakeWebSocket {

  private static final Set<String> CLIENT_MESSAGES = Set.of("setup", "clientContent", "realtimeInput", "toolResponse");
  private static final String OUTPUT_MIME = "audio/pcm;rate=24000";
  private static final AudioFormat OUTPUT = AudioFormat.PCM16_24K;
  private static final Duration DEFAULT_TIME_LEFT = Duration.ofSeconds(10);
  /** The close after a goAway: gRPC ABORTED as a WebSocket close (observed through a proxy; see the docs). */
  static final int GO_AWAY_CODE = 1008;
  static final String GO_AWAY_REASON = "The operation was aborted.";
  static final int INTERNAL_CODE = 1011;
  static final String INTERNAL_REASON = "Internal error occurred.";

  private final FakeGeminiLive fake;
  private final boolean authorized;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final Object lock = new Object();
  private final Map<Integer, String> tone64 = new HashMap<>();
  private final List<Scheduler.Scheduled> timed = new ArrayList<>();

  // all below guarded by lock
  private boolean closing;
  private GeminiSetup setup;
  // input audio: offsets in the current input format, for speech detection
  private AudioFormat inputFormat = AudioFormat.PCM16_16K;
  private long inputBytes;
  private long lastLoudEnd;
  private boolean speaking;
  // input since the last model turn started
  private final AudioTally pendingAudio = new AudioTally();
  private final StringBuilder pendingText = new StringBuilder();
  private Turn active;
  private boolean turnQueued;
  /** The true usage of every turn reported so far on this connection (for usage-cumulative). */
  private TokenUsage running = GeminiUsage.ZERO;

  GeminiConnection(FakeGeminiLive fake, Link link, boolean authorized) {
    super(link);
    this.fake = fake;
    this.authorized = authorized;
    this.clock = fake.clock();
    this.scheduler = clock.scheduler(FakeGeminiLive.SERVICE + "/" + link.id());
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  protected void opened() {
    synchronized (lock) {
      if (!authorized) {
        closeNow(1008, FakeGeminiLive.INVALID_KEY);
        return;
      }
      for (TimedFault f : fake.timedFaults()) {
        Instant at = clock.origin().plus(f.at());
        if (at.isBefore(clock.now())) continue;
        timed.add(scheduler.at(at, () -> strikeTimed(f.fault())));
      }
    }
  }

  @Override
  protected void closed(int code, String reason) {
    synchronized (lock) {
      closing = true;
      timed.forEach(Scheduler.Scheduled::cancel);
      if (active != null) active.abandon();
    }
    fake.forget(this);
  }

  void dropNow() {
    drop();
  }

  private void strikeTimed(Fault f) {
    synchronized (lock) {
      if (closing) return;
      switch (f.kind()) {
        case GO_AWAY -> goAway(f);
        case CLOSE -> closeAbandoning(f);
        case DISCONNECT_MID_RESPONSE -> dropAbandoning();
        default -> { }
      }
    }
  }

  private void goAway(Fault f) {
    Duration left = f.delay() != null ? f.delay() : DEFAULT_TIME_LEFT;
    sendJson("{\"goAway\":{\"timeLeft\":" + Json.quote(Proto.duration(left)) + "}}");
    timed.add(scheduler.after(left, () -> {
      synchronized (lock) {
        if (closing) return;
        if (active != null) active.abandon();
        closeNow(f.code() != null ? f.code() : GO_AWAY_CODE, f.reason() != null ? f.reason() : GO_AWAY_REASON);
      }
    }));
  }

  private void closeAbandoning(Fault f) {
    if (active != null) active.abandon();
    closeNow(f.code() != null ? f.code() : INTERNAL_CODE, f.reason() != null ? f.reason() : INTERNAL_REASON);
  }

  private void dropAbandoning() {
    if (active != null) active.abandon();
    closing = true;
    drop();
  }

  private void closeNow(int code, String reason) {
    closing = true;
    closeWith(code, reason);
  }

  /** What the Live API does with a message it cannot accept: close 1007. */
  private void invalid() {
    if (closing) return;
    if (active != null) active.abandon();
    closeNow(1007, FakeGeminiLive.INVALID_ARGUMENT);
  }

  private void sendJson(String json) {
    if (fake.binaryFrames) send(ByteString.encodeUtf8(json));
    else send(json);
  }

  // ---------------------------------------------------------------- client messages

  @Override
  protected void onText(String text) {
    receive(text);
  }

  @Override
  protected void onBinary(ByteString bytes) {
    receive(bytes.utf8());
  }

  private void receive(String text) {
    synchronized (lock) {
      if (closing || !authorized) return;
      JsonValue.Obj message;
      try {
        message = Json.parseObject(text);
      } catch (JsonException e) {
        invalid();
        return;
      }
      // exactly one of setup, clientContent, realtimeInput, toolResponse, in either spelling
      if (message.members().size() != 1) {
        invalid();
        return;
      }
      JsonValue.Member m = message.members().get(0);
      String kind = Proto.camel(m.key());
      if (!CLIENT_MESSAGES.contains(kind) || !(m.value() instanceof JsonValue.Obj body)) {
        invalid();
        return;
      }
      if (setup == null && !kind.equals("setup")) {
        invalid();
        return;
      }
      try {
        switch (kind) {
          case "setup" -> setup(body);
          case "clientContent" -> clientContent(body);
          case "realtimeInput" -> realtimeInput(body);
          default -> toolResponse(body);
        }
      } catch (JsonException e) {
        invalid();
      }
    }
  }

  private void setup(JsonValue.Obj body) {
    if (setup != null) {
      invalid();
      return;
    }
    GeminiSetup s = GeminiSetup.parse(body, fake.silenceDuration);
    if (s == null) {
      invalid();
      return;
    }
    setup = s;
    sendJson("{\"setupComplete\":{}}");
  }

  private void clientContent(JsonValue.Obj body) {
    JsonValue.Arr turns = Proto.arr(body, "turns");
    if (turns != null) {
      for (JsonValue t : turns.items()) {
        if (!(t instanceof JsonValue.Obj content)) {
          invalid();
          return;
        }
        pendingText.append(GeminiSetup.partsText(content));
        JsonValue.Arr parts = Proto.arr(content, "parts");
        if (parts == null) continue;
        for (JsonValue p : parts.items()) {
          JsonValue.Obj blob = p instanceof JsonValue.Obj part ? Proto.obj(part, "inlineData") : null;
          if (blob != null && !blob(blob, false)) return;
        }
      }
    }
    // any client content interrupts the current generation
    if (active != null && !setup.noInterruption) active.interrupt();
    if (Proto.bool(body, "turnComplete")) startTurn(false);
  }

  private void realtimeInput(JsonValue.Obj body) {
    for (JsonValue.Member m : body.members()) {
      if (m.value().isNull()) continue;
      switch (Proto.camel(m.key())) {
        case "audio" -> {
          if (!(m.value() instanceof JsonValue.Obj blob) || !blob(blob, true)) {
            invalid();
            return;
          }
        }
        case "mediaChunks" -> {
          if (!(m.value() instanceof JsonValue.Arr chunks)) {
            invalid();
            return;
          }
          for (JsonValue c : chunks.items()) {
            if (!(c instanceof JsonValue.Obj blob) || !blob(blob, true)) {
              invalid();
              return;
            }
          }
        }
        case "text" -> {
          pendingText.append(m.value().asString("text"));
          if (setup.automaticActivityDetection) {
            if (active != null && !setup.noInterruption) active.interrupt();
            startTurn(false);
          }
        }
        case "audioStreamEnd" -> {
          if (m.value().asBoolean("audioStreamEnd") && speaking && setup.automaticActivityDetection) {
            speaking = false;
            startTurn(true);
          }
        }
        case "activityStart" -> {
          if (setup.automaticActivityDetection) {
            invalid();
            return;
          }
          speaking = true;
          if (active != null && !setup.noInterruption) active.interrupt();
        }
        case "activityEnd" -> {
          if (setup.automaticActivityDetection) {
            invalid();
            return;
          }
          speaking = false;
          startTurn(true);
        }
        default -> { } // video and fields the fake does not model
      }
      if (closing) return;
    }
  }

  /**
   * One {@code Blob} ({@code data}, {@code mimeType}). Audio is PCM16 at the rate in the MIME type (16 kHz
   * when none is given); other media are accepted and not billed.
   *
   * @return false when the blob is invalid (the connection is then closing)
   */
  private boolean blob(JsonValue.Obj blob, boolean realtime) {
    String data = Proto.str(blob, "data");
    String mime = Proto.str(blob, "mimeType");
    if (data == null) {
      invalid();
      return false;
    }
    if (mime == null) mime = "audio/pcm;rate=16000";
    if (!mime.toLowerCase(Locale.ROOT).startsWith("audio/pcm")) return true;
    AudioFormat fmt = AudioFormat.pcm16(rate(mime));
    byte[] pcm;
    try {
      pcm = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      invalid();
      return false;
    }
    pendingAudio.add(fmt, pcm.length);
    if (realtime) detectSpeech(pcm, fmt);
    return true;
  }

  private static int rate(String mime) {
    for (String param : mime.split(";")) {
      String p = param.trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("rate=")) {
        try {
          int r = Integer.parseInt(p.substring(5).trim());
          if (r > 0) return r;
        } catch (NumberFormatException e) {
          // fall through to the default
        }
      }
    }
    return 16_000;
  }

  // automatic activity detection on energy: the harness's user speaks a tone and is silent with zeros
  private void detectSpeech(byte[] pcm, AudioFormat fmt) {
    if (!fmt.equals(inputFormat)) {
      inputFormat = fmt;
      inputBytes = 0;
      lastLoudEnd = 0;
    }
    long offset = inputBytes;
    inputBytes += pcm.length;
    if (!setup.automaticActivityDetection) return;
    int frame = Math.max(fmt.frameSize(), fmt.bytesPerSecond() / 100 / fmt.frameSize() * fmt.frameSize());
    long silenceBytes = fmt.bytes(setup.silenceDuration);
    for (int i = 0; i < pcm.length && !closing; i += frame) {
      int end = Math.min(pcm.length, i + frame);
      long frameEnd = offset + end;
      if (Pcm.isLoud(pcm, i, end, 500)) {
        lastLoudEnd = frameEnd;
        if (!speaking) {
          speaking = true;
          if (active != null && !setup.noInterruption) active.interrupt();
        }
      } else if (speaking && frameEnd - lastLoudEnd >= silenceBytes) {
        speaking = false;
        startTurn(true);
      }
    }
  }

  private void toolResponse(JsonValue.Obj body) {
    JsonValue.Arr responses = Proto.arr(body, "functionResponses");
    StringBuilder text = new StringBuilder();
    if (responses != null) {
      for (JsonValue r : responses.items()) {
        if (!(r instanceof JsonValue.Obj fr)) {
          invalid();
          return;
        }
        JsonValue response = Proto.get(fr, "response");
        if (response != null) text.append(Proto.raw(response));
      }
    }
    if (active != null && active.awaitingTool) active.toolResponded(text.toString());
    else pendingText.append(text);
  }

  /** A model turn starts: the user stopped speaking, a turn was completed, or activity ended. */
  private void startTurn(boolean fromAudio) {
    if (closing) return;
    if (active != null) {
      if (setup.noInterruption) {
        turnQueued = true;
        return;
      }
      active.interrupt();
    }
    Reply reply = fake.script().next();
    active = new Turn(reply, fromAudio);
    active.start();
  }

  // ---------------------------------------------------------------- one model turn

  private final class Turn {
    final String id = fake.nextTurnId();
    final Reply reply;
    final boolean audio;
    final Instant created = clock.now();
    final Duration inputAudio;
    final String inputText;
    final String userTranscript;
    final StringBuilder toolText = new StringBuilder();
    final List<Scheduler.Scheduled> plan = new ArrayList<>();
    final List<String> callIds = new ArrayList<>();
    final long totalAudioBytes;
    final long chunkBytes;
    final int chunks;
    final List<String> pieces;
    boolean toolCallsSent;
    boolean awaitingTool;
    long audioSent;
    int charsSent;
    boolean finished;

    Turn(Reply reply, boolean fromAudio) {
      this.reply = reply;
      this.audio = !setup.textResponses && reply.modality() == Reply.Modality.AUDIO;
      this.inputAudio = pendingAudio.total();
      this.inputText = pendingText.toString();
      pendingAudio.clear();
      pendingText.setLength(0);
      boolean heard = fromAudio && setup.inputTranscription && !inputAudio.isZero();
      this.userTranscript = heard ? fake.nextUserTranscript() : null;
      Duration length = reply.audio() != null ? reply.audio() : fake.rates().speechDuration(reply.text());
      this.totalAudioBytes = audio ? OUTPUT.bytes(length) : 0;
      this.chunkBytes = Math.max(OUTPUT.frameSize(), OUTPUT.bytes(reply.chunk()));
      int n;
      if (audio) n = (int) Math.max(1, (totalAudioBytes + chunkBytes - 1) / chunkBytes);
      else n = Math.max(1, (reply.text().length() + 19) / 20);
      this.chunks = n;
      this.pieces = split(reply.text(), n);
    }

    void start() {
      Fault goAway = reply.fault(FaultKind.GO_AWAY);
      if (goAway != null) goAway(goAway);
      if (userTranscript != null) {
        sendJson(new JsonWriter().beginObject().name("serverContent").beginObject().name("inputTranscription")
            .beginObject().field("text", userTranscript).endObject().endObject().endObject().toString());
      }
      Duration ttft = reply.ttft();
      Fault slow = reply.fault(FaultKind.SLOW_FIRST_BYTE);
      if (slow != null) ttft = ttft.plus(slow.delay() == null ? Duration.ofSeconds(5) : slow.delay());
      Instant first = created.plus(ttft);
      if (!reply.toolCalls().isEmpty()) {
        plan.add(scheduler.at(first, () -> {
          synchronized (lock) {
            if (!finished) sendToolCall();
          }
        }));
      } else {
        scheduleContent(first, ttft);
      }
    }

    private void sendToolCall() {
      JsonWriter w = new JsonWriter().beginObject().name("toolCall").beginObject().name("functionCalls").beginArray();
      for (ToolCall c : reply.toolCalls()) {
        String callId = fake.idsNext("function-call-", 20);
        callIds.add(callId);
        w.beginObject().field("id", callId).field("name", c.name()).name("args").rawValue(argsJson(c)).endObject();
      }
      sendJson(w.endArray().endObject().endObject().toString());
      toolCallsSent = true;
      awaitingTool = true;
    }

    void toolResponded(String responseText) {
      awaitingTool = false;
      toolText.append(responseText);
      scheduleContent(clock.now().plus(reply.ttft()), reply.ttft());
    }

    private void scheduleContent(Instant first, Duration ttft) {
      Fault strike = terminalFault();
      int strikeAt = strike == null ? -1 : strikeIndex(strike);
      Fault malformed = reply.fault(FaultKind.MALFORMED_FRAME);
      int malformedAt = malformed == null ? -1 : Math.min(chunks - 1, strikeIndex(malformed));
      int limit = strikeAt >= 0 ? strikeAt : chunks;
      if (limit == 0) {
        plan.add(scheduler.at(first, () -> {
          synchronized (lock) {
            if (!finished) strike(strike);
          }
        }));
        return;
      }
      // chunks that go out at the same instant share one action; a terminal fault replaces the end of the turn
      int i = 0;
      while (i < limit) {
        final int from = i;
        final int to = reply.chunkGap().isZero() ? limit : i + 1;
        final boolean lastGroup = to == limit;
        plan.add(scheduler.at(first.plus(reply.chunkGap().multipliedBy(from)), () -> {
          synchronized (lock) {
            if (finished) return;
            for (int k = from; k < to; k++) {
              if (k == malformedAt) {
                sendJson("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"" + OUTPUT_MIME
                    + "\",\"data\":");
              }
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
      for (FaultKind k : List.of(FaultKind.DISCONNECT_MID_RESPONSE, FaultKind.CLOSE,
          FaultKind.CANCELLED_PARTIAL_USAGE)) {
        Fault f = reply.fault(k);
        if (f != null) return f;
      }
      return null;
    }

    /** The chunk before which a fault strikes: after {@code delay} of streaming, or half way. */
    private int strikeIndex(Fault f) {
      if (f.delay() == null) return chunks / 2;
      if (reply.chunkGap().isZero()) return f.delay().isZero() ? 0 : chunks / 2;
      long k = f.delay().toNanos() / reply.chunkGap().toNanos() + 1;
      return (int) Math.min(chunks, k);
    }

    private void strike(Fault f) {
      switch (f.kind()) {
        case DISCONNECT_MID_RESPONSE -> dropAbandoning();
        case CLOSE -> closeAbandoning(f);
        case CANCELLED_PARTIAL_USAGE -> interrupt();
        default -> { }
      }
    }

    private void sendChunk(int k) {
      String piece = pieces.get(k);
      if (audio) {
        long bytes = Math.min(chunkBytes, totalAudioBytes - audioSent);
        if (bytes > 0) {
          sendJson("{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"" + OUTPUT_MIME
              + "\",\"data\":\"" + audio64((int) bytes) + "\"}}]}}}");
        }
        audioSent += bytes;
        if (setup.outputTranscription && !piece.isEmpty()) {
          sendJson(new JsonWriter().beginObject().name("serverContent").beginObject().name("outputTranscription")
              .beginObject().field("text", piece).endObject().endObject().endObject().toString());
        }
      } else {
        sendJson(new JsonWriter().beginObject().name("serverContent").beginObject().name("modelTurn").beginObject()
            .name("parts").beginArray().beginObject().field("text", piece).endObject().endArray().endObject()
            .endObject().endObject().toString());
      }
      charsSent += piece.length();
    }

    private void complete() {
      sendJson("{\"serverContent\":{\"generationComplete\":true}}");
      finish("completed", usage(), false);
    }

    /** Barge-in, or client content during generation: {@code interrupted}, then {@code turnComplete}. */
    void interrupt() {
      if (finished) return;
      finish("cancelled", partialUsage(), true);
    }

    /** The connection went away: the server bills what it generated; the client hears nothing more. */
    void abandon() {
      if (finished) return;
      finished = true;
      plan.forEach(Scheduler.Scheduled::cancel);
      active = null;
      bill("incomplete", partialUsage());
    }

    private void finish(String status, TokenUsage truth, boolean interrupted) {
      finished = true;
      plan.forEach(Scheduler.Scheduled::cancel);
      active = null;
      if (interrupted) {
        if (awaitingTool) {
          JsonWriter w = new JsonWriter().beginObject().name("toolCallCancellation").beginObject().name("ids")
              .beginArray();
          for (String callId : callIds) w.value(callId);
          sendJson(w.endArray().endObject().endObject().toString());
        }
        sendJson("{\"serverContent\":{\"interrupted\":true}}");
      }
      // bill before the client can see the turn end
      bill(status, truth);
      report(truth);
      if (setup.sessionResumption) {
        sendJson(new JsonWriter().beginObject().name("sessionResumptionUpdate").beginObject()
            .field("newHandle", fake.idsNext("", 43)).field("resumable", true).endObject().endObject().toString());
      }
      if (turnQueued) {
        turnQueued = false;
        startTurn(true);
      }
    }

    /** {@code turnComplete} with the turn's usage, as the reply's faults distort it. */
    private void report(TokenUsage truth) {
      running = GeminiUsage.plus(running, truth);
      if (reply.has(FaultKind.USAGE_MISSING)) {
        sendJson("{\"serverContent\":{\"turnComplete\":true}}");
        return;
      }
      TokenUsage reported = reply.has(FaultKind.USAGE_CUMULATIVE) ? running : truth;
      GeminiUsage.Style style = new GeminiUsage.Style(reply.has(FaultKind.TEXT_MODALITY_ONLY),
          reply.has(FaultKind.OMIT_ZERO_MODALITIES));
      String metadata = GeminiUsage.metadata(reported, audio, style);
      Fault repeated = reply.fault(FaultKind.USAGE_REPEATED);
      int times = repeated == null ? 1 : Math.max(1, repeated.times() == null ? 2 : repeated.times());
      for (int i = 1; i < times; i++) sendJson("{\"usageMetadata\":" + metadata + "}");
      sendJson("{\"serverContent\":{\"turnComplete\":true},\"usageMetadata\":" + metadata + "}");
    }

    /** What the whole turn bills: derived from its input and output, overridden by the reply's usage. */
    TokenUsage usage() {
      TokenRates rates = fake.rates();
      long inText = rates.textTokens(setup.systemInstruction) + rates.textTokens(inputText + toolText);
      long inAudio = TokenRates.audioTokens(inputAudio, rates.geminiInputAudioPerSecond());
      long outText = argsTokens();
      if (!audio || !setup.nativeAudio()) outText += rates.textTokens(reply.text());
      long outAudio = audio
          ? TokenRates.audioTokens(OUTPUT.duration(totalAudioBytes), rates.geminiOutputAudioPerSecond()) : 0;
      TokenUsage derived = new TokenUsage(inText, inAudio, 0L, 0L, 0L, 0L, outText, outAudio, 0L);
      return reply.usage().over(derived);
    }

    private long argsTokens() {
      if (reply.toolCalls().isEmpty()) return 0;
      StringBuilder sb = new StringBuilder();
      for (ToolCall c : reply.toolCalls()) sb.append(c.arguments());
      return fake.rates().textTokens(sb.toString());
    }

    /** The usage of what was generated so far: all of the input, the part of the output that went out. */
    TokenUsage partialUsage() {
      TokenUsage u = usage();
      long outText = GeminiUsage.n(u.outputText());
      long args = toolCallsSent ? Math.min(outText, argsTokens()) : 0;
      long spoken = outText - (reply.toolCalls().isEmpty() ? 0 : Math.min(outText, argsTokens()));
      long textLength = reply.text().length();
      long partText = args + (textLength == 0 ? 0 : spoken * charsSent / textLength);
      long partAudio = totalAudioBytes == 0 ? 0 : GeminiUsage.n(u.outputAudio()) * audioSent / totalAudioBytes;
      return new TokenUsage(u.inputText(), u.inputAudio(), u.inputImage(), u.cachedText(), u.cachedAudio(),
          u.cachedImage(), partText, partAudio, u.reasoning());
    }

    private void bill(String status, TokenUsage billed) {
      fake.ledger().record(new LedgerEntry(id, FakeGeminiLive.SERVICE, fake.providerName(), setup.model,
          Billing.REALTIME_RESPONSE, status, created, clock.now(),
          new LedgerEntry.Tokens(GeminiUsage.n(billed.inputText()), GeminiUsage.n(billed.inputAudio()),
              GeminiUsage.n(billed.inputImage()), GeminiUsage.n(billed.cachedText()),
              GeminiUsage.n(billed.cachedAudio()), GeminiUsage.n(billed.cachedImage()),
              GeminiUsage.n(billed.outputText()), GeminiUsage.n(billed.outputAudio()),
              GeminiUsage.n(billed.reasoning())),
          0, OUTPUT.duration(audioSent)));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The arguments of a call as a JSON object; arguments that are not a JSON object are wrapped. */
  private static String argsJson(ToolCall c) {
    try {
      if (Json.parse(c.arguments()) instanceof JsonValue.Obj) return c.arguments();
    } catch (JsonException e) {
      // wrapped below
    }
    return "{\"value\":" + Json.quote(c.arguments()) + "}";
  }

  /** Base64 of {@code bytes} of 24 kHz tone; cached per size. */
  private String audio64(int bytes) {
    return tone64.computeIfAbsent(bytes, b -> Base64.getEncoder().encodeToString(Pcm.tone(OUTPUT.sampleRate(), b)));
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

  /** Audio received, exactly: bytes per format, so that no rounding is lost across chunks. */
  private static final class AudioTally {
    private final Map<AudioFormat, Long> bytes = new HashMap<>();

    void add(AudioFormat fmt, long n) {
      bytes.merge(fmt, n, Long::sum);
    }

    Duration total() {
      Duration d = Duration.ZERO;
      for (Map.Entry<AudioFormat, Long> e : bytes.entrySet()) d = d.plus(e.getKey().duration(e.getValue()));
      return d;
    }

    void clear() {
      bytes.clear();
    }
  }
}
