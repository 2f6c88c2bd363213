package dev.agentharness.client.cartesia;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ClientSocket;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.StreamedTts;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.TtsMetrics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A Cartesia text-to-speech WebSocket client ({@code /tts/websocket}) that measures as LiveKit's Cartesia
 * plugin does, as a {@code SynthesizeStream} ({@code streamed=true}):
 *
 * <ul>
 *   <li>each segment (the text pushed up to a {@link Stream#flush()}) is one Cartesia context: its text goes
 *       out with {@code "continue":true}, the flush sends {@code "transcript":""} with {@code "continue":false};
 *   <li>the segment's metric is emitted when its {@code done} arrives (LiveKit's final frame): {@code ttfb} =
 *       first {@code chunk} − when its first text was sent ({@code _mark_started}), {@code duration} =
 *       {@code done} − that, {@code audio_duration} from the decoded bytes, {@code characters_count} = the
 *       segment's text, {@code request_id} = {@code segment_id} = the {@code context_id};
 *   <li>a segment cancelled ({@code "cancel":true}) or lost before its {@code done} emits <b>no</b> metric
 *       (LiveKit ≥ 1.1.0), though Cartesia billed its characters.
 * </ul>
 *
 * <p>One socket serves the stream's contexts; they stream independently. Time is read only from the
 * context's clock; the client never waits or sleeps. No connection metric is emitted (LiveKit's notes name
 * one for STT and realtime models, not for TTS).
 */
public final class CartesiaTtsClient {

  /** The service name in errors (the fake's ledger name). */
  public static final String PROVIDER = "cartesia";
  /** LiveKit's label for its Cartesia TTS. */
  public static final String LABEL = "livekit.plugins.cartesia.tts.TTS";
  /** The first API version authenticated with {@code Authorization: Bearer} rather than {@code X-API-Key}. */
  public static final String BEARER_SINCE = "2025-04-16";

  private final ClientContext context;
  private final Options options;
  private final Metadata metadata;
  private final AudioFormat format;
  private final Object idLock = new Object();
  private int streams; // guarded by idLock

  /**
   * What the client needs to know; {@code null}s take the defaults.
   *
   * @param baseUrl Cartesia's base: {@code https://api.cartesia.ai} (the fake's {@code baseUrl()}); {@code http}
   *     becomes {@code ws}
   * @param model {@code sonic-2}
   * @param voiceId {@code a0e99841-438c-4a64-b679-ae501e7d6091}
   * @param language {@code en}
   * @param encoding {@code pcm_s16le} ({@code pcm_f32le}, {@code pcm_mulaw}, {@code pcm_alaw})
   * @param sampleRate 24000
   * @param version {@code 2024-06-10} (LiveKit's {@code API_VERSION}); sent as {@code ?cartesia_version=}.
   *     Before {@value #BEARER_SINCE} the key goes in {@code X-API-Key}, from it on in {@code Authorization: Bearer}
   * @param provider the provider the metrics name: {@code Cartesia}
   */
  public record Options(String baseUrl, String apiKey, String model, String voiceId, String language, String encoding,
      Integer sampleRate, String version, String provider) {
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      baseUrl = baseUrl.replaceAll("/+$", "");
      if (model == null) model = "sonic-2";
      if (voiceId == null) voiceId = "a0e99841-438c-4a64-b679-ae501e7d6091";
      if (language == null) language = "en";
      if (encoding == null) encoding = "pcm_s16le";
      if (sampleRate == null) sampleRate = 24_000;
      if (version == null) version = "2024-06-10";
      if (provider == null) provider = "Cartesia";
      audioFormat(encoding, sampleRate); // fails early on an unknown encoding
    }

    public static Options of(String baseUrl, String apiKey) {
      return new Options(baseUrl, apiKey, null, null, null, null, null, null, null);
    }

    public Options withModel(String model) {
      return new Options(baseUrl, apiKey, model, voiceId, language, encoding, sampleRate, version, provider);
    }

    public Options withVoiceId(String voiceId) {
      return new Options(baseUrl, apiKey, model, voiceId, language, encoding, sampleRate, version, provider);
    }

    public Options withLanguage(String language) {
      return new Options(baseUrl, apiKey, model, voiceId, language, encoding, sampleRate, version, provider);
    }

