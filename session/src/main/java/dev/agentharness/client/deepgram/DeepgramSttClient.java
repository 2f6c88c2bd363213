package dev.agentharness.client.deepgram;

import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ClientSocket;
import dev.agentharness.client.ProviderException;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.SttMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.Request;
import okhttp3.Response;
import okio.ByteString;

/**
 * A Deepgram live speech-to-text client ({@code /v1/listen}) that measures as LiveKit's Deepgram plugin
 * does (Python 1.7, {@code livekit.plugins.deepgram.stt.SpeechStream}):
 *
 * <ul>
 *   <li>every connection emits the zero-usage connection metric (empty request id, {@code acquire_time});
 *   <li>audio goes out in 50 ms frames ({@code sample_rate / 20} samples); each frame's duration is pushed
 *       to a 5 s periodic collector, which reports its sum when a push comes 5 s or more after its last
 *       report (not on a timer), and is also reported at the end of a user turn (before {@code Finalize}),
 *       at the end of input (before {@code CloseStream}) and when the connection ends;
 *   <li>every report is an {@link SttMetrics} with {@code audio_duration} = the sum, {@code duration} 0,
 *       {@code streamed}, and the {@code request_id} of the last {@code Results} ({@code ""} before any);
 *   <li>since LiveKit 1.5.7 (PR #5506), when the connection ends it also reports the connection's lifetime
 *       minus everything reported, when positive, so that the sum matches what Deepgram bills
 *       ({@link Options#reportRemainderOnClose()}; off reproduces the undercount of #5498).
 * </ul>
 *
 * <p>Time is read only from the context's clock. The caller (the session runtime) decides when audio is
 * pushed, when a turn ends and when the keep-alive goes out; the client never waits or sleeps.
 */
public final class DeepgramSttClient extends ClientSocket {

  /** The service name in errors (the fake's ledger name). */
  public static final String PROVIDER = "deepgram";
  /** LiveKit's label for its Deepgram STT. */
  public static final String LABEL = "livekit.plugins.deepgram.stt.STT";
  /** LiveKit's {@code PeriodicCollector(duration=5.0)}. */
  public static final Duration REPORT_PERIOD = Duration.ofSeconds(5);
  /** LiveKit's keep-alive period: the session sends {@link #keepAlive()} this often while it pushes no audio. */
  public static final Duration KEEPALIVE_PERIOD = Duration.ofSeconds(5);

  static final String KEEPALIVE = "{\"type\":\"KeepAlive\"}";
  static final String FINALIZE = "{\"type\":\"Finalize\"}";
  static final String CLOSE_STREAM = "{\"type\":\"CloseStream\"}";

  private final Options options;
  private final Listener listener;
  private final Metadata metadata;
  private final Scheduler scheduler;
  private final int frameBytes; // 50 ms of 16-bit mono
  private final Object lock = new Object();

  // guarded by lock
  private final byte[] pending; // audio of a 50 ms frame not complete yet
  private int pendingLength;
  private Instant connectStarted;
  private Instant openedAt;
  private Instant lastFlush;
  private Duration collected; // null: nothing pushed since the last report (LiveKit's None)
  private Duration reported = Duration.ZERO;
  private String requestId = "";
  private boolean speaking;
  private boolean inputEnded;
  private boolean done;
  private Scheduler.Scheduled closeTimeout;

