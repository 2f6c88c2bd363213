package dev.agentharness.fake.deepgram;

import dev.agentharness.clock.Link;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.Requests;
import dev.agentharness.fake.UserTranscripts;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.UserSpeech;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake Deepgram live speech-to-text API: {@code GET /v1/listen?model=...&encoding=linear16&...}
 * upgraded to a WebSocket.
 *
 * <p>It requires the key as {@code Authorization: Token <key>}, {@code Authorization: Bearer <key>} or
 * {@code Sec-WebSocket-Protocol: token, <key>}, checks the query the way Deepgram does (HTTP 400 with
 * {@code dg-error} for an unknown parameter or a value such as {@code language=english}), detects the
 * user's speech by energy in the audio it receives (the harness's user speaks a tone, silence is zeros),
 * and answers with {@code SpeechStarted}, interim and final {@code Results} carrying the next scripted
 * {@linkplain Builder#transcripts transcript}, and {@code UtteranceEnd}. {@code Finalize},
 * {@code CloseStream}, {@code KeepAlive} and the 10 s inactivity timeout behave as Deepgram's do; the
 * stream ends with {@code Metadata}. Every stream is billed to the ledger when it ends (see
 * {@link StreamBilling}).
 *
 * <pre>{@code
 * try (FakeDeepgram deepgram = FakeDeepgram.builder().transcripts(List.of("What is my balance?")).start()) {
 *   // LiveKit: deepgram.STT(base_url=deepgram.baseUrl(), api_key=deepgram.apiKey())
 *   myAgent.useDeepgram(deepgram.baseUrl(), deepgram.apiKey());
 * }
 * }</pre>
 */
public final class FakeDeepgram extends FakeProvider {

  /** The ledger's name for this fake. */
  public static final String SERVICE = "deepgram";
  /** The provider LiveKit's Deepgram plugin names in metric metadata. */
  public static final String PROVIDER = "Deepgram";
  /** Deepgram closes a stream that received neither audio nor text for this long. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  /** The close reason of the inactivity timeout (close code 1011). */
  public static final String IDLE_TIMEOUT_REASON =
      "Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001";

  /** What the ledger bills for one stream, in {@link dev.agentharness.ledger.LedgerEntry#audio()}. */
  public enum StreamBilling {
    /**
     * The connection's lifetime on the session clock, from the handshake to the close (default). This is
     * what Deepgram bills a stream for, so that LiveKit's sum of {@code stt_audio_duration} undercounts it
     * by the time no audio was pushed (livekit/agents #5498) unless the plugin adds the remainder of the
     * lifetime at close (LiveKit 1.5.7+).
     */
    LIFETIME,
    /** The audio received ({@code Metadata.duration}): what a plugin that counts pushed frames reports. */
    AUDIO_RECEIVED
  }

  /**
   * One stream as the fake saw it.
   *
   * @param requestId the {@code dg-request-id}, also the ledger entry's id
   * @param query the query string of the handshake
   * @param closed when the stream ended on the session clock; {@code null} while it is open
   * @param audioReceived the audio received ({@code Metadata.duration})
   * @param lifetime from the handshake to the close (or to now while open)
   * @param billed what the ledger bills for it ({@link StreamBilling})
   * @param status {@code completed}, {@code incomplete} (dropped or closed by a fault) or {@code failed}
   *     (undecodable audio)
   * @param closeCode the close code (1006 for a dropped connection); 0 while open
   * @param sha256 hex SHA-256 of the binary frames received, once the stream has ended
   */
  public record ListenStream(String requestId, String model, String query, Instant opened, Instant closed,
      Duration audioReceived, Duration lifetime, Duration billed, String status, int closeCode, String sha256) {}

  final StreamBilling billing;
  final String defaultModel;
  final Duration latency;
  final Duration idleTimeout;
  private final UserTranscripts transcripts;
  private final List<DeepgramConnection> connections = new CopyOnWriteArrayList<>();
  private final Object handshakeLock = new Object();

  private FakeDeepgram(Builder b) {
    super(SERVICE, b);
    this.billing = b.billing;
    this.defaultModel = b.model;
    this.latency = b.latency;
    this.idleTimeout = b.idleTimeout;
    this.transcripts = new UserTranscripts(b.transcripts);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fake on a server of its own, with a random key, saying {@value UserSpeech#DEFAULT_TEXT} to every utterance. */
  public static FakeDeepgram start() {
    return builder().start();
  }

  /**
   * {@code http://127.0.0.1:PORT/v1/listen} ({@code https} with TLS): LiveKit's {@code base_url}, which
   * includes the path. LiveKit turns {@code http} into {@code ws} (and {@code https} into {@code wss})
   * and appends the query; the fake serves both schemes on the same port.
   */
  @Override
  public String baseUrl() {
    return server().httpUrl("/v1/listen");
  }

  /** {@code ws://127.0.0.1:PORT/v1/listen?<query>} ({@code wss} with TLS): the URL a client dials. */
  public String listenUrl(String query) {
    return server().wsUrl("/v1/listen" + (query == null || query.isEmpty() ? "" : "?" + query));
  }

  /** {@value #PROVIDER}: the provider LiveKit's Deepgram plugin reports. */
  @Override
  protected String defaultProviderName() {
    return PROVIDER;
  }

  public StreamBilling billing() {
    return billing;
  }

  /** Every stream accepted so far, oldest first (open ones included). */
  public List<ListenStream> streams() {
    List<ListenStream> out = new ArrayList<>();
    for (DeepgramConnection c : connections) out.add(c.snapshot());
    return out;
  }

  /** The stream with this request id, or {@code null}. */
  public ListenStream stream(String requestId) {
    for (DeepgramConnection c : connections) {
      if (c.requestId().equals(requestId)) return c.snapshot();
    }
    return null;
  }

  /** Streams accepted and not ended yet. */
  public int openConnections() {
    return (int) connections.stream().filter(DeepgramConnection::live).count();
  }

  @Override
  public String describe() {
    return "Deepgram live STT: GET /v1/listen";
  }

  @Override
  public boolean matches(RecordedRequest request) {
    return request.getMethod().equals("GET") && Requests.path(request).equals("/v1/listen");
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) {
    String requestId = ids().uuid();
    if (Requests.header(request, "Sec-WebSocket-Key") == null) {
      return DeepgramErrors.badRequest("agentharness: /v1/listen is served as a WebSocket only (live streaming); "
          + "the fake serves no pre-recorded transcription.", requestId);
    }
    String[] protocol = subprotocol(request);
    boolean authorized = keyMatches(Requests.authorization(request, "Token"))
        || keyMatches(Requests.authorization(request, "Bearer"))
        || (protocol != null && keyMatches(protocol[1]));
    if (!authorized) return DeepgramErrors.unauthorized(requestId);
    ListenOptions options;
    try {
      options = ListenOptions.parse(request.getTarget(), defaultModel);
    } catch (ListenOptions.Invalid e) {
      return DeepgramErrors.badRequest(e.getMessage(), requestId);
    }
    MockResponse refused = scriptedRefusal(requestId);
    if (refused != null) return refused;
    DeepgramConnection c = new DeepgramConnection(this, link, requestId, options);
    connections.add(c);
    server().track(c);
    MockResponse.Builder b = new MockResponse.Builder().webSocketUpgrade(c)
        .setHeader("dg-request-id", requestId)
        .setHeader("access-control-expose-headers", "dg-model-name,dg-model-uuid,dg-char-count,dg-request-id,dg-error");
    if (protocol != null) b.setHeader("Sec-WebSocket-Protocol", protocol[0]);
    return b.build();
  }

  /** {@code Sec-WebSocket-Protocol: token, <key>} (or {@code bearer, <token>}): the scheme as sent, and the key. */
  private static String[] subprotocol(RecordedRequest request) {
    String h = Requests.header(request, "Sec-WebSocket-Protocol");
    if (h == null) return null;
    String[] parts = h.split(",");
    if (parts.length != 2) return null;
    String scheme = parts[0].trim();
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (!lower.equals("token") && !lower.equals("bearer")) return null;
    return new String[] {scheme, parts[1].trim()};
  }

  /** A handshake fault on the next scripted reply refuses this connection (and uses the reply up). */
  private MockResponse scriptedRefusal(String requestId) {
    synchronized (handshakeLock) {
      Reply next = script().peek();
      Fault f = sttFault(next, FaultKind.HTTP_401, FaultKind.HTTP_429, FaultKind.HTTP_500);
      if (f == null) return null;
      script().next();
      if (f.kind() == FaultKind.HTTP_401) return DeepgramErrors.unauthorized(requestId);
      if (f.kind() == FaultKind.HTTP_429) {
        return DeepgramErrors.tooManyRequests(f.reason(), requestId, f.delay() == null ? 0 : f.delay().toSeconds());
      }
      return DeepgramErrors.serverError(f.reason(), requestId);
    }
  }

  /** The first fault of {@code reply} aimed at the STT whose kind is one of {@code kinds}, or {@code null}. */
  static Fault sttFault(Reply reply, FaultKind... kinds) {
    for (Fault f : reply.faults()) {
      if (f.target() != FaultKind.Target.STT) continue;
      for (FaultKind k : kinds) {
        if (f.kind() == k) return f;
      }
    }
    return null;
  }

  String nextTranscript() {
    return transcripts.next();
  }

  @Override
  protected void dropConnections() {
    for (DeepgramConnection c : connections) c.dropNow();
  }

  /** Builds a {@link FakeDeepgram}. */
  public static final class Builder extends FakeProvider.Builder<Builder, FakeDeepgram> {
    private StreamBilling billing = StreamBilling.LIFETIME;
    private String model = "base";
    private Duration latency = Duration.ZERO;
    private Duration idleTimeout = IDLE_TIMEOUT;
    private final List<String> transcripts = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected String keyPrefix() {
      return "dg-test-";
    }

    /**
     * What the user says in each detected utterance, in order (across streams); the last one repeats
     * once they run out. {@value UserSpeech#DEFAULT_TEXT} when none are given.
     */
    public Builder transcripts(List<String> transcripts) {
      for (String t : transcripts) this.transcripts.add(Objects.requireNonNull(t, "transcript"));
      return this;
    }

    public Builder transcripts(String... transcripts) {
      return transcripts(List.of(transcripts));
    }

    /** What the ledger bills per stream: the connection's {@link StreamBilling#LIFETIME lifetime} by default. */
    public Builder billing(StreamBilling billing) {
      this.billing = Objects.requireNonNull(billing, "billing");
      return this;
    }

    /** The model a stream uses when the query names none ({@code base}, Deepgram's documented default). */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * How long after the audio (or message) that triggers them the fake's answers go out: Results,
     * UtteranceEnd, and the Metadata and close after CloseStream. Zero by default.
     */
    public Builder latency(Duration latency) {
      if (latency.isNegative()) throw new IllegalArgumentException("latency must not be negative: " + latency);
      this.latency = latency;
      return this;
    }

    /** The inactivity timeout ({@link #IDLE_TIMEOUT} by default; Deepgram's is observed at 10–12 s). */
    public Builder idleTimeout(Duration idleTimeout) {
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    @Override
    public FakeDeepgram build() {
      return new FakeDeepgram(this);
    }
  }
}
