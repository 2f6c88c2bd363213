package dev.agentharness.fake.openai;

import dev.agentharness.clock.Link;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.Requests;
import dev.agentharness.fake.UserTranscripts;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake OpenAI Realtime API: {@code GET /v1/realtime?model=...} upgraded to a WebSocket, GA protocol by
 * default, the retired beta protocol on request.
 *
 * <p>It sends {@code session.created} first, answers {@code session.update}, detects the user's speech in
 * the audio it receives (server VAD: the harness's user speaks a tone, silence is zeros), and plays its
 * script of {@link dev.agentharness.scenario.Reply replies}: {@code response.created}, the output item
 * and content part, audio and transcript deltas, the done events, and {@code response.done} with the
 * full usage object. Each {@code response.done} is billed to the ledger.
 *
 * <pre>{@code
 * try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
 *   openai.script(reply().audio(ofMillis(2400)).usage(u -> u.outputAudio(91)));
 *   myBridge.connect(openai.baseUrl(), openai.apiKey());
 * }
 * }</pre>
 */
public final class FakeOpenAiRealtime extends FakeProvider {

  /** The ledger's name for this fake. */
  public static final String SERVICE = "openai-realtime";

  /** How the fake refuses a wrong or missing key. */
  public enum AuthFailure {
    /** HTTP 401 on the upgrade, with OpenAI's error body (today's behaviour). */
    HTTP_401,
    /** Accept the upgrade, send an {@code invalid_api_key} error, close with 3000 (the 2024 behaviour). */
    CLOSE_3000
  }

  final OpenAiDialect dialect;
  final AuthFailure authFailure;
  final String defaultModel;
  final boolean prefixedPartTypes;
  private final UserTranscripts userTranscripts;
  private final List<RealtimeConnection> connections = new CopyOnWriteArrayList<>();

  private FakeOpenAiRealtime(Builder b) {
    super(SERVICE, b);
    this.dialect = b.dialect;
    this.authFailure = b.authFailure;
    this.defaultModel = b.model;
    this.prefixedPartTypes = b.prefixedPartTypes;
    this.userTranscripts = new UserTranscripts(b.userTranscripts);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fake on a server of its own, with a random key and the default script. */
  public static FakeOpenAiRealtime start() {
    return builder().start();
  }

  /** {@code http://127.0.0.1:PORT/v1} ({@code https} with TLS): an OpenAI client's base URL. */
  @Override
  public String baseUrl() {
    return server().httpUrl("/v1");
  }

  /** {@code ws://127.0.0.1:PORT/v1/realtime?model=...}: the URL a client dials. */
  public String realtimeUrl(String model) {
    return server().wsUrl("/v1/realtime?model=" + model);
  }

  /**
   * The provider name the ledger bills under: what LiveKit's OpenAI plugin reports, the base URL's host
   * and port, unless set (a simulated session uses {@code api.openai.com}, as in production).
   */
  @Override
  protected String defaultProviderName() {
    return server().hostAndPort();
  }

  public OpenAiDialect dialect() {
    return dialect;
  }

  /** Open connections. */
  public int openConnections() {
    return (int) connections.stream().filter(RealtimeConnection::isOpen).count();
  }

  @Override
  public String describe() {
    return "OpenAI Realtime (" + dialect.id() + "): GET /v1/realtime";
  }

  @Override
  public boolean matches(RecordedRequest request) {
    return request.getMethod().equals("GET") && Requests.path(request).equals("/v1/realtime");
  }

  @Override
  public void mounted(FakeServer server) {
    super.mounted(server);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) {
    String key = Requests.authorization(request, "Bearer");
    boolean authorized = keyMatches(key);
    if (!authorized && authFailure == AuthFailure.HTTP_401) return OpenAiErrors.unauthorized(key);
    String model = Objects.requireNonNullElse(Requests.query(request, "model"), defaultModel);
    boolean betaHeader = "realtime=v1".equals(Requests.header(request, "OpenAI-Beta"));
    RealtimeConnection c = new RealtimeConnection(this, link, model, authorized, betaHeader);
    connections.add(c);
    server().track(c);
    return new MockResponse.Builder().webSocketUpgrade(c).build();
  }

  String idsNext(String prefix) {
    return ids().next(prefix, 21);
  }

  void forget(RealtimeConnection c) {
    connections.remove(c);
  }

  String nextUserTranscript() {
    return userTranscripts.next();
  }

  @Override
  protected void dropConnections() {
    for (RealtimeConnection c : connections) c.dropNow();
  }

  /** Builds a {@link FakeOpenAiRealtime}. */
  public static final class Builder extends FakeProvider.Builder<Builder, FakeOpenAiRealtime> {
    private OpenAiDialect dialect = OpenAiDialect.GA;
    private AuthFailure authFailure = AuthFailure.HTTP_401;
    private String model = "gpt-realtime";
    private boolean prefixedPartTypes;
    private final List<String> userTranscripts = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected String keyPrefix() {
      return "sk-test-";
    }

    /** GA (default) or the retired beta protocol. */
    public Builder dialect(OpenAiDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    public Builder authFailure(AuthFailure authFailure) {
      this.authFailure = Objects.requireNonNull(authFailure, "authFailure");
      return this;
    }

    /** The model reported when the client names none. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Name GA content parts {@code output_audio}/{@code output_text} (as some servers do) instead of the
     * spec's {@code audio}/{@code text}.
     */
    public Builder prefixedPartTypes(boolean prefixed) {
      this.prefixedPartTypes = prefixed;
      return this;
    }

    /** What the input transcription reports for each user utterance, in order (when transcription is on). */
    public Builder userTranscripts(List<String> transcripts) {
      this.userTranscripts.addAll(transcripts);
      return this;
    }

    @Override
    public FakeOpenAiRealtime build() {
      return new FakeOpenAiRealtime(this);
    }
  }
}
