package dev.agentharness.fake.elevenlabs;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeWebSocket;
import dev.agentharness.fake.Requests;
import dev.agentharness.fake.SpeechAudio;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * One {@code stream-input} WebSocket: the init message, buffered text, the segments it synthesizes, the
 * inactivity timeout, and {@code {"isFinal":true}} after the end of input.
 */
final class StreamInputConnection extends FakeWebSocket {

  static final List<Integer> DEFAULT_SCHEDULE = List.of(120, 160, 250, 290);
  private static final int MAX_INACTIVITY_SECONDS = 180;

  private final FakeElevenLabs fake;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final AudioFormat fmt;
  private final SpeechAudio speech;
  private final String model;
  private final Duration inactivity;
  private final Object lock = new Object();

  // guarded by lock
  private boolean authorized;
  private boolean initialized;
  private boolean inputEnded;
  private boolean terminated;
  private final StringBuilder buffer = new StringBuilder();
  private List<Integer> schedule = DEFAULT_SCHEDULE;
  private int generated;
  private Instant streamFreeAt;
  private Scheduler.Scheduled inactivityTimer;
  private final List<Segment> segments = new ArrayList<>();
  private final List<Scheduler.Scheduled> timed = new ArrayList<>();

  private StreamInputConnection(FakeElevenLabs fake, Link link, AudioFormat fmt, String model, Duration inactivity,
      boolean authorized) {
    super(link);
    this.fake = fake;
    this.clock = fake.clock();
    this.scheduler = clock.scheduler(FakeElevenLabs.SERVICE + "/" + link.id());
    this.fmt = fmt;
    this.speech = new SpeechAudio(fmt);
    this.model = model;
    this.inactivity = inactivity;
    this.authorized = authorized;
    this.streamFreeAt = clock.now();
  }

