package dev.agentharness.fake.elevenlabs;

import dev.agentharness.clock.Link;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.Requests;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake ElevenLabs text-to-speech API: HTTP streaming ({@code POST /v1/text-to-speech/{voice_id}/stream})
 * and WebSocket input streaming ({@code GET /v1/text-to-speech/{voice_id}/stream-input}), both keyed with
 * {@code xi-api-key}. It serves uncompressed audio ({@code pcm_8000} … {@code pcm_48000}, {@code ulaw_8000},
 * {@code alaw_8000}) and refuses mp3/opus with a 422, so that durations come from byte counts exactly.
 *
 * <p>Each HTTP request, and each segment a WebSocket synthesizes, plays the next scripted
 * {@link Reply}: its {@code audio} (or {@code rates().speechDuration(text)}), first audio after
 * {@code ttfb}, {@code chunk} per chunk, {@code chunkGap} apart. Each is billed to the ledger as a
 * {@code TTS_SYNTHESIS} of the characters synthesized. Faults are taken from a reply only when they target
 * {@link FaultKind.Target#TTS}.
 *
 * <pre>{@code
 * try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
 *   eleven.script(reply().audio(ofMillis(2400)));
 *   myTts.connect(eleven.baseUrl(), eleven.apiKey()); // asks for output_format=pcm_24000
 * }
 * }</pre>
 */
public final class FakeElevenLabs extends FakeProvider {

  /** The ledger's name for this fake. */
  public static final String SERVICE = "elevenlabs";
  /** The provider name LiveKit's ElevenLabs plugin reports. */
  public static final String PROVIDER = "ElevenLabs";
  /** The model billed when a request names none. */
  public static final String DEFAULT_MODEL = "eleven_multilingual_v2";
  /** Stream-input closes after this long without text unless {@code inactivity_timeout} says otherwise. */
  public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofSeconds(20);

  static final Pattern STREAM = Pattern.compile("/v1/text-to-speech/([^/]+)/stream");
  static final Pattern STREAM_INPUT = Pattern.compile("/v1/text-to-speech/([^/]+)/stream-input");

  final String defaultModel;
  final boolean honorChunkLengthSchedule;
  private final List<StreamInputConnection> connections = new CopyOnWriteArrayList<>();
  private final List<HttpSynthesis> requests = new CopyOnWriteArrayList<>();

  private FakeElevenLabs(Builder b) {
    super(SERVICE, b);
    this.defaultModel = b.model;
    this.honorChunkLengthSchedule = b.honorChunkLengthSchedule;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fake on a server of its own, with a random key and the default script. */
  public static FakeElevenLabs start() {
    return builder().start();
  }

  /** {@code http://127.0.0.1:PORT/v1} ({@code https} with TLS): an ElevenLabs client's base URL. */
  @Override
  public String baseUrl() {
    return server().httpUrl("/v1");
  }

  /** {@code http://127.0.0.1:PORT/v1/text-to-speech/{voiceId}/stream}: where to POST text. */
  public String streamUrl(String voiceId) {
    return server().httpUrl("/v1/text-to-speech/" + voiceId + "/stream");
  }

  /**
   * {@code ws://127.0.0.1:PORT/v1/text-to-speech/{voiceId}/stream-input?query}: the URL a streaming client
   * dials, e.g. {@code streamInputUrl(voice, "model_id=eleven_flash_v2_5&output_format=pcm_24000")}.
   */
  public String streamInputUrl(String voiceId, String query) {
    String path = "/v1/text-to-speech/" + voiceId + "/stream-input";
    return server().wsUrl(query == null || query.isEmpty() ? path : path + "?" + query);
  }

  /** The provider name LiveKit's plugin reports: {@value #PROVIDER}. */
  @Override
  protected String defaultProviderName() {
    return PROVIDER;
  }

  /** Open stream-input WebSockets. */
  public int openConnections() {
    return (int) connections.stream().filter(StreamInputConnection::isOpen).count();
  }

  @Override
  public String describe() {
    return "ElevenLabs: POST /v1/text-to-speech/{voice_id}/stream, GET /v1/text-to-speech/{voice_id}/stream-input";
  }

  @Override
  public boolean matches(RecordedRequest request) {
    String path = Requests.path(request);
    if (request.getMethod().equals("POST")) return STREAM.matcher(path).matches();
    return request.getMethod().equals("GET") && STREAM_INPUT.matcher(path).matches();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) {
    String path = Requests.path(request);
    if (request.getMethod().equals("POST")) {
      Matcher m = STREAM.matcher(path);
      m.matches();
      HttpSynthesis h = new HttpSynthesis(this, request, link, m.group(1));
      return h.answer();
    }
    Matcher m = STREAM_INPUT.matcher(path);
    m.matches();
    return StreamInputConnection.upgrade(this, request, link, m.group(1));
  }

  void track(StreamInputConnection c) {
    connections.add(c);
    server().track(c);
  }

  void forget(StreamInputConnection c) {
    connections.remove(c);
  }

  void track(HttpSynthesis h) {
    requests.add(h);
  }

  void forget(HttpSynthesis h) {
    requests.remove(h);
  }

  boolean keyOk(String presented) {
    return keyMatches(presented);
  }

  String nextId() {
    return ids().next("", 20);
  }

  @Override
  protected void dropConnections() {
    for (StreamInputConnection c : connections) c.dropNow();
    for (HttpSynthesis h : requests) h.cutNow();
  }

  /** The first fault of {@code kind} on {@code reply} that targets the TTS, or {@code null}. */
  static Fault ttsFault(Reply reply, FaultKind kind) {
    for (Fault f : reply.faults()) {
      if (f.kind() == kind && f.target() == FaultKind.Target.TTS) return f;
    }
    return null;
  }

  /** Builds a {@link FakeElevenLabs}. */
  public static final class Builder extends FakeProvider.Builder<Builder, FakeElevenLabs> {
    private String model = DEFAULT_MODEL;
    private boolean honorChunkLengthSchedule;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected String keyPrefix() {
      return "sk_test_";
    }

    /** The model billed when a request names none ({@value FakeElevenLabs#DEFAULT_MODEL} by default). */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Also synthesize stream-input text once the buffer reaches the next length of the init message's
     * {@code generation_config.chunk_length_schedule} (default {@code [120, 160, 250, 290]}), as ElevenLabs
     * does. Off by default: then text is synthesized only on {@code flush}, {@code try_trigger_generation}
     * or the end of input, so that one flushed segment plays one scripted reply.
     */
    public Builder honorChunkLengthSchedule(boolean honor) {
      this.honorChunkLengthSchedule = honor;
      return this;
    }

    @Override
    public FakeElevenLabs build() {
      return new FakeElevenLabs(this);
    }
  }
}