    public Options withEncoding(String encoding, int sampleRate) {
      return new Options(baseUrl, apiKey, model, voiceId, language, encoding, sampleRate, version, provider);
    }

    public Options withVersion(String version) {
      return new Options(baseUrl, apiKey, model, voiceId, language, encoding, sampleRate, version, provider);
    }

    public Options withProvider(String provider) {
      return new Options(baseUrl, apiKey, model, voiceId, language, encoding, sampleRate, version, provider);
    }

    /** {@code {base as ws}/tts/websocket?cartesia_version=…}. */
    public String url() {
      return baseUrl.replaceFirst("^http", "ws") + "/tts/websocket?cartesia_version="
          + URLEncoder.encode(version, StandardCharsets.UTF_8);
    }

    /** The audio {@link #encoding()} and {@link #sampleRate()} name. */
    public AudioFormat audioFormat() {
      return audioFormat(encoding, sampleRate);
    }

    private static AudioFormat audioFormat(String encoding, int sampleRate) {
      int bytesPerSample = switch (encoding) {
        case "pcm_s16le" -> 2;
        case "pcm_f32le" -> 4;
        case "pcm_mulaw", "pcm_alaw" -> 1;
        default -> throw new IllegalArgumentException(
            "encoding must be pcm_s16le, pcm_f32le, pcm_mulaw or pcm_alaw: " + encoding);
      };
      return new AudioFormat(encoding, sampleRate, 1, bytesPerSample);
    }
  }

  public CartesiaTtsClient(ClientContext context, Options options) {
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

  /** What a stream's segments did: {@link StreamedTts.Listener} for this client's segments. */
  public interface StreamListener extends StreamedTts.Listener<Segment> {}

  /** Opens a stream and dials its socket. */
  public Stream stream(StreamedTts.Listener<Segment> listener) {
    int n;
    synchronized (idLock) {
      n = ++streams;
    }
    Stream s = new Stream(n, listener == null ? new StreamListener() {} : listener);
    s.dial();
    return s;
  }

  /**
   * A text stream on one socket: {@link #pushText} adds to the current segment (a Cartesia context),
   * {@link #flush()} ends it.
   */
  public final class Stream implements StreamedTts.Stream<Segment> {
    private final int number;
    private final StreamedTts.Listener<Segment> listener;
    private final Object lock = new Object();

    // guarded by lock
    private final List<Segment> pending = new ArrayList<>(); // not over, in order
    private final Set<String> failed = new HashSet<>(); // contexts ended by an error
    private Segment open; // taking text
    private Socket socket;
    private int segments;
    private boolean inputEnded;
    private boolean socketClosed; // by us, at the end of input

    private Stream(int number, StreamedTts.Listener<Segment> listener) {
      this.number = number;
      this.listener = listener;
    }

    private void dial() {
      Socket s;
      synchronized (lock) {
        s = new Socket(this);
        socket = s;
      }
      s.dial();
    }

    /**
     * Adds {@code text} to the current segment (a new context after a flush) and sends it with
     * {@code "continue":true}. The text is sent as given, so {@code characters_count} is exactly what was
     * billed. Empty text and text after {@link #close()} are ignored ({@code null} is then returned).
     */
    public Segment pushText(String text) {
      Objects.requireNonNull(text, "text");
      Segment s;
      boolean redial = false;
      synchronized (lock) {
        if (inputEnded || text.isEmpty()) return null;
        if (open == null) {
          open = new Segment(this, "ctx_" + number + "_" + ++segments);
          pending.add(open);
          if (socket.over) {
            socket = new Socket(this); // the provider closed the last one (idle, fault): a new connection
            redial = true;
          }
          open.socket = socket;
        }
        s = open;
        s.text.append(text);
        s.unsent.add(text);
        if (s.socket.ready) s.sendUnsent();
      }
      if (redial) s.socket.dial();
      return s;
    }

    /**
     * Ends the current segment ({@code "continue":false}): Cartesia synthesizes the rest and answers
     * {@code done}. Returns it, or {@code null} if no text was pushed since the last flush.
     */
    public Segment flush() {
      synchronized (lock) {
        Segment s = open;
        if (s == null) return null;
        open = null;
        s.flushed = true;
        if (s.socket.ready) s.sendUnsent();
        return s;
      }
    }

    /** Interrupts every segment not over yet: each is cancelled and emits no metric. The stream stays usable. */
    public void interrupt() {
      List<Segment> all;
      synchronized (lock) {
        all = List.copyOf(pending);
      }
      all.forEach(Segment::cancel);
    }

    /**
     * The end of input: the current segment is flushed; the socket closes once every pending segment is
     * over (at once if none is).
     */
    public void close() {
      flush();
      synchronized (lock) {
        inputEnded = true;
      }
      closeIfDone();
    }

    /** Drops everything at once: the pending segments are interrupted, the socket closed. */
    public void cancel() {
      synchronized (lock) {
        inputEnded = true;
      }
      interrupt();
      closeIfDone();
    }

    /** True once input has ended and every segment is over. */
    public boolean isDone() {
      synchronized (lock) {
        return inputEnded && pending.isEmpty();
      }
    }

    private void closeIfDone() {
      Socket s;
      synchronized (lock) {
        if (!inputEnded || !pending.isEmpty() || socketClosed) return;
        socketClosed = true;
        s = socket;
      }
      s.close();
    }

    // ---------------------------------------------------------------- socket events

    private void opened(Socket sock) {
      synchronized (lock) {
        sock.ready = true;
        for (Segment s : pending) {
          if (s.socket == sock) s.sendUnsent();
        }
      }
    }

    private void frame(String text) {
      JsonValue.Obj m;
      try {
        m = Json.parseObject(text);
      } catch (JsonException e) {
        problem(new ProviderException(PROVIDER, "frame", ProviderException.Kind.MALFORMED, 0,
            e.getMessage() + " in " + abbreviate(text), e));
        return; // LiveKit logs it and goes on
      }
      String type = str(m, "type");
      String contextId = str(m, "context_id");
      if ("error".equals(type)) {
        contextError(m, contextId);
        return;
      }
      Instant now = context.clock().now();
      Segment s;
      boolean first = false;
      boolean over = false;
      TtsMetrics metric = null;
      synchronized (lock) {
        s = find(contextId);
        if (s == null) return; // a cancelled context's late message, or one we never opened
        if ("chunk".equals(type) && m.getPresent("data") instanceof JsonValue.Str data && !data.value().isEmpty()) {
          if (s.firstAudio == null) {
            s.firstAudio = now;
            first = true;
          }
          s.bytes += AudioFormat.base64DecodedLength(data.value());
        }
        if ("done".equals(type)) {
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
        closeIfDone();
      }
    }

    /** An error names its context (which then fails: no metric) or none (reported only). */
    private void contextError(JsonValue.Obj m, String contextId) {
      int status = m.getPresent("status_code") instanceof JsonValue.Num n && n.isIntegral()
          ? (int) n.longValue("status_code") : 0;
      String code = str(m, "error_code");
      String message = str(m, "message");
      if (message == null) message = str(m, "error");
      String detail = (code == null ? "" : code + ": ") + (message == null ? "" : message);
      Segment s;
      ProviderException e;
      synchronized (lock) {
        if (contextId != null && failed.contains(contextId)) return; // the rest of what was sent to it, refused again
        s = find(contextId);
        ProviderException.Kind kind = s == null ? ProviderException.Kind.ERROR_EVENT
            : status >= 400 ? ProviderException.kindOfStatus(status) : ProviderException.Kind.ERROR_EVENT;
        e = new ProviderException(PROVIDER, "error" + (contextId == null ? "" : " (context " + contextId + ")"),
            kind, status, detail);
        if (s != null) {
          s.over = true;
          s.failure = e;
          pending.remove(s);
          if (open == s) open = null;
          failed.add(contextId);
        }
      }
      problem(e);
      if (s != null) {
        listener.done(s, null);
        closeIfDone();
      }
    }

    private void socketEnded(Socket sock, ProviderException failure) {
      List<Segment> lost = new ArrayList<>();
      ProviderException e;
      synchronized (lock) {
        sock.over = true;
        for (Segment s : List.copyOf(pending)) {
          if (s.socket == sock) lost.add(s);
        }
        // a refused handshake, a close with an error code, a drop; a normal close (idle) only matters to contexts
        e = failure != null ? failure : lost.isEmpty() ? null
            : new ProviderException(PROVIDER, "connection", ProviderException.Kind.CLOSED, 1000,
                "closed before done of " + lost.size() + " context(s)");
        for (Segment s : lost) {
          s.over = true;
          s.failure = e;
          pending.remove(s);
        }
        if (open != null && open.over) open = null;
      }
      if (e != null) problem(e);
      for (Segment s : lost) listener.done(s, null);
    }

    private Segment find(String contextId) {
      if (contextId == null) return null;
      for (Segment s : pending) {
        if (s.id.equals(contextId)) return s;
      }
      return null;
    }

    private void problem(ProviderException e) {
      context.error(e);
      listener.error(e);
    }
  }

  private static String str(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Str s ? s.value() : null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  /** One flushed piece of text: one Cartesia context, one {@code TTSMetrics} when its {@code done} arrives. */
  public final class Segment implements StreamedTts.Segment {
    private final Stream stream;
    private final String id;
    // guarded by stream.lock
    private final StringBuilder text = new StringBuilder();
    private final List<String> unsent = new ArrayList<>();
    private Socket socket;
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

    /** The {@code context_id}: the metric's {@code request_id} and {@code segment_id}, Cartesia's billing id. */
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
     * Interrupts it: {@code {"context_id":…,"cancel":true}} (Cartesia bills what the context received all the
     * same) and no metric, as LiveKit emits none for a segment closed before its final frame.
     */
    public void cancel() {
      synchronized (stream.lock) {
        if (over) return;
        over = true;
        interrupted = true;
        stream.pending.remove(this);
        if (stream.open == this) stream.open = null;
        if (started != null && socket.ready) {
          socket.sendText(new JsonWriter().beginObject().field("context_id", id).field("cancel", true).endObject()
              .toString());
        }
        unsent.clear();
      }
      stream.listener.done(this, null);
      stream.closeIfDone();
    }

    /** Sends the text not sent yet, then the last input once flushed (lock held, socket ready). */
    private void sendUnsent() {
      if (over) return;
      for (String t : unsent) {
        if (started == null) started = context.clock().now();
        socket.sendText(request(t, true));
      }
      unsent.clear();
      if (flushed && !endSent) {
        endSent = true;
        socket.sendText(request("", false));
      }
    }

    /** LiveKit's packet: every field with every message. */
    private String request(String transcript, boolean more) {
      return new JsonWriter().beginObject().field("model_id", options.model()).field("transcript", transcript)
          .name("voice").beginObject().field("mode", "id").field("id", options.voiceId()).endObject()
          .field("language", options.language()).field("context_id", id)
          .name("output_format").beginObject().field("container", "raw").field("encoding", options.encoding())
          .field("sample_rate", options.sampleRate()).endObject()
          .field("continue", more).endObject().toString();
    }

    /** LiveKit's metric for a segment whose {@code done} arrived; none without audio (no frame, no final frame). */
    private TtsMetrics metric(Instant now) {
      if (started == null || firstAudio == null) return null;
      return TtsMetrics.builder().label(LABEL).requestId(id).segmentId(id).timestamp(now)
          .ttfb(Duration.between(started, firstAudio)).duration(Duration.between(started, now))
          .audioDuration(format.duration(bytes)).cancelled(false)
          .charactersCount(text.codePointCount(0, text.length())).streamed(true).metadata(metadata).build();
    }
  }

  /** The stream's socket. */
  private final class Socket extends ClientSocket {
    private final Stream stream;
    // guarded by stream.lock
    private boolean ready;
    private boolean over;

    Socket(Stream stream) {
      super(CartesiaTtsClient.this.context, PROVIDER);
      this.stream = stream;
    }

    void dial() {
      Request.Builder r = new Request.Builder().url(options.url());
      if (options.version().compareTo(BEARER_SINCE) >= 0) {
        r.header("Authorization", "Bearer " + options.apiKey());
      } else {
        r.header("X-API-Key", options.apiKey());
      }
      connect(r);
    }

    void sendText(String text) {
      send(text);
    }

    @Override
    protected void opened(Response response) {
      stream.opened(this); // queued text goes out while the handshake still counts as in flight
    }

    @Override
    protected void onText(String text) {
      stream.frame(text);
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
