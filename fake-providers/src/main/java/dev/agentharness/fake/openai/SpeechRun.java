package dev.agentharness.fake.openai;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.audio.Wav;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.StreamingBody;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TokenRates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/** One speech request: its audio chunks, when they go out, and what it bills. */
final class SpeechRun {

  private static final AudioFormat FMT = FakeOpenAiSpeech.FORMAT;

  private final FakeOpenAiSpeech fake;
  private final Link link;
  private final SpeechRequest request;
  private final Reply reply;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final String requestId;
  private final Instant start;
  private final long totalBytes;
  private final long chunkBytes;
  private final int chunks;
  private final long inputTokens;
  private final long outputTokens;
  private final Object lock = new Object();
  private final List<Scheduler.Scheduled> plan = new ArrayList<>();
  private final Map<Integer, byte[]> tone = new HashMap<>();
  private StreamingBody body;
  private long audioSent; // guarded by lock
  /** The audio bytes sent after each write to the body, to bill a client that leaves what reached it. */
  private final List<Long> audioAfterWrite = new ArrayList<>(); // guarded by lock
  private boolean finished; // guarded by lock
  private Instant completedAt; // guarded by lock

  SpeechRun(FakeOpenAiSpeech fake, Link link, SpeechRequest request, Reply reply) {
    this.fake = fake;
    this.link = link;
    this.request = request;
    this.reply = reply;
    this.clock = fake.clock();
    this.requestId = fake.requestId();
    this.scheduler = clock.scheduler(FakeOpenAiSpeech.SERVICE + "/" + link.id() + "/" + requestId);
    this.start = clock.now();
    TokenRates rates = fake.rates();
    Duration length = reply.audio() != null ? reply.audio() : derivedLength(rates);
    this.totalBytes = FMT.bytes(length);
    this.chunkBytes = Math.max(FMT.frameSize(), FMT.bytes(reply.chunk()));
    this.chunks = (int) Math.max(1, (totalBytes + chunkBytes - 1) / chunkBytes);
    Long in = reply.usage().inputText();
    Long out = reply.usage().outputAudio();
    this.inputTokens = in != null ? in : rates.textTokens(request.input);
    this.outputTokens = out != null ? out
        : TokenRates.audioTokens(FMT.duration(totalBytes), rates.speechOutputAudioPerSecond());
  }

  /** Speech of the input at {@code speed}: {@link TokenRates#speechDuration} divided by it, to 10 ms. */
  private Duration derivedLength(TokenRates rates) {
    Duration d = rates.speechDuration(request.input);
    if (request.speed == 1.0) return d;
    long tenMs = Math.round(d.toMillis() / request.speed / 10);
    return Duration.ofMillis(Math.max(1, tenMs) * 10);
  }

  MockResponse start() {
    Duration ttfb = reply.ttfb();
    Fault slow = reply.fault(FaultKind.SLOW_FIRST_BYTE);
    if (slow != null) ttfb = ttfb.plus(slow.delay() == null ? FakeOpenAiSpeech.DEFAULT_SLOW_FIRST_BYTE : slow.delay());
    Instant first = start.plus(ttfb);
    Duration gap = reply.chunkGap();
    body = new StreamingBody(link, ttfb.plus(gap).plusSeconds(30)).onWriterGone(this::writerGone);
    synchronized (lock) {
      schedule(first, gap);
    }
    String type = request.sse ? "text/event-stream; charset=utf-8"
        : request.format.equals("wav") ? "audio/wav" : "audio/pcm";
    MockResponse.Builder r = new MockResponse.Builder().code(200).setHeader("Content-Type", type)
        .setHeader("x-request-id", requestId).setHeader("openai-processing-ms", Long.toString(ttfb.toMillis()));
    return body.attachTo(r).build();
  }

  private void schedule(Instant first, Duration gap) {
    Fault cut = reply.fault(FaultKind.DISCONNECT_MID_RESPONSE);
    int limit = cut == null ? chunks : strikeIndex(cut, gap);
    Fault malformed = request.sse ? reply.fault(FaultKind.MALFORMED_FRAME) : null;
    int malformedAt = malformed == null ? -1 : Math.min(chunks - 1, strikeIndex(malformed, gap));
    // chunks that go out at the same instant share one action
    int i = 0;
    while (i < limit) {
      final int from = i;
      final int to = gap.isZero() ? limit : i + 1;
      final boolean last = to == limit;
      plan.add(scheduler.at(first.plus(gap.multipliedBy(from)), () -> {
        synchronized (lock) {
          if (finished) return;
          for (int k = from; k < to; k++) {
            if (k == malformedAt) write("data: {\"type\":\"speech.audio.delta\",\"audio\":\n\n".getBytes(UTF_8));
            sendChunk(k);
          }
          if (last && cut == null) complete();
          if (last && cut != null && gap.isZero()) disconnect();
        }
      }));
      i = to;
    }
    if (cut != null && (limit == 0 || !gap.isZero())) {
      plan.add(scheduler.at(first.plus(gap.multipliedBy(limit)), () -> {
        synchronized (lock) {
          if (!finished) disconnect();
        }
      }));
    }
  }

