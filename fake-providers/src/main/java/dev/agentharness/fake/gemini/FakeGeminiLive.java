package dev.agentharness.fake.gemini;

import dev.agentharness.clock.Link;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.Requests;
import dev.agentharness.fake.UserTranscripts;
import dev.agentharness.internal.json.JsonWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake Gemini Live API (Google AI, not Vertex):
 * {@code GET /ws/google.ai.generativelanguage.{version}.GenerativeService.BidiGenerateContent} upgraded to a
 * WebSocket, for any version segment, also when the request target starts with {@code //}.
 *
 * <p>The key is taken from {@code ?key=} (raw clients, the Node SDK) or the {@code x-goog-api-key} header
 * (the Python and Java SDKs). The client's first frame must be {@code setup}; the fake answers
 * {@code {"setupComplete":{}}}, detects the user's speech in the 16 kHz PCM it receives (the harness's user
 * speaks a tone, silence is zeros), and plays its script of {@link dev.agentharness.scenario.Reply replies} as
 * model turns: {@code inputTranscription}, {@code modelTurn} audio parts (24 kHz PCM) with interleaved
 * {@code outputTranscription}, {@code generationComplete}, and {@code turnComplete} carrying
 * {@code usageMetadata}. Each model turn is billed to the ledger as {@code gemini-turn-N}.
 *
 * <pre>{@code
 * try (FakeGeminiLive gemini = FakeGeminiLive.builder().start()) {
 *   gemini.script(reply().audio(ofMillis(2400)).usage(u -> u.outputAudio(77)));
 *   myBridge.connect(gemini.baseUrl(), gemini.apiKey());
 * }
 * }</pre>
 */
public final class FakeGeminiLive extends FakeProvider {

  /** The ledger's name for this fake. */
  public static final String SERVICE = "gemini-live";
  /** The provider LiveKit's Google plugin names in metric metadata for the Gemini API. */
  public static final String PROVIDER = "Gemini";
  /** The version segment {@link #liveUrl()} uses (the Node and Python SDKs' default; the Java SDK's is v1). */
  public static final String DEFAULT_API_VERSION = "v1beta";
  /** Close reason for a message the server rejects (close code 1007). */
  public static final String INVALID_ARGUMENT = "Request contains an invalid argument.";
  /** Close reason for a wrong or missing API key (close code 1008). */
  public static final String INVALID_KEY = "API key not valid. Please pass a valid API key.";

  private static final Pattern PATH = Pattern.compile(
      "/ws/google\\.ai\\.generativelanguage\\.[A-Za-z0-9_]+\\.GenerativeService\\.BidiGenerateContent");

  /** How the fake refuses a wrong or missing key. */
  public enum AuthFailure {
    /** Accept the upgrade, then close with 1008 {@value #INVALID_KEY} (what the Live API does). */
    CLOSE_1008,
    /** Refuse the upgrade with HTTP 401 and a Google error body, as a gateway in front of the API might. */
    HTTP_401
  }

  final AuthFailure authFailure;
  final boolean binaryFrames;
  final Duration silenceDuration;
  private final UserTranscripts userTranscripts;
  private final List<GeminiConnection> connections = new CopyOnWriteArrayList<>();
  private final AtomicLong turns = new AtomicLong();