  /**
   * What the client needs to know; {@code null}s take LiveKit's defaults.
   *
   * @param baseUrl LiveKit's {@code base_url}, path included, e.g. {@code https://api.deepgram.com/v1/listen}
   *     ({@code http} becomes {@code ws}, {@code https} {@code wss})
   * @param model {@code nova-3}
   * @param language {@code en-US}
   * @param sampleRate 16000 (16-bit mono PCM)
   * @param interimResults true
   * @param endpointingMs 25; 0 sends {@code endpointing=false}, as LiveKit does
   * @param utteranceEndMs {@code null} (not sent) or the {@code utterance_end_ms} to ask for
   * @param provider the provider the metrics name: {@code Deepgram}
   * @param reportRemainderOnClose true: LiveKit 1.5.7+, the lifetime remainder at close; false: before it
   */
  public record Options(String baseUrl, String apiKey, String model, String language, Integer sampleRate,
      Boolean interimResults, Integer endpointingMs, Integer utteranceEndMs, String provider,
      Boolean reportRemainderOnClose) {
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      if (model == null) model = "nova-3";
      if (language == null) language = "en-US";
      if (sampleRate == null) sampleRate = 16_000;
      if (sampleRate <= 0 || sampleRate % 20 != 0) {
        throw new IllegalArgumentException(
            "sampleRate must be a positive multiple of 20 (50 ms frames): " + sampleRate);
      }
      if (interimResults == null) interimResults = true;
      if (endpointingMs == null) endpointingMs = 25;
      if (provider == null) provider = "Deepgram";
      if (reportRemainderOnClose == null) reportRemainderOnClose = true;
    }

    /** LiveKit's defaults against {@code baseUrl}. */
    public static Options of(String baseUrl, String apiKey) {
      return new Options(baseUrl, apiKey, null, null, null, null, null, null, null, null);
    }

    public Options withModel(String model) {
      return new Options(baseUrl, apiKey, model, language, sampleRate, interimResults, endpointingMs, utteranceEndMs,
          provider, reportRemainderOnClose);
    }

    public Options withLanguage(String language) {
      return new Options(baseUrl, apiKey, model, language, sampleRate, interimResults, endpointingMs, utteranceEndMs,
          provider, reportRemainderOnClose);
    }

    public Options withSampleRate(int sampleRate) {
      return new Options(baseUrl, apiKey, model, language, sampleRate, interimResults, endpointingMs, utteranceEndMs,
          provider, reportRemainderOnClose);
    }

    public Options withInterimResults(boolean interimResults) {
      return new Options(baseUrl, apiKey, model, language, sampleRate, interimResults, endpointingMs, utteranceEndMs,
          provider, reportRemainderOnClose);
    }

    public Options withEndpointingMs(int endpointingMs) {
      return new Options(baseUrl, apiKey, model, language, sampleRate, interimResults, endpointingMs, utteranceEndMs,
          provider, reportRemainderOnClose);
    }

    public Options withUtteranceEndMs(Integer utteranceEndMs) {
      return new Options(baseUrl, apiKey, model, language, sampleRate, interimResults, endpointingMs, utteranceEndMs,
          provider, reportRemainderOnClose);
    }

    public Options withProvider(String provider) {
      return new Options(baseUrl, apiKey, model, language, sampleRate, interimResults, endpointingMs, utteranceEndMs,
          provider, reportRemainderOnClose);
    }

    /** {@code false} measures as LiveKit before 1.5.7: no lifetime remainder at close (#5498). */
    public Options withReportRemainderOnClose(boolean report) {
      return new Options(baseUrl, apiKey, model, language, sampleRate, interimResults, endpointingMs, utteranceEndMs,
          provider, report);
    }

    /**
     * LiveKit Python 1.7's query: {@code model, punctuate, smart_format, no_delay, interim_results, encoding,
     * vad_events, sample_rate, channels, endpointing, filler_words, profanity_filter, numerals, mip_opt_out},
     * then {@code utterance_end_ms} when set, then {@code language}.
     */
    public String query() {
      StringBuilder q = new StringBuilder();
      q.append("model=").append(model)
          .append("&punctuate=true&smart_format=false&no_delay=true")
          .append("&interim_results=").append(interimResults)
          .append("&encoding=linear16&vad_events=true")
          .append("&sample_rate=").append(sampleRate)
          .append("&channels=1")
          .append("&endpointing=").append(endpointingMs == 0 ? "false" : String.valueOf(endpointingMs))
          .append("&filler_words=true&profanity_filter=false&numerals=false&mip_opt_out=false");
      if (utteranceEndMs != null) q.append("&utterance_end_ms=").append(utteranceEndMs);
      q.append("&language=").append(java.net.URLEncoder.encode(language, java.nio.charset.StandardCharsets.UTF_8));
      return q.toString();
    }