  /** The chunk before which a fault strikes: after {@code delay} of streaming, or half way. */
  private int strikeIndex(Fault f, Duration gap) {
    if (f.delay() == null) return chunks / 2;
    if (gap.isZero()) return f.delay().isZero() ? 0 : chunks / 2;
    long k = f.delay().toNanos() / gap.toNanos() + 1;
    return (int) Math.min(chunks, k);
  }

  private void sendChunk(int k) {
    int bytes = (int) Math.max(0, Math.min(chunkBytes, totalBytes - (long) k * chunkBytes));
    byte[] pcm = tone.computeIfAbsent(bytes, b -> Pcm.tone(FMT.sampleRate(), b));
    byte[] data = pcm;
    if (k == 0 && request.format.equals("wav")) {
      // streamed: the length is not known up front, so the header says 0xFFFFFFFF as streaming servers do
      byte[] header = Wav.header(FMT, -1);
      data = new byte[header.length + pcm.length];
      System.arraycopy(header, 0, data, 0, header.length);
      System.arraycopy(pcm, 0, data, header.length, pcm.length);
    }
    audioSent += bytes;
    if (request.sse && data.length > 0) {
      write(("data: " + new JsonWriter().beginObject().field("type", "speech.audio.delta")
          .field("audio", Base64.getEncoder().encodeToString(data)).endObject() + "\n\n").getBytes(UTF_8));
    } else {
      write(data);
    }
  }

  private void write(byte[] data) {
    if (data.length == 0) return; // the body skips empty writes too
    audioAfterWrite.add(audioSent);
    body.write(data);
  }

  /**
   * Bills once the writer knows how the body went: in full just before the end reaches the client; for a
   * client that hung up (or a body that timed out), the audio that reached the socket.
   */
  private void writerGone(int written, StreamingBody.Ending how) {
    synchronized (lock) {
      if (finished) return;
      plan.forEach(Scheduler.Scheduled::cancel);
      switch (how) {
        case ENDED -> finish("completed", completedAt);
        case CLIENT_LEFT, TIMED_OUT -> {
          audioSent = written == 0 ? 0 : audioAfterWrite.get(written - 1);
          finish(how == StreamingBody.Ending.CLIENT_LEFT ? "cancelled" : "incomplete", clock.now());
        }
        case CUT -> { } // billed when it was cut
      }
    }
  }

  private void complete() {
    if (request.sse) {
      JsonWriter w = new JsonWriter().beginObject().field("type", "speech.audio.done").name("usage").beginObject()
          .field("input_tokens", inputTokens).field("output_tokens", outputTokens)
          .field("total_tokens", inputTokens + outputTokens).endObject().endObject();
      write(("data: " + w + "\n\n").getBytes(UTF_8));
    }
    // billed by the writer, once every chunk reached the socket and before the end does
    completedAt = clock.now();
    body.end();
  }

  private void disconnect() {
    finish("incomplete", clock.now());
    body.cut();
  }

  private void finish(String status, Instant end) {
    if (finished) return;
    finished = true;
    LedgerEntry.Tokens tokens = LedgerEntry.Tokens.NONE;
    if (request.tokenBilled()) {
      long out = status.equals("completed") || totalBytes == 0 ? outputTokens : outputTokens * audioSent / totalBytes;
      tokens = new LedgerEntry.Tokens(inputTokens, 0, 0, 0, 0, 0, 0, out, 0);
    }
    fake.ledger().record(new LedgerEntry(requestId, FakeOpenAiSpeech.SERVICE, fake.providerName(), request.model,
        Billing.TTS_SYNTHESIS, status, start, end, tokens, request.characters(), FMT.duration(audioSent)));
    fake.finished(this);
  }

  /** The fake is closing: stop, cut the body, bill what was sent. */
  void dropNow() {
    synchronized (lock) {
      plan.forEach(Scheduler.Scheduled::cancel);
      if (finished) return;
      if (body != null) body.cut();
      finish("incomplete", clock.now());
    }
  }
}
