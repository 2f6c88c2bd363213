package dev.agentharness.fake.cartesia;

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
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake Cartesia text-to-speech WebSocket ({@code GET /tts/websocket}): generation requests multiplexed by
 * {@code context_id}, raw audio in {@code pcm_s16le}, {@code pcm_f32le}, {@code pcm_mulaw} or
 * {@code pcm_alaw} at any of Cartesia's rates, {@code chunk}, {@code timestamps}, {@code flush_done},
 * {@code done} and {@code error} messages. It requires a version ({@code Cartesia-Version} header or
 * {@code ?cartesia_version=}) and the key ({@code X-API-Key}, {@code Authorization: Bearer},
 * {@code ?api_key=} or {@code ?access_token=}).
 *
 * <p>Each segment of a context (its text up to a {@code flush} or the end of its input) plays the next
 * scripted {@link Reply}; each context is billed to the ledger as one {@code TTS_SYNTHESIS} of the
 * transcript characters it received. Faults are taken from a reply only when they target
 * {@link FaultKind.Target#TTS}.
 *
 * <pre>{@code
 * try (FakeCartesia cartesia = FakeCartesia.builder().start()) {
 *   cartesia.script(reply().audio(ofMillis(2400)));
 *   myTts.connect(cartesia.websocketUrl(), cartesia.apiKey());
 * }
 * }</pre>
 */
public final class FakeCartesia extends FakeProvider {

  /** The ledger's name for this fake. */
  public static final String SERVICE = "cartesia";
  /** The provider name LiveKit's Cartesia plugin reports. */
  public static final String PROVIDER = "Cartesia";
  /** Cartesia closes a socket that received nothing for this long. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  static final String PATH = "/tts/websocket";

  final Duration idleTimeout;
  private final List<CartesiaConnection> connections = new CopyOnWriteArrayList<>();

  private FakeCartesia(Builder b) {
    super(SERVICE, b);
    this.idleTimeout = b.idleTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fake on a server of its own, with a random key and the default script. */
  public static FakeCartesia start() {
    return builder().start();
  }

  /** {@code http://127.0.0.1:PORT} ({@code https} with TLS): a Cartesia client's base URL. */
  @Override
  public String baseUrl() {
    return server().httpUrl("");
  }

  /** {@code ws://127.0.0.1:PORT/tts/websocket}: the URL a client dials (add the version and key). */
  public String websocketUrl() {
    return server().wsUrl(PATH);
  }

  /** The provider name LiveKit's plugin reports: {@value #PROVIDER}. */
  @Override
  protected String defaultProviderName() {
    return PROVIDER;
  }

  /** Open WebSockets. */
  public int openConnections() {
    return (int) connections.stream().filter(CartesiaConnection::isOpen).count();
  }

  @Override
  public String describe() {
    return "Cartesia: GET " + PATH;
  }

  @Override
  public boolean matches(RecordedRequest request) {
    return request.getMethod().equals("GET") && Requests.path(request).equals(PATH);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) {
    String headerKey = Requests.header(request, "X-API-Key");
    String bearer = Requests.authorization(request, "Bearer");
    String queryKey = Requests.query(request, "api_key");
    String token = Requests.query(request, "access_token");
    boolean presented = headerKey != null || bearer != null || queryKey != null || token != null;
    boolean authorized = keyMatches(headerKey) || keyMatches(bearer) || keyMatches(queryKey) || keyMatches(token);
    String requestId = ids().uuid();
    if (!authorized) {
      return CartesiaErrors.http(401, "Unauthorized", presented ? "Invalid API key." : "Missing API key. Pass it in "
          + "the X-API-Key header, as a Bearer token, or as ?api_key= (or a client's ?access_token=).",
          presented ? "invalid_api_key" : "missing_api_key", requestId);
    }
    String version = Requests.query(request, "cartesia_version");
    if (version == null) version = Requests.header(request, "Cartesia-Version");
    if (version == null || version.isBlank()) {
      return CartesiaErrors.http(400, "Bad Request", "Missing Cartesia-Version header (or ?cartesia_version= query "
          + "parameter), e.g. 2025-04-16.", "missing_version", requestId);
    }
    MockResponse refused = scriptedRefusal(requestId);
    if (refused != null) return refused;
    CartesiaConnection c = new CartesiaConnection(this, link, version);
    connections.add(c);
    server().track(c);
    return new MockResponse.Builder().webSocketUpgrade(c).build();
  }

  /** A handshake fault on the next scripted reply refuses the upgrade (and uses the reply up). */
  private MockResponse scriptedRefusal(String requestId) {
    synchronized (script()) {
      Reply next = script().peek();
      Fault f401 = ttsFault(next, FaultKind.HTTP_401);
      Fault f429 = ttsFault(next, FaultKind.HTTP_429);
      Fault f500 = ttsFault(next, FaultKind.HTTP_500);
      if (f401 == null && f429 == null && f500 == null) return null;
      script().next();
      if (f401 != null) {
        return CartesiaErrors.http(401, "Unauthorized", "Invalid API key.", "invalid_api_key", requestId);
      }
      if (f429 != null) {
        long retryAfter = Math.max(1, f429.delay() == null ? 1 : f429.delay().toSeconds());
        return new MockResponse.Builder(CartesiaErrors.http(429, "Too Many Requests", "Concurrency limit exceeded: "
            + "too many active generations for your plan. Retry later.", "concurrency_limit_exceeded", requestId))
            .setHeader("Retry-After", Long.toString(retryAfter)).build();
      }
      return CartesiaErrors.http(500, "Internal Server Error", "An internal error occurred. Please retry.",
          "internal_error", requestId);
    }
  }

  void forget(CartesiaConnection c) {
    connections.remove(c);
  }

  String uuid() {
    return ids().uuid();
  }

  @Override
  protected void dropConnections() {
    for (CartesiaConnection c : connections) c.dropNow();
  }

  /** The first fault of {@code kind} on {@code reply} that targets the TTS, or {@code null}. */
  static Fault ttsFault(Reply reply, FaultKind kind) {
    for (Fault f : reply.faults()) {
      if (f.kind() == kind && f.target() == FaultKind.Target.TTS) return f;
    }
    return null;
  }

  /** Builds a {@link FakeCartesia}. */
  public static final class Builder extends FakeProvider.Builder<Builder, FakeCartesia> {
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected String keyPrefix() {
      return "sk_car_test_";
    }

    /** How long a socket may stay silent before the fake closes it (5 minutes by default). */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
      return this;
    }

    @Override
    public FakeCartesia build() {
      return new FakeCartesia(this);
    }
  }
}
