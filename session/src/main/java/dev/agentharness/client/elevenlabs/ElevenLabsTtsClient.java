package dev.agentharness.client.elevenlabs;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ClientSocket;
import dev.agentharness.client.HttpStream;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.StreamedTts;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.TtsMetrics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An ElevenLabs text-to-speech client that measures as LiveKit's ElevenLabs plugin does, over both of
 * ElevenLabs' transports:
 *
 * <ul>
 *   <li>{@link #synthesize}: HTTP streaming ({@code POST /v1/text-to-speech/{voice_id}/stream}), one request
 *       per text, measured as LiveKit's {@code ChunkedStream} ({@code streamed=false}): {@code ttfb} = first
 *       audio bytes − start, {@code duration} = end − start, {@code audio_duration} from the bytes,
 *       {@code characters_count} = the whole text even when cancelled, {@code request_id} = the
 *       {@code request-id} header; no metric when the request failed;
 *   <li>{@link #stream}: WebSocket input streaming ({@code /v1/text-to-speech/{voice_id}/stream-input}),
 *       measured as LiveKit's {@code SynthesizeStream} ({@code streamed=true}): one metric per flushed
 *       segment when its final frame ({@code isFinal}) arrives, timed from when its first text was sent;
 *       a segment interrupted or lost before its final frame emits <b>no</b> metric (LiveKit ≥ 1.1.0).
 * </ul>
 *
 * <p>Stream-input synthesizes a socket's text until the end of input and only then sends
 * {@code {"isFinal":true}}, so each segment has a socket of its own, as in LiveKit's stream-input plugin:
 * init, the segment's text, {@code {"text":""}}, audio, {@code isFinal}, close. Segments play one after
 * another. The stream dials its first socket at once (LiveKit's prewarm); later segments dial when their
 * turn comes.
 *
 * <p>Time is read only from the context's clock; the client never waits or sleeps. No connection metric
 * is emitted (LiveKit's notes name one for STT and realtime models, not for TTS).
 */
public final class ElevenLabsTtsClient {

  /** The service name in errors (the fake's ledger name). */
  public static final String PROVIDER = "elevenlabs";
  /** LiveKit's label for its ElevenLabs TTS. */
  public static final String LABEL = "livekit.plugins.elevenlabs.tts.TTS";
  /** LiveKit's default {@code chunk_length_schedule}. */
  public static final List<Integer> LIVEKIT_CHUNK_LENGTH_SCHEDULE = List.of(80, 120, 200, 260);

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern PCM = Pattern.compile("pcm_(\\d+)");
  static final String END_OF_INPUT = "{\"text\":\"\"}";

  private final ClientContext context;
  private final Options options;
  private final Metadata metadata;
  private final AudioFormat format;
  private final Object idLock = new Object();
  private int streams; // guarded by idLock

  /**
   * What the client needs to know; {@code null}s take the defaults.
   *
   * @param baseUrl ElevenLabs' base, {@code /v1} included: {@code https://api.elevenlabs.io/v1} (the fake's
   *     {@code baseUrl()}); {@code http} becomes {@code ws} for the WebSocket
   * @param model {@code eleven_flash_v2_5}
   * @param voiceId {@code 21m00Tcm4TlvDq8ikWAM}
   * @param outputFormat {@code pcm_24000}; only uncompressed formats ({@code pcm_<rate>}, {@code ulaw_8000},
   *     {@code alaw_8000}), so that the audio duration comes from the bytes exactly
   * @param provider the provider the metrics name: {@code ElevenLabs}
   * @param chunkLengthSchedule the init message's {@code generation_config}: LiveKit's {@code [80, 120, 200, 260]}
   * @param inactivityTimeoutSeconds stream-input's {@code inactivity_timeout}; {@code null} sends none (20 s)
   */
  public record Options(String baseUrl, String apiKey, String model, String voiceId, String outputFormat,
      String provider, List<Integer> chunkLengthSchedule, Integer inactivityTimeoutSeconds) {
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      if (model == null) model = "eleven_flash_v2_5";
      if (voiceId == null) voiceId = "21m00Tcm4TlvDq8ikWAM";
      if (outputFormat == null) outputFormat = "pcm_24000";
      audioFormat(outputFormat); // fails early on a compressed format
      if (provider == null) provider = "ElevenLabs";
      chunkLengthSchedule = chunkLengthSchedule == null ? LIVEKIT_CHUNK_LENGTH_SCHEDULE
          : List.copyOf(chunkLengthSchedule);
      baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public static Options of(String baseUrl, String apiKey) {
      return new Options(baseUrl, apiKey, null, null, null, null, null, null);
    }

    public Options withModel(String model) {
      return new Options(baseUrl, apiKey, model, voiceId, outputFormat, provider, chunkLengthSchedule,
          inactivityTimeoutSeconds);
    }

    public Options withVoiceId(String voiceId) {
      return new Options(baseUrl, apiKey, model, voiceId, outputFormat, provider, chunkLengthSchedule,
          inactivityTimeoutSeconds);
    }

    public Options withOutputFormat(String outputFormat) {
      return new Options(baseUrl, apiKey, model, voiceId, outputFormat, provider, chunkLengthSchedule,
          inactivityTimeoutSeconds);
    }

    public Options withProvider(String provider) {
      return new Options(baseUrl, apiKey, model, voiceId, outputFormat, provider, chunkLengthSchedule,
          inactivityTimeoutSeconds);
    }

    public Options withChunkLengthSchedule(List<Integer> schedule) {
      return new Options(baseUrl, apiKey, model, voiceId, outputFormat, provider, schedule, inactivityTimeoutSeconds);
    }

    public Options withInactivityTimeoutSeconds(Integer seconds) {
      return new Options(baseUrl, apiKey, model, voiceId, outputFormat, provider, chunkLengthSchedule, seconds);
    }

    /** {@code {base}/text-to-speech/{voice_id}/stream?output_format=…&model_id=…}. */
    public String streamUrl() {
      return baseUrl + "/text-to-speech/" + encode(voiceId) + "/stream?output_format=" + encode(outputFormat)
          + "&model_id=" + encode(model);
    }

    /**
     * {@code {base as ws}/text-to-speech/{voice_id}/stream-input?model_id=…&output_format=…}, then
     * {@code &inactivity_timeout=…} when set.
     */
    public String streamInputUrl() {
      return baseUrl.replaceFirst("^http", "ws") + "/text-to-speech/" + encode(voiceId) + "/stream-input?model_id="
          + encode(model) + "&output_format=" + encode(outputFormat)
          + (inactivityTimeoutSeconds == null ? "" : "&inactivity_timeout=" + inactivityTimeoutSeconds);
    }

    /** The audio {@link #outputFormat()} names. */
    public AudioFormat audioFormat() {
      return audioFormat(outputFormat);
    }

    private static AudioFormat audioFormat(String name) {
      Matcher m = PCM.matcher(name);
      if (m.matches()) return AudioFormat.pcm16(Integer.parseInt(m.group(1)));
      if (name.equals("ulaw_8000")) return AudioFormat.ULAW_8K;
      if (name.equals("alaw_8000")) return AudioFormat.ALAW_8K;
      throw new IllegalArgumentException("outputFormat " + name + " is compressed: its duration cannot be measured"
          + " from bytes; use pcm_<rate>, ulaw_8000 or alaw_8000");
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }

  public ElevenLabsTtsClient(ClientContext context, Options options) {
    this.context = Objects.requireNonNull(context, "context");
    this.options = Objects.requireNonNull(options, "options");
    this.metadata = new Metadata(options.model(), options.provider());
    this.format = options.audioFormat();
  }

  public Options options() {
    return options;
  }

  /** The format of the audio received. */
  public AudioFormat format() {
    return format;
  }

  static long characters(String text) {
    return text.codePointCount(0, text.length()); // Python's len()
  }

  // ================================================================ HTTP: LiveKit's ChunkedStream

  /** What one HTTP synthesis produced. Calls come from OkHttp's thread, or the caller's for a cancel. */
  public interface SynthesisListener {
    default void firstAudio(Synthesis synthesis) {}

    /** The synthesis ended; {@code metric} is null when it failed. */
    default void done(Synthesis synthesis, TtsMetrics metric) {}

    default void error(ProviderException e) {}
  }

  /** Synthesizes {@code text} with one HTTP request. */
  public Synthesis synthesize(String text, SynthesisListener listener) {
    Synthesis s = new Synthesis(text, listener == null ? new SynthesisListener() {} : listener, context.clock().now());
    String body = new JsonWriter().beginObject().field("text", text).field("model_id", options.model()).endObject()
        .toString();
    Request.Builder r = new Request.Builder().url(options.streamUrl()).header("xi-api-key", options.apiKey())
        .post(RequestBody.create(body, JSON));
    s.stream = HttpStream.start(context, PROVIDER, r, s.handler());
    return s;
  }

  /** One HTTP request. */
  public final class Synthesis {
    private final String text;
    private final SynthesisListener listener;
    private final Instant started;
    private final Object lock = new Object();
    private Instant firstAudio; // guarded by lock
    private long bytes; // guarded by lock
    private String requestId = ""; // guarded by lock
    private boolean finished; // guarded by lock
    private volatile HttpStream stream;

    private Synthesis(String text, SynthesisListener listener, Instant started) {
      this.text = text;
      this.listener = listener;
      this.started = started;
    }

    public String text() {
      return text;
    }

    /** The {@code request-id} header, {@code ""} before the headers. */
    public String requestId() {
      synchronized (lock) {
        return requestId;
      }
    }

    /** Audio bytes received so far. */
    public long audioBytes() {
      synchronized (lock) {
        return bytes;
      }
    }

    /** When the first audio arrived, or null. */
    public Instant firstAudio() {
      synchronized (lock) {
        return firstAudio;
      }
    }

    /**
     * Stops it (an interruption): the metric is emitted now, {@code cancelled}, with every character of the
     * text and the audio received so far (LiveKit counts the whole input text of a cancelled ChunkedStream).
     */
    public void cancel() {
      HttpStream s = stream;
      if (s != null) s.cancel();
      finish(true, null);
    }

    private HttpStream.Handler handler() {
      return new HttpStream.Handler() {
        @Override
        public void headers(Response response) {
          String id = response.header("request-id");
          synchronized (lock) {
            if (id != null) requestId = id;
          }
        }

        @Override
        public void bytes(byte[] data) {
          boolean first = false;
          synchronized (lock) {
            if (finished) return;
            if (data.length > 0 && firstAudio == null) {
              firstAudio = context.clock().now();
              first = true;
            }
            bytes += data.length;
          }
          if (first) listener.firstAudio(Synthesis.this);
        }

        @Override
        public void end() {
          finish(false, null);
        }

        @Override
        public void failed(ProviderException e) {
          finish(false, e);
        }

        @Override
        public void cancelled() {
          finish(true, null);
        }

        @Override
        public ProviderException refused(ProviderException byStatus, int status, String body) {
          return ElevenLabsTtsClient.refused(byStatus, status, body);
        }
      };
    }

    private void finish(boolean cancelled, ProviderException error) {
      Instant now = context.clock().now();
      TtsMetrics metric = null;
      synchronized (lock) {
        if (finished) return;
        finished = true;
        if (error == null) {
          metric = TtsMetrics.builder().label(LABEL).requestId(requestId).timestamp(now)
              .ttfb(firstAudio == null ? AgentMetrics.NOT_MEASURED : Duration.between(started, firstAudio))
              .duration(Duration.between(started, now)).audioDuration(format.duration(bytes))
              .cancelled(cancelled).charactersCount(characters(text)).streamed(false).metadata(metadata)
              .build();
        }
      }
      if (metric != null) context.emit(metric);
      if (error != null) {
        context.error(error);
        listener.error(error);
      }
      listener.done(this, metric);
    }
  }

  /** ElevenLabs' {@code {"detail":{"status","message"}}}: the status names the failure better than the code. */
  static ProviderException refused(ProviderException byStatus, int status, String body) {
    String detailStatus = null;
    String message = null;
    try {
      if (Json.parse(body) instanceof JsonValue.Obj o && o.getPresent("detail") instanceof JsonValue.Obj d) {
        detailStatus = d.getPresent("status") instanceof JsonValue.Str s ? s.value() : null;
        message = d.getPresent("message") instanceof JsonValue.Str s ? s.value() : null;
      }
    } catch (JsonException e) {
      return byStatus;
    }
    if (detailStatus == null) return byStatus;
    ProviderException.Kind kind = detailStatus.equals("quota_exceeded") ? ProviderException.Kind.QUOTA_EXCEEDED
        : byStatus.kind();
    return new ProviderException(byStatus.provider(), byStatus.event(), kind, status,
        detailStatus + (message == null ? "" : ": " + message));
  }

  // ================================================================ WebSocket: LiveKit's SynthesizeStream

  /** What a stream's segments did: {@link StreamedTts.Listener} for this client's segments. */
  public interface StreamListener extends StreamedTts.Listener<Segment> {}

  /** Opens a stream and dials its first socket (LiveKit's prewarm). */
  public Stream stream(StreamedTts.Listener<Segment> listener) {
    int n;
    synchronized (idLock) {
      n = ++streams;
    }
    Stream s = new Stream(n, listener == null ? new StreamListener() {} : listener);
    s.prewarm();
    return s;
  }

  /**
   * A text stream: {@link #pushText} adds to the current segment, {@link #flush()} ends it. Segments are
   * synthesized one after another, each on a socket of its own.
   */
  public final class Stream implements StreamedTts.Stream<Segment> {
    private final int number;
    private final StreamedTts.Listener<Segment> listener;
    private final Object lock = new Object();

    // guarded by lock
    private final List<Segment> pending = new ArrayList<>(); // not over, in order; the first one is on a socket
    private Segment open; // taking text
    private SegmentSocket spare; // dialled, no segment yet
    private int segments;
    private boolean inputEnded;

    private Stream(int number, StreamedTts.Listener<Segment> listener) {
      this.number = number;
      this.listener = listener;
    }

    private void prewarm() {
      synchronized (lock) {
        spare = new SegmentSocket(this);
      }
      spare.dial();
    }

    /**
     * Adds {@code text} to the current segment (a new one after a flush) and sends it when the segment's
     * socket is open. ElevenLabs wants text that ends with a space; the text is sent as given, so
     * {@code characters_count} is exactly what was billed. Empty text and text after {@link #close()} are
     * ignored ({@code null} is then returned).
     */
    public Segment pushText(String text) {
      Objects.requireNonNull(text, "text");
      List<Runnable> after = new ArrayList<>(1);
      Segment s;
      synchronized (lock) {
        if (inputEnded || text.isEmpty()) return null;
        if (open == null) {
          open = new Segment(this, "el_" + number + "_" + ++segments);
          pending.add(open);
        }
        s = open;
        s.text.append(text);
        s.unsent.add(text);
        advance(after);
      }
      after.forEach(Runnable::run);
      return s;
    }

    /**
     * Ends the current segment: it is synthesized (after the segments before it) and measured. Returns it,
     * or {@code null} if no text was pushed since the last flush.
     */
    public Segment flush() {
      List<Runnable> after = new ArrayList<>(1);
      Segment s;
      synchronized (lock) {
        s = open;
        if (s == null) return null;
        open = null;
        s.flushed = true;
        advance(after);
      }
      after.forEach(Runnable::run);
      return s;
    }

    /** Interrupts every segment not over yet: none of them emits a metric. The stream stays usable. */
    public void interrupt() {
      List<Segment> all;
      synchronized (lock) {
        all = List.copyOf(pending);
      }
      all.forEach(Segment::cancel);
    }

    /**
     * The end of input: the current segment is flushed; the segments still pending are synthesized and
     * measured; an unused socket is closed.
     */
    public void close() {
      SegmentSocket unused;
      flush();
      synchronized (lock) {
        inputEnded = true;
        unused = spare;
        spare = null;
      }
      if (unused != null) unused.close();
    }

    /** Drops everything at once: the pending segments are interrupted, the sockets closed. */
    public void cancel() {
      synchronized (lock) {
        inputEnded = true;
      }
      interrupt();
      SegmentSocket unused;
      synchronized (lock) {
        unused = spare;
        spare = null;
      }
      if (unused != null) unused.close();
    }

    /** True once input has ended and every segment is over. */
    public boolean isDone() {
      synchronized (lock) {
        return inputEnded && pending.isEmpty();
      }
    }

    /**
     * Puts the first pending segment on a socket (the spare one, or a new one) and sends what it has not
     * sent yet. Dialling is collected into {@code after}, to run without the lock.
     */
    private void advance(List<Runnable> after) {
      if (pending.isEmpty()) return;
      Segment s = pending.get(0);
      if (s.socket == null) {
        SegmentSocket sock = spare;
        spare = null;
        if (sock == null || sock.over) {
          sock = new SegmentSocket(this);
          after.add(sock::dial);
        }
        s.socket = sock;
        sock.segment = s;
      }
      if (s.socket.ready) s.sendUnsent();
    }

    // ---------------------------------------------------------------- socket events (from SegmentSocket)

    private void opened(SegmentSocket sock) {
      synchronized (lock) {
        sock.ready = true;
        sock.sendText(init());
        if (sock.segment != null && !sock.segment.over) sock.segment.sendUnsent();
      }
    }

    private String init() {
      JsonWriter w = new JsonWriter().beginObject().field("text", " ").name("generation_config").beginObject()
          .name("chunk_length_schedule").beginArray();
      for (int len : options.chunkLengthSchedule()) w.value(len);
      return w.endArray().endObject().endObject().toString();
    }

    private void frame(SegmentSocket sock, String text) {
      JsonValue.Obj m;
      try {
        m = Json.parseObject(text);
      } catch (JsonException e) {
        problem(new ProviderException(PROVIDER, "frame", ProviderException.Kind.MALFORMED, 0,
            e.getMessage() + " in " + abbreviate(text), e));
        return; // LiveKit logs it and goes on
      }
      if (m.getPresent("error") instanceof JsonValue.Str error) {
        synchronized (lock) {
          sock.errorName = error.value();
          sock.errorMessage = m.getPresent("message") instanceof JsonValue.Str s ? s.value() : "";
        }
        return; // the close that follows reports it
      }
      Instant now = context.clock().now();
      Segment s;
      boolean first = false;
      TtsMetrics metric = null;
      boolean over = false;
      synchronized (lock) {
        s = sock.segment;
        if (s == null || s.over) return;
        if (m.getPresent("audio") instanceof JsonValue.Str audio && !audio.value().isEmpty()) {
          if (s.firstAudio == null) {
            s.firstAudio = now;
            first = true;
          }
          s.bytes += AudioFormat.base64DecodedLength(audio.value());
        }
        if (m.getPresent("isFinal") instanceof JsonValue.Bool b && b.value()) {
          over = true;
          s.over = true;
          pending.remove(s);
          metric = s.metric(now);
        }
      }
      if (first) listener.firstAudio(s);
      if (over) {
        if (metric != null) context.emit(metric);
        listener.done(s, metric);
        next();
      }
    }

    private void socketEnded(SegmentSocket sock, ProviderException failure) {
      Segment s;
      ProviderException e;
      synchronized (lock) {
        sock.over = true;
        if (spare == sock) {
          spare = null;
          s = null;
          e = null;
        } else {
          s = sock.segment;
          if (s == null || s.over) return;
          e = sock.errorName != null ? fromErrorFrame(sock, failure)
              : failure != null ? failure
              : new ProviderException(PROVIDER, "stream-input", ProviderException.Kind.CLOSED, 1000,
                  "closed before the final frame");
          s.over = true;
          s.failure = e;
          pending.remove(s);
          if (open == s) open = null;
        }
      }
      if (s == null) {
        // a refused handshake is reported; an unused socket the provider closed later (20 s without text) is
        // just dropped: the next segment dials anew
        if (!sock.ready && failure != null) problem(failure);
        return;
      }
      problem(e);
      listener.done(s, null);
      next();
    }

    private void next() {
      List<Runnable> after = new ArrayList<>(1);
      synchronized (lock) {
        advance(after);
      }
      after.forEach(Runnable::run);
    }

    private void problem(ProviderException e) {
      context.error(e);
      listener.error(e);
    }
  }

  private static ProviderException fromErrorFrame(SegmentSocket sock, ProviderException close) {
    ProviderException.Kind kind = switch (sock.errorName) {
      case "quota_exceeded" -> ProviderException.Kind.QUOTA_EXCEEDED;
      case "invalid_api_key", "needs_authorization" -> ProviderException.Kind.UNAUTHORIZED;
      default -> ProviderException.Kind.CLOSED;
    };
    int code = close == null ? 0 : close.code();
    return new ProviderException(PROVIDER, "stream-input", kind, code, sock.errorName + ": " + sock.errorMessage);
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  /** One flushed piece of text and its audio: one {@code TTSMetrics} when its final frame arrives. */
  public final class Segment implements StreamedTts.Segment {
    private final Stream stream;
    private final String id;
    // guarded by stream.lock
    private final StringBuilder text = new StringBuilder();
    private final List<String> unsent = new ArrayList<>();
    private SegmentSocket socket;
    private boolean flushed;
    private boolean endSent;
    private boolean over;
    private boolean interrupted;
    private ProviderException failure;
    private Instant started;
    private Instant firstAudio;
    private long bytes;

    private Segment(Stream stream, String id) {
      this.stream = stream;
      this.id = id;
    }

    /** The segment id, also the metric's {@code request_id} (ElevenLabs' stream-input sends none). */
    public String id() {
      return id;
    }

    public String text() {
      synchronized (stream.lock) {
        return text.toString();
      }
    }

    /** Audio bytes received so far. */
    public long audioBytes() {
      synchronized (stream.lock) {
        return bytes;
      }
    }

    /** When the first audio arrived, or null. */
    public Instant firstAudio() {
      synchronized (stream.lock) {
        return firstAudio;
      }
    }

    /** When its first text was sent (LiveKit's {@code _mark_started}), or null. */
    public Instant started() {
      synchronized (stream.lock) {
        return started;
      }
    }

    public boolean isInterrupted() {
      synchronized (stream.lock) {
        return interrupted;
      }
    }

    public boolean isOver() {
      synchronized (stream.lock) {
        return over;
      }
    }

    /** Why it ended without its final frame (other than an interruption), or null. */
    public ProviderException failure() {
      synchronized (stream.lock) {
        return failure;
      }
    }

    /**
     * Interrupts it: its socket is closed (ElevenLabs bills what it was sent all the same) and no metric is
     * emitted, as LiveKit emits none for a segment closed before its final frame. The next segment goes on.
     */
    public void cancel() {
      SegmentSocket sock;
      synchronized (stream.lock) {
        if (over) return;
        over = true;
        interrupted = true;
        stream.pending.remove(this);
        if (stream.open == this) stream.open = null;
        sock = socket;
      }
      if (sock != null) sock.closeAndAwaitAnswer(); // ElevenLabs reads the close before time moves on
      stream.listener.done(this, null);
      stream.next();
    }

    /** Sends the text not sent yet, and the end of input once flushed (lock held, socket ready). */
    private void sendUnsent() {
      for (String t : unsent) {
        if (started == null) started = context.clock().now();
        socket.sendText(new JsonWriter().beginObject().field("text", t).field("try_trigger_generation", false)
            .endObject().toString());
      }
      unsent.clear();
      if (flushed && !endSent) {
        endSent = true;
        socket.sendText(END_OF_INPUT);
      }
    }

    /** LiveKit's metric for a segment whose final frame arrived; none without audio (no frame, no final frame). */
    private TtsMetrics metric(Instant now) {
      if (started == null || firstAudio == null) return null;
      return TtsMetrics.builder().label(LABEL).requestId(id).segmentId(id).timestamp(now)
          .ttfb(Duration.between(started, firstAudio)).duration(Duration.between(started, now))
          .audioDuration(format.duration(bytes)).cancelled(false).charactersCount(characters(text.toString()))
          .streamed(true).metadata(metadata).build();
    }
  }

  /** One stream-input socket, for one segment. */
  private final class SegmentSocket extends ClientSocket {
    private final Stream stream;
    // guarded by stream.lock
    private Segment segment;
    private boolean ready;
    private boolean over;
    private String errorName;
    private String errorMessage;

    SegmentSocket(Stream stream) {
      super(ElevenLabsTtsClient.this.context, PROVIDER);
      this.stream = stream;
    }

    void dial() {
      connect(new Request.Builder().url(options.streamInputUrl()).header("xi-api-key", options.apiKey()));
    }

    void sendText(String text) {
      send(text);
    }

    @Override
    protected void opened(Response response) {
      stream.opened(this); // the init goes out while the handshake still counts as in flight
    }

    @Override
    protected void onText(String text) {
      stream.frame(this, text);
    }

    @Override
    protected void ended(int code, String reason) {
      stream.socketEnded(this, null);
    }

    @Override
    protected void failed(ProviderException e) {
      stream.socketEnded(this, e);
    }
  }
}