  /** Checks the handshake and upgrades, or refuses with ElevenLabs' HTTP error. */
  static MockResponse upgrade(FakeElevenLabs fake, RecordedRequest request, Link link, String voiceId) {
    String headerKey = Requests.header(request, "xi-api-key");
    String queryAuth = Requests.query(request, "authorization");
    boolean authorized = fake.keyOk(headerKey) || fake.keyOk(bearer(queryAuth));
    if ((headerKey != null || queryAuth != null) && !authorized) {
      return ElevenLabsErrors.unauthorized(headerKey != null ? headerKey : queryAuth, fake.nextId());
    }
    String formatName =
        Objects.requireNonNullElse(Requests.query(request, "output_format"), OutputFormats.HTTP_DEFAULT);
    String refusal = OutputFormats.refusal(formatName);
    if (refusal != null) {
      return ElevenLabsErrors.validation(List.of("query", "output_format"), refusal,
          OutputFormats.KNOWN.contains(formatName) ? "value_error" : "enum");
    }
    Duration inactivity = FakeElevenLabs.DEFAULT_INACTIVITY_TIMEOUT;
    String timeout = Requests.query(request, "inactivity_timeout");
    if (timeout != null) {
      int seconds;
      try {
        seconds = Integer.parseInt(timeout.trim());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (seconds < 1 || seconds > MAX_INACTIVITY_SECONDS) {
        return ElevenLabsErrors.validation(List.of("query", "inactivity_timeout"),
            "Input should be a whole number of seconds from 1 to " + MAX_INACTIVITY_SECONDS, "int_parsing");
      }
      inactivity = Duration.ofSeconds(seconds);
    }
    String model = Objects.requireNonNullElse(Requests.query(request, "model_id"), fake.defaultModel);
    MockResponse refused = scriptedRefusal(fake);
    if (refused != null) return refused;
    StreamInputConnection c = new StreamInputConnection(fake, link, OutputFormats.served(formatName), model, inactivity,
        authorized);
    fake.track(c);
    return new MockResponse.Builder().webSocketUpgrade(c).build();
  }

  /** A handshake fault on the next scripted reply refuses the upgrade (and uses the reply up). */
  private static MockResponse scriptedRefusal(FakeElevenLabs fake) {
    synchronized (fake.script()) {
      Reply next = fake.script().peek();
      Fault f401 = FakeElevenLabs.ttsFault(next, FaultKind.HTTP_401);
      Fault f429 = FakeElevenLabs.ttsFault(next, FaultKind.HTTP_429);
      Fault f500 = FakeElevenLabs.ttsFault(next, FaultKind.HTTP_500);
      if (f401 == null && f429 == null && f500 == null) return null;
      fake.script().next();
      String traceId = fake.nextId();
      if (f401 != null) return ElevenLabsErrors.detail(401, "invalid_api_key", "Invalid API key", traceId);
      if (f429 != null) {
        return ElevenLabsErrors.tooManyConcurrentRequests(f429.delay() == null ? 1 : f429.delay().toSeconds(), traceId);
      }
      return ElevenLabsErrors.serverError(traceId);
    }
  }

  /** {@code Bearer <key>} or a bare key; {@code null} stays {@code null}. */
  private static String bearer(String value) {
    if (value == null) return null;
    return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  protected void opened() {
    synchronized (lock) {
      // read the time once: with a foreign client the clock may jump to the first action scheduled here
      Instant now = clock.now();
      for (TimedFault f : fake.timedFaults()) {
        if (f.fault().target() != FaultKind.Target.TTS) continue;
        Instant at = clock.origin().plus(f.at());
        if (at.isBefore(now)) continue;
        timed.add(scheduler.at(at, () -> strikeTimed(f.fault())));
      }
      inactivityTimer = scheduler.at(now.plus(inactivity), this::inactive);
    }
  }

  @Override
  protected void closed(int code, String reason) {
    synchronized (lock) {
      terminated = true;
      cancelTimers();
      // the client went away mid-segment: the characters were billed all the same
      for (Segment s : List.copyOf(segments)) s.abandon("cancelled");
    }
    fake.forget(this);
  }

  void dropNow() {
    synchronized (lock) {
      terminated = true;
      cancelTimers();
      for (Segment s : List.copyOf(segments)) s.abandon("incomplete");
    }
    drop();
  }

  private void cancelTimers() {
    if (inactivityTimer != null) inactivityTimer.cancel();
    timed.forEach(Scheduler.Scheduled::cancel);
  }

  private void resetInactivity() {
    if (inactivityTimer != null) inactivityTimer.cancel();
    inactivityTimer = scheduler.after(inactivity, this::inactive);
  }

  private void inactive() {
    synchronized (lock) {
      if (terminated || inputEnded) return;
      fail("input_timeout_exceeded", "Have not received a new text input within the timeout of "
          + Json.pythonFloat(inactivity.toMillis() / 1000.0) + " seconds. Streaming input terminated.");
    }
  }

  /** Sends an error frame and closes with 1008, as ElevenLabs does. */
  private void fail(String error, String message) {
    terminated = true;
    cancelTimers();
    for (Segment s : List.copyOf(segments)) s.abandon("incomplete");
    send(ElevenLabsErrors.wsError(error, message));
    closeWith(1008, reason(message, error));
  }

  private void strikeTimed(Fault f) {
    synchronized (lock) {
      if (terminated) return;
      if (f.kind() == FaultKind.CLOSE) {
        terminate("incomplete");
        closeWith(f.code() == null ? 1011 : f.code(), reason(f.reason() == null ? "Internal error" : f.reason(), ""));
      } else if (f.kind() == FaultKind.DISCONNECT_MID_RESPONSE) {
        terminate("incomplete");
        drop();
      } else if (f.kind() == FaultKind.MALFORMED_FRAME) {
        send("{\"audio\":\"");
      }
    }
  }

  private void terminate(String status) {
    terminated = true;
    cancelTimers();
    for (Segment s : List.copyOf(segments)) s.abandon(status);
  }

  /** A close reason fits in 123 bytes; a longer message is replaced by the error code. */
  private static String reason(String message, String fallback) {
    return message.getBytes(StandardCharsets.UTF_8).length <= 123 ? message : fallback;
  }

  // ---------------------------------------------------------------- client messages

  @Override
  protected void onText(String text) {
    synchronized (lock) {
      if (terminated || inputEnded) return;
      JsonValue.Obj msg;
      try {
        msg = Json.parseObject(text);
      } catch (JsonException e) {
        fail("invalid_input_message", "Could not parse input message: " + e.getMessage());
        return;
      }
      if (!(msg.getPresent("text") instanceof JsonValue.Str t)) {
        fail("invalid_input_message", "Could not parse input message: the field 'text' (a string) is required.");
        return;
      }
      resetInactivity();
      if (!initialized) {
        init(msg, t.value());
        return;
      }
      if (t.value().isEmpty()) {
        endOfInput();
        return;
      }
      // a lone space on an empty buffer is a keep-alive
      if (!(t.value().equals(" ") && buffer.length() == 0)) buffer.append(t.value());
      if (flag(msg, "flush") || flag(msg, "try_trigger_generation") || scheduleReached()) generate();
    }
  }

  @Override
  protected void onBinary(okio.ByteString bytes) {
    synchronized (lock) {
      if (terminated) return;
      fail("invalid_input_message", "Could not parse input message: expected a JSON text frame, got binary data.");
    }
  }

  private void init(JsonValue.Obj msg, String text) {
    if (!authorized) {
      String key = stringOr(msg, "xi_api_key",
          stringOr(msg, "xi-api-key", bearer(stringOr(msg, "authorization", null))));
      if (key == null) {
        fail("needs_authorization", "You must provide your API key in the xi-api-key header or as xi_api_key in the "
            + "first message.");
        return;
      }
      if (!fake.keyOk(key)) {
        fail("invalid_api_key", "Invalid API key");
        return;
      }
      authorized = true;
    }
    if (!text.equals(" ")) {
      fail("invalid_input_message", "Could not parse input message: the first message must initialize the stream "
          + "with text set to a single space \" \".");
      return;
    }
    if (msg.getPresent("generation_config") instanceof JsonValue.Obj config
        && config.getPresent("chunk_length_schedule") instanceof JsonValue.Arr arr && !arr.items().isEmpty()) {
      List<Integer> lengths = new ArrayList<>();
      for (JsonValue v : arr.items()) {
        if (!(v instanceof JsonValue.Num n)) {
          fail("invalid_input_message", "Could not parse input message: chunk_length_schedule must list numbers.");
          return;
        }
        lengths.add((int) n.doubleValue());
      }
      schedule = lengths;
    }
    initialized = true;
  }

  private boolean scheduleReached() {
    if (!fake.honorChunkLengthSchedule) return false;
    int threshold = schedule.get(Math.min(generated, schedule.size() - 1));
    return buffer.length() >= threshold;
  }

  private void endOfInput() {
    inputEnded = true;
    if (inactivityTimer != null) inactivityTimer.cancel();
    generate();
    Instant at = streamFreeAt.isAfter(clock.now()) ? streamFreeAt : clock.now();
    scheduler.at(at, () -> {
      synchronized (lock) {
        if (terminated) return;
        terminated = true;
        cancelTimers();
        send("{\"isFinal\":true}");
        closeWith(1000, "");
      }
    });
  }

  /** Synthesizes the buffered text (nothing when it is only whitespace). */
  private void generate() {
    String text = buffer.toString();
    buffer.setLength(0);
    if (text.isBlank()) return;
    generated++;
    Segment s = new Segment(text, fake.script().next());
    segments.add(s);
    s.schedule();
  }

  private static boolean flag(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Bool b && b.value();
  }

  private static String stringOr(JsonValue.Obj o, String key, String fallback) {
    return o.getPresent(key) instanceof JsonValue.Str s ? s.value() : fallback;
  }

  // ---------------------------------------------------------------- one synthesized segment

  private final class Segment {
    final String id = fake.nextId();
    final String text;
    final Reply reply;
    final long characters;
    final Instant start = clock.now();
    final long total;
    final long chunkBytes;
    final int chunks;
    final String[] chars;
    final long[] charStartMs;
    final List<Scheduler.Scheduled> plan = new ArrayList<>();
    long audioSent;
    boolean finished;

    Segment(String text, Reply reply) {
      this.text = text;
      this.reply = reply;
      this.characters = text.codePointCount(0, text.length());
      Duration length = reply.audio() != null ? reply.audio() : fake.rates().speechDuration(text);
      this.total = fmt.bytes(length);
      this.chunkBytes = Math.max(fmt.frameSize(), fmt.bytes(reply.chunk()));
      this.chunks = (int) ((total + chunkBytes - 1) / chunkBytes);
      this.chars = text.codePoints().mapToObj(Character::toString).toArray(String[]::new);
      long audioMs = fmt.duration(total).toMillis();
      this.charStartMs = new long[chars.length + 1];
      for (int i = 0; i <= chars.length; i++) charStartMs[i] = audioMs * i / chars.length;
    }

    void schedule() {
      Duration ttfb = reply.ttfb();
      Fault slow = FakeElevenLabs.ttsFault(reply, FaultKind.SLOW_FIRST_BYTE);
      if (slow != null) ttfb = ttfb.plus(slow.delay() == null ? Duration.ofSeconds(5) : slow.delay());
      Instant first = start.plus(ttfb);
      if (first.isBefore(streamFreeAt)) first = streamFreeAt;
      Duration gap = reply.chunkGap();
      if (FakeElevenLabs.ttsFault(reply, FaultKind.QUOTA_EXCEEDED) != null) {
        streamFreeAt = first;
        plan.add(scheduler.at(first, () -> {
          synchronized (lock) {
            if (finished || terminated) return;
            finished = true;
            segments.remove(this);
            fail("quota_exceeded", ElevenLabsErrors.quotaMessage(characters));
          }
        }));
        return;
      }
      Fault strike = FakeElevenLabs.ttsFault(reply, FaultKind.DISCONNECT_MID_RESPONSE);
      if (strike == null) strike = FakeElevenLabs.ttsFault(reply, FaultKind.CLOSE);
      int limit = strike == null ? chunks : HttpSynthesis.strikeIndex(strike, chunks, gap);
      Fault malformed = FakeElevenLabs.ttsFault(reply, FaultKind.MALFORMED_FRAME);
      int malformedAt = malformed == null ? -1
          : Math.max(0, Math.min(chunks - 1, HttpSynthesis.strikeIndex(malformed, chunks, gap)));
      final Fault terminal = strike;
      int i = 0;
      Instant last = first;
      do {
        final int from = i;
        final int to = gap.isZero() ? limit : Math.min(limit, i + 1);
        final boolean lastGroup = to >= limit;
        last = first.plus(gap.multipliedBy(from));
        plan.add(scheduler.at(last, () -> {
          synchronized (lock) {
            if (finished || terminated) return;
            for (int k = from; k < to; k++) {
              if (k == malformedAt) send("{\"audio\":\"" + speech.base64(fmt.frameSize()));
              sendChunk(k);
            }
            if (!lastGroup) return;
            if (terminal != null) strike(terminal);
            else finish("completed");
          }
        }));
        i = to;
      } while (i < limit);
      streamFreeAt = last;
    }

    private void sendChunk(int k) {
      long bytes = Math.min(chunkBytes, total - k * chunkBytes);
      long fromMs = fmt.duration(k * chunkBytes).toMillis();
      long toMs = k == chunks - 1 ? Long.MAX_VALUE : fmt.duration(k * chunkBytes + bytes).toMillis();
      JsonWriter w = new JsonWriter().beginObject().field("audio", speech.base64((int) bytes))
          .name("isFinal").nullValue();
      String alignment = alignment(fromMs, toMs);
      w.name("normalizedAlignment").rawValue(alignment).name("alignment").rawValue(alignment);
      send(w.endObject().toString());
      audioSent += bytes;
    }

    /** The characters whose audio starts in {@code [fromMs, toMs)}, timed from the start of this chunk. */
    private String alignment(long fromMs, long toMs) {
      int first = 0;
      while (first < chars.length && charStartMs[first] < fromMs) first++;
      int end = first;
      while (end < chars.length && charStartMs[end] < toMs) end++;
      if (end == first) return "null";
      JsonWriter w = new JsonWriter().beginObject().name("charStartTimesMs").beginArray();
      for (int i = first; i < end; i++) w.value(charStartMs[i] - fromMs);
      w.endArray().name("charsDurationsMs").beginArray();
      for (int i = first; i < end; i++) w.value(charStartMs[i + 1] - charStartMs[i]);
      w.endArray().name("chars").beginArray();
      for (int i = first; i < end; i++) w.value(chars[i]);
      return w.endArray().endObject().toString();
    }

    private void strike(Fault f) {
      if (f.kind() == FaultKind.DISCONNECT_MID_RESPONSE) {
        terminate("incomplete");
        drop();
      } else {
        terminate("incomplete");
        closeWith(f.code() == null ? 1011 : f.code(), reason(f.reason() == null ? "Internal error" : f.reason(), ""));
      }
    }

    void abandon(String status) {
      if (finished) return;
      plan.forEach(Scheduler.Scheduled::cancel);
      finish(status);
    }

    private void finish(String status) {
      if (finished) return;
      finished = true;
      segments.remove(this);
      fake.ledger().record(new LedgerEntry(id, FakeElevenLabs.SERVICE, fake.providerName(), model,
          Billing.TTS_SYNTHESIS, status, start, clock.now(), LedgerEntry.Tokens.NONE, characters,
          fmt.duration(audioSent)));
    }
  }
}
