package dev.agentharness.fake.cartesia;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeWebSocket;
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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One Cartesia TTS WebSocket: contexts multiplexed by {@code context_id}, each with its own audio stream. */
final class CartesiaConnection extends FakeWebSocket {

  private static final Set<String> ENCODINGS = Set.of("pcm_s16le", "pcm_f32le", "pcm_mulaw", "pcm_alaw");
  private static final Set<Integer> RATES = Set.of(8000, 16000, 22050, 24000, 44100, 48000);

  private final FakeCartesia fake;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final String version;
  private final Object lock = new Object();

  // guarded by lock
  private final Map<String, Context> contexts = new LinkedHashMap<>();
  private boolean terminated;
  private Scheduler.Scheduled idleTimer;
  private final List<Scheduler.Scheduled> timed = new ArrayList<>();

  CartesiaConnection(FakeCartesia fake, Link link, String version) {
    super(link);
    this.fake = fake;
    this.clock = fake.clock();
    this.scheduler = clock.scheduler(FakeCartesia.SERVICE + "/" + link.id());
    this.version = version;
  }

  /** The API version the client asked for. */
  String version() {
    return version;
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
      idleTimer = scheduler.at(now.plus(fake.idleTimeout), this::idle);
    }
  }

  @Override
  protected void closed(int code, String reason) {
    synchronized (lock) {
      // the client went away: what each open context received was billed all the same
      terminate("cancelled");
    }
    fake.forget(this);
  }

  void dropNow() {
    synchronized (lock) {
      terminate("incomplete");
    }
    drop();
  }

  private void terminate(String status) {
    terminated = true;
    if (idleTimer != null) idleTimer.cancel();
    timed.forEach(Scheduler.Scheduled::cancel);
    for (Context c : List.copyOf(contexts.values())) c.end(status);
  }

  private void idle() {
    synchronized (lock) {
      if (terminated) return;
      terminate("incomplete");
      closeWith(1000, "Connection idle for " + fake.idleTimeout.toMinutes() + " minutes");
    }
  }

  private void resetIdle() {
    if (idleTimer != null) idleTimer.cancel();
    idleTimer = scheduler.after(fake.idleTimeout, this::idle);
  }

  private void strikeTimed(Fault f) {
    synchronized (lock) {
      if (terminated) return;
      strike(f);
    }
  }

  /** A terminal or malformed-frame fault on the whole connection. */
  private void strike(Fault f) {
    if (f.kind() == FaultKind.CLOSE) {
      terminate("incomplete");
      String reason = f.reason() == null ? "Internal server error" : f.reason();
      boolean fits = reason.getBytes(StandardCharsets.UTF_8).length <= 123;
      closeWith(f.code() == null ? 1011 : f.code(), fits ? reason : "");
    } else if (f.kind() == FaultKind.DISCONNECT_MID_RESPONSE) {
      terminate("incomplete");
      drop();
    } else if (f.kind() == FaultKind.MALFORMED_FRAME) {
      send("{\"type\":\"chunk\",\"data\":\"");
    }
  }

  // ---------------------------------------------------------------- client messages

  @Override
  protected void onText(String text) {
    synchronized (lock) {
      if (terminated) return;
      resetIdle();
      JsonValue.Obj msg;
      try {
        msg = Json.parseObject(text);
      } catch (JsonException e) {
        error(null, "Invalid JSON: " + e.getMessage(), "invalid_json");
        return;
      }
      String contextId = msg.getPresent("context_id") instanceof JsonValue.Str s ? s.value() : null;
      if (flag(msg, "cancel")) {
        Context c = contextId == null ? null : contexts.get(contextId);
        if (c != null) c.end("cancelled");
        return;
      }
      if (!(msg.getPresent("transcript") instanceof JsonValue.Str transcript)) {
        error(contextId, "transcript is required (a string; empty to flush).", "invalid_request");
        return;
      }
      Context c = contextId == null ? null : contexts.get(contextId);
      if (c != null && c.inputEnded) {
        error(contextId, "Context " + contextId + " has already received its last input (continue: false); use a new "
            + "context_id.", "context_closed");
        return;
      }
      if (c == null) {
        c = open(contextId == null ? fake.uuid() : contextId, msg);
        if (c == null) return;
      }
      if (msg.getPresent("add_timestamps") instanceof JsonValue.Bool b) c.addTimestamps = b.value();
      c.receive(transcript.value(), flag(msg, "flush"), !flag(msg, "continue"));
    }
  }

  @Override
  protected void onBinary(okio.ByteString bytes) {
    synchronized (lock) {
      if (terminated) return;
      resetIdle();
      error(null, "Expected a JSON text message, got binary data.", "invalid_request");
    }
  }

  /** Validates a context's first request; sends an error and returns {@code null} when it is bad. */
  private Context open(String contextId, JsonValue.Obj msg) {
    if (!(msg.getPresent("model_id") instanceof JsonValue.Str model) || model.value().isBlank()) {
      error(contextId, "model_id is required.", "invalid_request");
      return null;
    }
    if (!(msg.getPresent("voice") instanceof JsonValue.Obj voice)
        || !(voice.getPresent("id") instanceof JsonValue.Str
            || voice.getPresent("embedding") instanceof JsonValue.Arr)) {
      error(contextId, "voice is required: {\"mode\":\"id\",\"id\":\"<voice id>\"}.", "invalid_request");
      return null;
    }
    if (!(msg.getPresent("output_format") instanceof JsonValue.Obj of)) {
      error(contextId, "output_format is required: {\"container\":\"raw\",\"encoding\":\"pcm_s16le\","
          + "\"sample_rate\":24000}.", "invalid_request");
      return null;
    }
    String container = of.getPresent("container") instanceof JsonValue.Str s ? s.value() : null;
    String encoding = of.getPresent("encoding") instanceof JsonValue.Str s ? s.value() : null;
    JsonValue rate = of.getPresent("sample_rate");
    if (!"raw".equals(container)) {
      error(contextId, "output_format.container must be raw on the WebSocket (agentharness serves raw audio only); got "
          + container + ".", "invalid_output_format");
      return null;
    }
    if (encoding == null || !ENCODINGS.contains(encoding)) {
      error(contextId, "output_format.encoding must be one of pcm_f32le, pcm_s16le, pcm_mulaw, pcm_alaw; got "
          + encoding + ".", "invalid_output_format");
      return null;
    }
    if (!(rate instanceof JsonValue.Num n) || !n.isIntegral() || !RATES.contains((int) n.longValue("sample_rate"))) {
      error(contextId, "output_format.sample_rate must be one of 8000, 16000, 22050, 24000, 44100, 48000; got "
          + (rate == null ? "nothing" : rate.describe()) + ".", "invalid_output_format");
      return null;
    }
    int sampleRate = (int) ((JsonValue.Num) rate).longValue("sample_rate");
    int bytesPerSample = encoding.equals("pcm_f32le") ? 4 : encoding.equals("pcm_s16le") ? 2 : 1;
    Context c = new Context(contextId, model.value(), new AudioFormat(encoding, sampleRate, 1, bytesPerSample));
    contexts.put(contextId, c);
    return c;
  }

  private void error(String contextId, String message, String errorCode) {
    send(CartesiaErrors.frame(contextId, 400, "Invalid request", message, errorCode, fake.uuid()));
  }

  private static boolean flag(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Bool b && b.value();
  }

  private static JsonWriter message(String type, String contextId, boolean done) {
    return new JsonWriter().beginObject().field("type", type).field("context_id", contextId).field("status_code", 206)
        .field("done", done);
  }

  // ---------------------------------------------------------------- one context

  private final class Context {
    final String id;
    final String model;
    final AudioFormat fmt;
    final SpeechAudio speech;
    final Instant start = clock.now();
    final StringBuilder buffer = new StringBuilder();
    final List<Segment> segments = new ArrayList<>();
    final List<Scheduler.Scheduled> plan = new ArrayList<>();
    boolean addTimestamps;
    boolean inputEnded;
    boolean ended;
    long characters;
    long audioSent;
    int flushes;
    Instant streamFreeAt = clock.now();

    Context(String id, String model, AudioFormat fmt) {
      this.id = id;
      this.model = model;
      this.fmt = fmt;
      this.speech = new SpeechAudio(fmt);
    }

    void receive(String transcript, boolean flush, boolean last) {
      characters += transcript.codePointCount(0, transcript.length());
      buffer.append(transcript);
      if (flush) synthesize(++flushes);
      if (last) {
        inputEnded = true;
        if (!flush) synthesize(null);
        Instant at = later(streamFreeAt, clock.now());
        plan.add(scheduler.at(at, () -> {
          synchronized (lock) {
            if (ended || terminated) return;
            end("completed"); // billed before the client hears of it, so that it finds the entry
            send(message("done", id, true).endObject().toString());
          }
        }));
      }
    }

    /** Synthesizes the buffered text as a segment (nothing when it is only whitespace). */
    private void synthesize(Integer flushId) {
      String text = buffer.toString();
      buffer.setLength(0);
      if (!text.isBlank()) {
        Segment s = new Segment(text, fake.script().next(), flushId);
        segments.add(s);
        s.schedule();
      }
      if (flushId != null) {
        plan.add(scheduler.at(later(streamFreeAt, clock.now()), () -> {
          synchronized (lock) {
            if (ended || terminated) return;
            send(message("flush_done", id, false).field("flush_done", true).field("flush_id", flushId).endObject()
                .toString());
          }
        }));
      }
    }

    /** Ends the context and bills it: every transcript character it received, the audio it sent. */
    void end(String status) {
      if (ended) return;
      ended = true;
      plan.forEach(Scheduler.Scheduled::cancel);
      for (Segment s : segments) s.plan.forEach(Scheduler.Scheduled::cancel);
      contexts.remove(id);
      fake.ledger().record(new LedgerEntry(id, FakeCartesia.SERVICE, fake.providerName(), model,
          Billing.TTS_SYNTHESIS, status, start, clock.now(), LedgerEntry.Tokens.NONE, characters,
          fmt.duration(audioSent)));
    }

    // ---------------------------------------------------------------- one segment of a context

    private final class Segment {
      final String text;
      final Reply reply;
      final Integer flushId;
      final Instant triggered = clock.now();
      final long total;
      final long chunkBytes;
      final int chunks;
      final long offsetBytes; // audio of this context before this segment
      final List<Scheduler.Scheduled> plan = new ArrayList<>();
      Duration ttfb;

      Segment(String text, Reply reply, Integer flushId) {
        this.text = text;
        this.reply = reply;
        this.flushId = flushId;
        Duration length = reply.audio() != null ? reply.audio() : fake.rates().speechDuration(text);
        this.total = fmt.bytes(length);
        this.chunkBytes = Math.max(fmt.frameSize(), fmt.bytes(reply.chunk()));
        this.chunks = (int) ((total + chunkBytes - 1) / chunkBytes);
        long before = 0;
        for (Segment s : segments) before += s.total;
        this.offsetBytes = before;
      }

      void schedule() {
        ttfb = reply.ttfb();
        Fault slow = FakeCartesia.ttsFault(reply, FaultKind.SLOW_FIRST_BYTE);
        if (slow != null) ttfb = ttfb.plus(slow.delay() == null ? Duration.ofSeconds(5) : slow.delay());
        Instant first = later(triggered.plus(ttfb), streamFreeAt);
        Duration gap = reply.chunkGap();
        Fault strike = FakeCartesia.ttsFault(reply, FaultKind.DISCONNECT_MID_RESPONSE);
        if (strike == null) strike = FakeCartesia.ttsFault(reply, FaultKind.CLOSE);
        int limit = strike == null ? chunks : strikeIndex(strike, chunks, gap);
        Fault malformed = FakeCartesia.ttsFault(reply, FaultKind.MALFORMED_FRAME);
        int malformedAt = malformed == null ? -1
            : Math.max(0, Math.min(chunks - 1, strikeIndex(malformed, chunks, gap)));
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
              if (ended || terminated) return;
              for (int k = from; k < to; k++) {
                if (k == malformedAt) send("{\"type\":\"chunk\",\"context_id\":\"" + id + "\",\"data\":\"");
                sendChunk(k);
              }
              if (lastGroup && terminal != null) strike(terminal);
            }
          }));
          i = to;
        } while (i < limit);
        streamFreeAt = last;
      }

      private void sendChunk(int k) {
        long bytes = Math.min(chunkBytes, total - k * chunkBytes);
        double stepMs = k == 0 ? ttfb.toNanos() / 1e6 : reply.chunkGap().toNanos() / 1e6;
        JsonWriter w = message("chunk", id, false).field("data", speech.base64((int) bytes)).field("step_time", stepMs);
        if (flushId != null) w.field("flush_id", flushId);
        send(w.endObject().toString());
        audioSent += bytes;
        if (addTimestamps) sendTimestamps(k);
      }

      /** The words whose audio starts in chunk {@code k}, timed in seconds from the start of the context. */
      private void sendTimestamps(int k) {
        int[] cps = text.codePoints().toArray();
        double length = fmt.duration(total).toNanos() / 1e9;
        double offset = fmt.duration(offsetBytes).toNanos() / 1e9;
        double from = fmt.duration(k * chunkBytes).toNanos() / 1e9;
        double to = k == chunks - 1 ? Double.MAX_VALUE : fmt.duration((k + 1) * chunkBytes).toNanos() / 1e9;
        List<String> words = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        List<Double> ends = new ArrayList<>();
        int i = 0;
        while (i < cps.length) {
          if (Character.isWhitespace(cps[i])) {
            i++;
            continue;
          }
          int j = i;
          while (j < cps.length && !Character.isWhitespace(cps[j])) j++;
          double wordStart = length * i / cps.length;
          if (wordStart >= from && wordStart < to) {
            words.add(new String(cps, i, j - i));
            starts.add(offset + wordStart);
            ends.add(offset + length * j / cps.length);
          }
          i = j;
        }
        if (words.isEmpty()) return;
        JsonWriter w = message("timestamps", id, false);
        if (flushId != null) w.field("flush_id", flushId);
        w.name("word_timestamps").beginObject().name("words").beginArray();
        for (String word : words) w.value(word);
        w.endArray().name("start").beginArray();
        for (double s : starts) w.value(seconds(s));
        w.endArray().name("end").beginArray();
        for (double e : ends) w.value(seconds(e));
        w.endArray().endObject();
        send(w.endObject().toString());
      }
    }
  }

  private static BigDecimal seconds(double s) {
    return BigDecimal.valueOf(s).setScale(3, RoundingMode.HALF_UP);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** The chunk before which a mid-response fault strikes: after {@code delay} of streaming, or half way. */
  static int strikeIndex(Fault f, int chunks, Duration gap) {
    if (f.delay() == null || gap.isZero()) return f.delay() != null && f.delay().isZero() ? 0 : chunks / 2;
    long k = f.delay().toNanos() / gap.toNanos() + 1;
    return (int) Math.min(chunks, k);
  }
}
