package dev.agentharness.fake.wiremock;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Wav;
import dev.agentharness.fake.SpeechAudio;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.Reply;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

/**
 * One reply's audio as the fake would send it, cut into the fake's chunks, and when it goes out. The bytes are
 * the fake's own: {@link SpeechAudio} chunk by chunk (the 400 Hz tone restarts with each chunk, as it does in the
 * fake), so that a body is byte-for-byte what the fake sends.
 */
final class Speech {

  /** How late the first audio is under {@code slow-first-byte} without a delay of its own (both fakes). */
  static final Duration DEFAULT_SLOW_FIRST_BYTE = Duration.ofSeconds(5);

  final AudioFormat format;
  /** What goes on the wire: the audio, after the WAV header when there is one. */
  final byte[] body;
  /** Audio bytes (no header). */
  final long audioBytes;
  /** The HTTP chunks the fake sends (at least 1). */
  final int chunks;
  /** The first audio, after the request (with a {@code slow-first-byte} delay). */
  final Duration ttfb;
  /** Between two chunks. */
  final Duration gap;

  private Speech(AudioFormat format, byte[] body, long audioBytes, int chunks, Duration ttfb, Duration gap) {
    this.format = format;
    this.body = body;
    this.audioBytes = audioBytes;
    this.chunks = chunks;
    this.ttfb = ttfb;
    this.gap = gap;
  }

  /**
   * The speech of {@code reply} in {@code format}: {@code length} of audio in chunks of {@code reply.chunk()},
   * after a 44-byte streamed WAV header when {@code wav}.
   */
  static Speech of(Reply reply, Fault slow, AudioFormat format, Duration length, boolean wav) {
    long total = format.bytes(length);
    long chunkBytes = Math.max(format.frameSize(), format.bytes(reply.chunk()));
    int chunks = (int) Math.max(1, (total + chunkBytes - 1) / chunkBytes);
    SpeechAudio audio = new SpeechAudio(format);
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) total + Wav.HEADER_SIZE);
    if (wav) out.writeBytes(Wav.header(format, -1));
    for (int k = 0; k < chunks; k++) {
      int bytes = (int) Math.max(0, Math.min(chunkBytes, total - k * chunkBytes));
      out.writeBytes(audio.bytes(bytes));
    }
    Duration ttfb = reply.ttfb();
    if (slow != null) ttfb = ttfb.plus(slow.delay() == null ? DEFAULT_SLOW_FIRST_BYTE : slow.delay());
    return new Speech(format, out.toByteArray(), total, chunks, ttfb, reply.chunkGap());
  }

  Duration audio() {
    return format.duration(audioBytes);
  }

  /** When the last chunk goes out, after the request: what the fake's ledger calls the end. */
  Duration lastChunk() {
    return ttfb.plus(gap.multipliedBy(chunks - 1L));
  }

  /** The chunk before which a mid-response fault strikes, as both fakes pick it: after {@code delay}, or half way. */
  int strikeIndex(Fault f) {
    if (f.delay() == null || gap.isZero()) return f.delay() != null && f.delay().isZero() ? 0 : chunks / 2;
    long k = f.delay().toNanos() / gap.toNanos() + 1;
    return (int) Math.min(chunks, k);
  }

  /** When the fake OpenAI speech cuts the body: a gap after the last chunk it sends (at once with no gap). */
  Duration openAiCut(Fault f) {
    return gap.isZero() ? ttfb : ttfb.plus(gap.multipliedBy(strikeIndex(f)));
  }

  /** When the fake ElevenLabs cuts the body: with the last chunk it sends. */
  Duration elevenLabsCut(Fault f) {
    return gap.isZero() ? ttfb : ttfb.plus(gap.multipliedBy(Math.max(0, strikeIndex(f) - 1)));
  }

  /**
   * The body, {@code Transfer-Encoding: chunked}, one HTTP chunk per fake chunk: WireMock's chunked dribble
   * sleeps {@code total / chunks} before every chunk, the first included, so the fixed delay is the ttfb less one
   * gap. A ttfb shorter than the gap cannot be had that way: the first chunk then comes a gap after the request.
   * With no gap the chunks go out back to back (WireMock flushes each one), as the fake sends them. Gzip is
   * off, as with the fakes: compressed, the chunks would go out together at the end.
   */
  ResponseDefinitionBuilder timed(ResponseDefinitionBuilder r) {
    // WireMock gzips for clients that accept it (OkHttp always does), and Jetty's gzip buffers the whole body
    r = r.withGzipDisabled(true);
    long first = ttfb.toMillis();
    if (body.length == 0) return r.withFixedDelay(Math.toIntExact(first));
    long gapMs = gap.toMillis();
    long fixed = gapMs == 0 ? first : Math.max(0, first - gapMs);
    return r.withFixedDelay(Math.toIntExact(fixed))
        .withChunkedDribbleDelay(chunks, Math.toIntExact(chunks * gapMs));
  }
}