  private FakeGeminiLive(Builder b) {
    super(SERVICE, b);
    this.authFailure = b.authFailure;
    this.binaryFrames = b.binaryFrames;
    this.silenceDuration = b.silenceDuration;
    this.userTranscripts = new UserTranscripts(b.userTranscripts);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fake on a server of its own, with a random key and the default script. */
  public static FakeGeminiLive start() {
    return builder().start();
  }

  /**
   * {@code http://127.0.0.1:PORT} ({@code https} with TLS): a google-genai client's base URL. The SDKs
   * append {@code /ws/google.ai.generativelanguage.<version>.GenerativeService.BidiGenerateContent} and
   * switch the scheme to {@code ws}/{@code wss}.
   */
  @Override
  public String baseUrl() {
    return server().httpUrl("");
  }

  /** The URL a raw client dials, with {@value #DEFAULT_API_VERSION} and no key. */
  public String liveUrl() {
    return liveUrl(DEFAULT_API_VERSION);
  }

  /** The URL a raw client dials for an API version such as {@code v1alpha}, with no key. */
  public String liveUrl(String apiVersion) {
    return server().wsUrl(path(apiVersion));
  }

  /** The path of the Live endpoint for {@code apiVersion}. */
  public static String path(String apiVersion) {
    return "/ws/google.ai.generativelanguage." + apiVersion + ".GenerativeService.BidiGenerateContent";
  }

  /** {@value #PROVIDER}: the provider name in the ledger and in LiveKit's metadata. */
  @Override
  protected String defaultProviderName() {
    return PROVIDER;
  }

  /** Open connections. */
  public int openConnections() {
    return (int) connections.stream().filter(GeminiConnection::isOpen).count();
  }

  @Override
  public String describe() {
    return "Gemini Live: GET " + path("{version}");
  }

  @Override
  public boolean matches(RecordedRequest request) {
    return request.getMethod().equals("GET") && PATH.matcher(Requests.path(request)).matches();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) {
    String queryKey = Requests.query(request, "key");
    String headerKey = Requests.header(request, "x-goog-api-key");
    boolean authorized = keyMatches(queryKey) || keyMatches(headerKey);
    if (!authorized && authFailure == AuthFailure.HTTP_401) return unauthorized();
    GeminiConnection c = new GeminiConnection(this, link, authorized);
    connections.add(c);
    server().track(c);
    return new MockResponse.Builder().webSocketUpgrade(c).build();
  }

  private static MockResponse unauthorized() {
    String body = new JsonWriter().beginObject().name("error").beginObject().field("code", 401)
        .field("message", INVALID_KEY).field("status", "UNAUTHENTICATED").endObject().endObject().toString();
    return new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json; charset=UTF-8")
        .body(body).build();
  }

  /** The ledger id of the next model turn: {@code gemini-turn-1}, {@code gemini-turn-2}, ... */
  String nextTurnId() {
    return "gemini-turn-" + turns.incrementAndGet();
  }

  String idsNext(String prefix, int length) {
    return ids().next(prefix, length);
  }

  void forget(GeminiConnection c) {
    connections.remove(c);
  }

  String nextUserTranscript() {
    return userTranscripts.next();
  }

  @Override
  protected void dropConnections() {
    for (GeminiConnection c : connections) c.dropNow();
  }

  /** Builds a {@link FakeGeminiLive}. */
  public static final class Builder extends FakeProvider.Builder<Builder, FakeGeminiLive> {
    private AuthFailure authFailure = AuthFailure.CLOSE_1008;
    private boolean binaryFrames;
    private Duration silenceDuration = Duration.ofMillis(500);
    private final List<String> userTranscripts = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected String keyPrefix() {
      return "AIza-test-";
    }

    public Builder authFailure(AuthFailure authFailure) {
      this.authFailure = Objects.requireNonNull(authFailure, "authFailure");
      return this;
    }

    /** Send server messages as binary frames (the same JSON) instead of text frames. */
    public Builder binaryFrames(boolean binary) {
      this.binaryFrames = binary;
      return this;
    }

    /**
     * How much silence ends the user's speech when the client's setup gives no
     * {@code automaticActivityDetection.silenceDurationMs}; 500 ms by default.
     */
    public Builder silenceDuration(Duration silence) {
      Objects.requireNonNull(silence, "silence");
      if (silence.isNegative() || silence.isZero()) throw new IllegalArgumentException("silence must be positive");
      this.silenceDuration = silence;
      return this;
    }

    /** What {@code inputTranscription} reports for each user utterance, in order (when the setup asks for it). */
    public Builder userTranscripts(List<String> transcripts) {
      this.userTranscripts.addAll(transcripts);
      return this;
    }

    @Override
    public FakeGeminiLive build() {
      return new FakeGeminiLive(this);
    }
  }
}
