package dev.agentharness.fake.elevenlabs;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.Requests;
import dev.agentharness.fake.SpeechAudio;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** One {@code POST /v1/text-to-speech/{voice_id}/stream}: validation, then the audio on the clock. */
final class HttpSynthesis {

  private final FakeElevenLabs fake;
  private final RecordedRequest request;
  private final Link link;
  private final String voiceId;
  private final Object lock = new Object();
  private final List<Scheduler.Scheduled> plan = new ArrayList<>();
  private AudioBody body;
  private boolean billed;
  private Instant lastChunkAt;

  HttpSynthesis(FakeElevenLabs fake, RecordedRequest request, Link link, String voiceId) {
    this.fake = fake;
    this.request = request;
    this.link = link;
    this.voiceId = voiceId;
  }

  MockResponse answer() {
    String traceId = fake.nextId();
    String key = Requests.header(request, "xi-api-key");
    if (!fake.keyOk(key)) return ElevenLabsErrors.unauthorized(key, traceId);
    String formatName =
        Objects.requireNonNullElse(Requests.query(request, "output_format"), OutputFormats.HTTP_DEFAULT);
    String refusal = OutputFormats.refusal(formatName);
    if (refusal != null) {
      return ElevenLabsErrors.validation(List.of("query", "output_format"), refusal,
          OutputFormats.KNOWN.contains(formatName) ? "value_error" : "enum");
    }
    JsonValue.Obj json;
    try {
      json = Json.parseObject(Requests.body(request));
    } catch (JsonException e) {
      return ElevenLabsErrors.validation(List.of("body"), "JSON decode error: " + e.getMessage(), "json_invalid");
    }
    JsonValue text = json.getPresent("text");
    if (text == null) return ElevenLabsErrors.validation(List.of("body", "text"), "Field required", "missing");
    if (!(text instanceof JsonValue.Str textStr)) {
      return ElevenLabsErrors.validation(List.of("body", "text"), "Input should be a valid string", "string_type");
    }
    String model = json.getPresent("model_id") instanceof JsonValue.Str m ? m.value()
        : Objects.requireNonNullElse(Requests.query(request, "model_id"), fake.defaultModel);
    Reply reply = fake.script().next();
    String transcript = textStr.value();
    long characters = transcript.codePointCount(0, transcript.length());
    if (FakeElevenLabs.ttsFault(reply, FaultKind.HTTP_401) != null) {
      return ElevenLabsErrors.detail(401, "invalid_api_key", "Invalid API key", traceId);
    }
    if (FakeElevenLabs.ttsFault(reply, FaultKind.QUOTA_EXCEEDED) != null) {
      return ElevenLabsErrors.quotaExceeded(characters, traceId);
    }
    Fault tooMany = FakeElevenLabs.ttsFault(reply, FaultKind.HTTP_429);
    if (tooMany != null) {
      long retryAfter = tooMany.delay() == null ? 1 : tooMany.delay().toSeconds();
      return ElevenLabsErrors.tooManyConcurrentRequests(retryAfter, traceId);
    }
    if (FakeElevenLabs.ttsFault(reply, FaultKind.HTTP_500) != null) return ElevenLabsErrors.serverError(traceId);
    return stream(reply, formatName, transcript, characters, model);
  }

  private MockResponse stream(Reply reply, String formatName, String text, long characters, String model) {
    AudioFormat fmt = OutputFormats.served(formatName);
    SessionClock clock = fake.clock();
    Instant start = clock.now();
    String requestId = fake.nextId();
    Duration length = reply.audio() != null ? reply.audio() : fake.rates().speechDuration(text);
    long total = fmt.bytes(length);
    long chunkBytes = Math.max(fmt.frameSize(), fmt.bytes(reply.chunk()));
    int chunks = (int) ((total + chunkBytes - 1) / chunkBytes);
    Duration ttfb = reply.ttfb();
    Fault slow = FakeElevenLabs.ttsFault(reply, FaultKind.SLOW_FIRST_BYTE);
    if (slow != null) ttfb = ttfb.plus(slow.delay() == null ? Duration.ofSeconds(5) : slow.delay());
    Fault cut = FakeElevenLabs.ttsFault(reply, FaultKind.DISCONNECT_MID_RESPONSE);
    int limit = cut == null ? chunks : strikeIndex(cut, chunks, reply.chunkGap());
    Duration idle = Duration.ofSeconds(30).plus(ttfb).plus(reply.chunkGap());
    body = new AudioBody(link, idle, (written, wasCut, failure) -> ended(requestId, model, characters, fmt, start,
        written, wasCut, failure));
    SpeechAudio speech = new SpeechAudio(fmt);
    Scheduler scheduler = clock.scheduler(FakeElevenLabs.SERVICE + "/" + link.id());
    Instant first = start.plus(ttfb);
    fake.track(this);
    synchronized (lock) {
      int i = 0;
      do {
        final int from = i;
        final int to = reply.chunkGap().isZero() ? limit : Math.min(limit, i + 1);
        final boolean last = to >= limit;
        plan.add(scheduler.at(first.plus(reply.chunkGap().multipliedBy(from)), () -> {
          synchronized (lock) {
            if (billed) return;
            for (int k = from; k < to; k++) {
              long bytes = Math.min(chunkBytes, total - k * chunkBytes);
              body.write(speech.bytes((int) bytes));
            }
            if (!last) return;
            lastChunkAt = clock.now();
            if (cut != null) body.cut();
            else body.end();
          }
        }));
        i = to;
      } while (i < limit);
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", OutputFormats.contentType(formatName))
        .setHeader("character-cost", Long.toString(characters))
        .setHeader("x-character-count", Long.toString(characters))
        .setHeader("request-id", requestId)
        .setHeader("history-item-id", fake.nextId())
        .setHeader("Transfer-Encoding", "chunked")
        .body(body)
        .removeHeader("Content-Length") // MockWebServer writes -1 for a body of unknown length
        .build();
  }

  /** The chunk before which a mid-response fault strikes: after {@code delay} of streaming, or half way. */
  static int strikeIndex(Fault f, int chunks, Duration gap) {
    if (f.delay() == null || gap.isZero()) return f.delay() != null && f.delay().isZero() ? 0 : chunks / 2;
    long k = f.delay().toNanos() / gap.toNanos() + 1;
    return (int) Math.min(chunks, k);
  }

  /** The writer finished: bill what the provider billed (all the characters) and the audio the socket took. */
  private void ended(String requestId, String model, long characters, AudioFormat fmt, Instant start, long written,
      boolean cut, IOException failure) {
    String status;
    Instant end;
    synchronized (lock) {
      if (billed) return;
      billed = true;
      plan.forEach(Scheduler.Scheduled::cancel);
      status = failure == null ? "completed" : cut ? "incomplete" : "cancelled";
      end = failure == null && lastChunkAt != null ? lastChunkAt : fake.clock().now();
    }
    fake.forget(this);
    fake.ledger().record(new LedgerEntry(requestId, FakeElevenLabs.SERVICE, fake.providerName(), model,
        Billing.TTS_SYNTHESIS, status, start, end, LedgerEntry.Tokens.NONE, characters, fmt.duration(written)));
  }

  /** The server shuts down: cut the body so its writer thread ends. */
  void cutNow() {
    synchronized (lock) {
      if (billed || body == null) return;
      plan.forEach(Scheduler.Scheduled::cancel);
      body.cut();
    }
  }
}