    /** The URL dialled: {@code baseUrl} with {@code http} turned into {@code ws}, and {@link #query()}. */
    public String url() {
      return baseUrl.replaceFirst("^http", "ws") + "?" + query();
    }
  }

  /**
   * What happened, as LiveKit's speech events. Calls come from the client's reader thread, except those
   * caused by a call of the caller's ({@link #closed()} after a close timeout comes from the clock).
   */
  public interface Listener {
    /** {@code START_OF_SPEECH}: a {@code SpeechStarted}, or a transcript while not speaking; once per utterance. */
    default void speechStarted() {}

    /** {@code INTERIM_TRANSCRIPT}: a non-final {@code Results} with a non-empty transcript. */
    default void interimTranscript(String text) {}

    /** {@code FINAL_TRANSCRIPT}: a final {@code Results} with a non-empty transcript. */
    default void finalTranscript(String text, boolean speechFinal) {}

    /** {@code END_OF_SPEECH}: {@code speech_final} or {@code UtteranceEnd} while speaking; once per utterance. */
    default void endOfSpeech() {}

    /** The stream's summary {@code Metadata} (LiveKit ignores it). */
    default void metadata(String requestId, Duration audioDuration) {}

    default void error(ProviderException e) {}

    /** The connection is over (closed by the server, failed, refused, or given up on); called once. */
    default void closed() {}
  }

  public DeepgramSttClient(ClientContext context, Options options, Listener listener) {
    super(context, PROVIDER);
    this.options = Objects.requireNonNull(options, "options");
    this.listener = listener == null ? new Listener() {} : listener;
    this.metadata = new Metadata(options.model(), options.provider());
    this.scheduler = context.clock().scheduler(PROVIDER + " client");
    this.frameBytes = options.sampleRate() / 20 * 2;
    this.pending = new byte[frameBytes];
  }

  public Options options() {
    return options;
  }

  /** The {@code metadata.request_id} of the last {@code Results}; {@code ""} before any. */
  public String requestId() {
    synchronized (lock) {
      return requestId;
    }
  }

  /** Everything reported so far in usage metrics (the connection metric reports nothing). */
  public Duration reported() {
    synchronized (lock) {
      return reported;
    }
  }

  /** True once the connection is over and {@link Listener#closed()} was called. */
  public boolean isDone() {
    synchronized (lock) {
      return done;
    }
  }

  /** Dials {@link Options#url()} with {@code Authorization: Token <key>}. */
  public void connect() {
    synchronized (lock) {
      if (connectStarted != null) throw new IllegalStateException("connect() was called already");
      connectStarted = context.clock().now();
      lastFlush = connectStarted; // the collector starts with the stream, before the socket
    }
    connect(new Request.Builder().url(options.url()).header("Authorization", "Token " + options.apiKey()));
  }

  @Override
  protected void opened(Response response) {
    Instant now = context.clock().now();
    synchronized (lock) {
      openedAt = now;
    }
    // LiveKit 1.5.2+: every connection reports its acquire time in a zero-usage metric
    context.emit(SttMetrics.builder().label(LABEL).requestId("").timestamp(now)
        .acquireTime(Duration.between(connectStarted, now)).streamed(true).metadata(metadata).build());
    send(KEEPALIVE); // LiveKit's keep-alive task sends one at once
  }

  // ---------------------------------------------------------------- what the session calls

  /**
   * Sends 16-bit mono PCM at the options' sample rate, in 50 ms frames (a remainder waits for the next
   * push or for {@link #flush()}). Each frame's duration goes to the collector first, as LiveKit pushes it
   * before sending. Ignored once input has ended or the connection is over.
   */
  public void pushAudio(byte[] pcm16) {
    List<SttMetrics> reports = new ArrayList<>(1);
    synchronized (lock) {
      if (inputEnded || done) return;
      int i = 0;
      while (i < pcm16.length) {
        int n = Math.min(frameBytes - pendingLength, pcm16.length - i);
        System.arraycopy(pcm16, i, pending, pendingLength, n);
        pendingLength += n;
        i += n;
        if (pendingLength == frameBytes) {
          sendFrame(pending, frameBytes, reports);
          pendingLength = 0;
        }
      }
    }
    reports.forEach(context::emit);
  }

  /** LiveKit's keep-alive: the session calls it every {@link #KEEPALIVE_PERIOD} while it pushes no audio. */
  public void keepAlive() {
    synchronized (lock) {
      if (done) return;
    }
    send(KEEPALIVE);
  }

  /**
   * The end of a user turn ({@code SpeechStream.flush()}): the rest of the audio as a short frame, the
   * collector's report, then {@code Finalize}.
   */
  public void flush() {
    List<SttMetrics> reports = new ArrayList<>(2);
    synchronized (lock) {
      if (inputEnded || done) return;
      sendRemainder(reports);
      report(reports);
    }
    reports.forEach(context::emit);
    send(FINALIZE);
  }

  /**
   * The end of input: the rest of the audio, the collector's report, then {@code CloseStream}. The
   * server answers with its last {@code Results}, {@code Metadata} and the close; the connection's end
   * then reports the lifetime remainder (if {@link Options#reportRemainderOnClose()}) and calls
   * {@link Listener#closed()}. If the server has not closed within the context's timeout (on the clock),
   * the client gives up: a {@link ProviderException.Kind#TIMEOUT}, then the same end.
   */
  @Override
  public void close() {
    List<SttMetrics> reports = new ArrayList<>(2);
    synchronized (lock) {
      if (inputEnded || done) return;
      inputEnded = true;
      sendRemainder(reports);
      report(reports);
      closeTimeout = scheduler.after(context.timeout(), this::closeTimedOut);
    }
    reports.forEach(context::emit);
    send(CLOSE_STREAM);
  }

  private void closeTimedOut() {
    ProviderException e = new ProviderException(PROVIDER, "CloseStream", ProviderException.Kind.TIMEOUT, 0,
        "the server did not close the stream within " + context.timeout());
    if (connectionEnded(e)) cancel();
  }

  // ---------------------------------------------------------------- the collector (lock held)

  private void sendFrame(byte[] pcm, int length, List<SttMetrics> reports) {
    Duration d = Duration.ofNanos((long) (length / 2) * 1_000_000_000L / options.sampleRate());
    // PeriodicCollector.push: add, then report if the last report is 5 s or more behind
    collected = collected == null ? d : collected.plus(d);
    Instant now = context.clock().now();
    if (Duration.between(lastFlush, now).compareTo(REPORT_PERIOD) >= 0) report(reports);
    send(ByteString.of(pcm, 0, length));
  }

  private void sendRemainder(List<SttMetrics> reports) {
    int whole = pendingLength - pendingLength % 2;
    if (whole > 0) sendFrame(pending, whole, reports);
    pendingLength = 0;
  }

  /** PeriodicCollector.flush: report the sum if anything was pushed since the last report; restart the period. */
  private void report(List<SttMetrics> reports) {
    Instant now = context.clock().now();
    if (collected != null) {
      reports.add(usage(collected, now));
      collected = null;
    }
    lastFlush = now;
  }

  private SttMetrics usage(Duration audio, Instant now) {
    reported = reported.plus(audio);
    return SttMetrics.builder().label(LABEL).requestId(requestId).timestamp(now).duration(Duration.ZERO)
        .audioDuration(audio).streamed(true).metadata(metadata).build();
  }

  // ---------------------------------------------------------------- server messages

  @Override
  protected void onText(String text) {
    JsonValue.Obj m;
    String type;
    try {
      m = Json.parseObject(text);
      type = m.getPresent("type") instanceof JsonValue.Str s ? s.value() : "";
    } catch (JsonException e) {
      // LiveKit logs "failed to process deepgram message" and goes on
      problem(new ProviderException(PROVIDER, "frame", ProviderException.Kind.MALFORMED, 0,
          e.getMessage() + " in " + abbreviate(text), e));
      return;
    }
    switch (type) {
      case "SpeechStarted" -> speechStarted();
      case "Results" -> results(m);
      case "UtteranceEnd" -> endOfSpeech();
      case "Metadata" -> listener.metadata(str(m, "request_id"), seconds(m.getPresent("duration")));
      case "Error" -> problem(new ProviderException(PROVIDER, "Error", ProviderException.Kind.ERROR_EVENT, 0,
          str(m, "variant") + ": " + str(m, "description")));
      default -> { } // LiveKit: "received unexpected message from deepgram"
    }
  }

  @Override
  protected void onBinary(ByteString bytes) {
    // Deepgram sends text only; LiveKit logs "unexpected deepgram message type" and goes on
  }

  private void speechStarted() {
    synchronized (lock) {
      if (speaking) return;
      speaking = true;
    }
    listener.speechStarted();
  }

  private void endOfSpeech() {
    synchronized (lock) {
      if (!speaking) return;
      speaking = false;
    }
    listener.endOfSpeech();
  }

  private void results(JsonValue.Obj m) {
    JsonValue.Obj meta = m.getPresent("metadata") instanceof JsonValue.Obj o ? o : null;
    String id = meta == null ? null : str(meta, "request_id");
    if (id != null) {
      synchronized (lock) {
        requestId = id;
      }
    }
    boolean isFinal = m.getPresent("is_final") instanceof JsonValue.Bool b && b.value();
    boolean speechFinal = m.getPresent("speech_final") instanceof JsonValue.Bool b && b.value();
    String transcript = "";
    if (m.getPresent("channel") instanceof JsonValue.Obj channel
        && channel.getPresent("alternatives") instanceof JsonValue.Arr alts && !alts.items().isEmpty()
        && alts.items().get(0) instanceof JsonValue.Obj first) {
      String t = str(first, "transcript");
      transcript = t == null ? "" : t;
    }
    if (!transcript.isEmpty()) {
      speechStarted(); // a transcript without a SpeechStarted starts speech too
      if (isFinal) {
        listener.finalTranscript(transcript, speechFinal);
      } else {
        listener.interimTranscript(transcript);
      }
    }
    if (speechFinal) endOfSpeech();
  }

  private void problem(ProviderException e) {
    context.error(e);
    listener.error(e);
  }

  // ---------------------------------------------------------------- the end of the connection

  @Override
  protected void ended(int code, String reason) {
    connectionEnded(null);
  }

  @Override
  protected void failed(ProviderException e) {
    boolean expected;
    synchronized (lock) {
      expected = inputEnded && e.kind() == ProviderException.Kind.CLOSED;
    }
    // after CloseStream any close is the expected end (LiveKit's closing_ws); before it, APIStatusError
    connectionEnded(expected ? null : e);
  }

  @Override
  protected ProviderException.Kind closeKind(int code, String reason) {
    return ProviderException.Kind.CLOSED; // LiveKit: APIStatusError(status_code=<close code>) for every code
  }

  @Override
  protected String handshakeDetail(Response response, String body) {
    String dgError = response.header("dg-error");
    if (dgError == null || dgError.isEmpty()) return abbreviate(body);
    String id = response.header("dg-request-id");
    return dgError + (id == null ? "" : " (dg-request-id " + id + ")");
  }

  /**
   * Once per connection: the collector's last report, the lifetime remainder, the error if any, then
   * {@link Listener#closed()}. Returns false if the connection had ended already.
   */
  private boolean connectionEnded(ProviderException error) {
    List<SttMetrics> reports = new ArrayList<>(2);
    synchronized (lock) {
      if (done) return false;
      done = true;
      if (closeTimeout != null) closeTimeout.cancel();
      if (openedAt != null) {
        report(reports);
        if (options.reportRemainderOnClose()) {
          Instant now = context.clock().now();
          Duration remainder = Duration.between(openedAt, now).minus(reported);
          if (remainder.compareTo(Duration.ZERO) > 0) reports.add(usage(remainder, now));
        }
      }
    }
    reports.forEach(context::emit);
    if (error != null) problem(error);
    listener.closed();
    return true;
  }

  private static String str(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Str s ? s.value() : null;
  }

  private static Duration seconds(JsonValue v) {
    if (!(v instanceof JsonValue.Num n)) return Duration.ZERO;
    return Duration.ofNanos(n.decimalValue().multiply(BigDecimal.valueOf(1_000_000_000L)).longValue());
  }
}
