package dev.agentharness.fake.openai;

import dev.agentharness.clock.Link;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.Requests;
import dev.agentharness.fake.openai.OpenAiErrors.Invalid;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake OpenAI Chat Completions API: {@code POST /v1/chat/completions}, streamed as server-sent events
 * ({@code "stream": true}) or answered with one {@code chat.completion} object, plus {@code GET /v1/models}
 * (LiveKit's prewarm).
 *
 * <p>Each request plays the next scripted {@link Reply}: its {@code text} streams as content chunks, one per
 * text token (about {@link dev.agentharness.scenario.TokenRates#charactersPerToken() 4 characters}), the first
 * {@code ttft} after the request and the others {@code chunkGap} apart; then the finish chunk, the usage
 * chunk when {@code stream_options.include_usage} is set, and {@code data: [DONE]}. A reply with tool calls
 * streams them as {@code tool_calls} fragments and finishes with {@code tool_calls}; the request that sends
 * back their results gets the reply's text. Every completion is billed to the ledger, whether or not the
 * client ever sees its usage.
 *
 * <pre>{@code
 * try (FakeOpenAiChat chat = FakeOpenAiChat.builder().start()) {
 *   chat.script(reply().text("Your balance is 42 euros.").usage(u -> u.cachedText(12)));
 *   myLlm.connect(chat.baseUrl(), chat.apiKey());
 * }
 * }</pre>
 */
public final class FakeOpenAiChat extends FakeProvider {

  /** The ledger's name for this fake. */
  public static final String SERVICE = "openai-chat";
  /** What {@code GET /v1/models} lists unless told otherwise. */
  public static final List<String> DEFAULT_MODELS = List.of("gpt-4.1-mini", "gpt-4.1", "gpt-4.1-nano", "gpt-4o",
      "gpt-4o-mini");
  /** How late the first chunk is under {@link FaultKind#SLOW_FIRST_BYTE} without a delay of its own. */
  public static final Duration DEFAULT_SLOW_FIRST_BYTE = Duration.ofSeconds(5);

  final List<String> models;
  final Map<String, String> snapshots;
  final String systemFingerprint;
  private final Map<String, Reply> toolFollowUps = new HashMap<>(); // guarded by itself
  private final List<ChatCompletionRun> runs = new CopyOnWriteArrayList<>();

  private FakeOpenAiChat(Builder b) {
    super(SERVICE, b);
    this.models = List.copyOf(b.models);
    this.snapshots = Map.copyOf(b.snapshots);
    this.systemFingerprint = b.fingerprintSet ? b.systemFingerprint
        : "fp_" + ids().uuid().replace("-", "").substring(0, 10);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fake on a server of its own, with a random key and the default script. */
  public static FakeOpenAiChat start() {
    return builder().start();
  }

  /** {@code http://127.0.0.1:PORT/v1} ({@code https} with TLS): an OpenAI client's base URL. */
  @Override
  public String baseUrl() {
    return server().httpUrl("/v1");
  }

  /** The provider name LiveKit's OpenAI plugin reports: the base URL's host and port. */
  @Override
  protected String defaultProviderName() {
    return server().hostAndPort();
  }

  /** The {@code system_fingerprint} on every chunk ({@code null} when configured so). */
  public String systemFingerprint() {
    return systemFingerprint;
  }

  /** Completions still streaming. */
  public int openStreams() {
    return runs.size();
  }

  @Override
  public String describe() {
    return "OpenAI Chat Completions: POST /v1/chat/completions, GET /v1/models";
  }

  @Override
  public boolean matches(RecordedRequest request) {
    String path = Requests.path(request);
    return (request.getMethod().equals("POST") && path.equals("/v1/chat/completions"))
        || (request.getMethod().equals("GET") && path.equals("/v1/models"));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) {
    String key = Requests.authorization(request, "Bearer");
    if (!keyMatches(key)) return OpenAiErrors.unauthorized(key);
    if (request.getMethod().equals("GET")) return modelList();
    ChatRequest chat;
    try {
      chat = ChatRequest.parse(Requests.body(request));
    } catch (Invalid e) {
      return OpenAiErrors.badRequest(e);
    }
    Reply reply = null;
    boolean toolPhase;
    if (chat.toolResultFor != null) reply = takeFollowUp(chat.toolResultFor);
    boolean followUp = reply != null;
    if (followUp) {
      toolPhase = false;
    } else {
      reply = script().next();
      toolPhase = !reply.toolCalls().isEmpty();
    }
    // HTTP faults strike the reply's first request (for a tool reply: the one that gets the tool calls)
    MockResponse error = followUp ? null : httpFault(reply, chat.model);
    if (error != null) return error;
    ChatCompletionRun run = new ChatCompletionRun(this, link, chat, reply, toolPhase);
    if (toolPhase) rememberFollowUp(run.callIds(), reply);
    runs.add(run);
    return run.start();
  }

  private static MockResponse httpFault(Reply reply, String model) {
    if (reply.has(FaultKind.HTTP_401)) return OpenAiErrors.unauthorized("sk-revoked-by-a-scripted-fault");
    Fault rate = reply.fault(FaultKind.HTTP_429);
    if (rate != null) return OpenAiErrors.rateLimited(model, rate.delay() == null ? 1 : rate.delay().toSeconds());
    if (reply.has(FaultKind.HTTP_500)) return OpenAiErrors.serverError();
    return null;
  }

  private MockResponse modelList() {
    JsonWriter w = new JsonWriter().beginObject().field("object", "list").name("data").beginArray();
    for (String m : models) {
      w.beginObject().field("id", m).field("object", "model").field("created", 1_698_959_748L)
          .field("owned_by", "system").endObject();
    }
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", requestId()).body(w.endArray().endObject().toString()).build();
  }

  private Reply takeFollowUp(String callId) {
    synchronized (toolFollowUps) {
      Reply r = toolFollowUps.get(callId);
      if (r != null) toolFollowUps.values().removeIf(v -> v == r);
      return r;
    }
  }

  private void rememberFollowUp(List<String> callIds, Reply reply) {
    synchronized (toolFollowUps) {
      for (String id : callIds) toolFollowUps.put(id, reply);
    }
  }

  /** The model name chunks report: the snapshot it resolves to, or the name as requested. */
  String resolve(String model) {
    return snapshots.getOrDefault(model, model);
  }

  String nextId(String prefix, int length) {
    return ids().next(prefix, length);
  }

  /** {@code req_} + 32 hex digits, as OpenAI's {@code x-request-id}. */
  String requestId() {
    return "req_" + ids().uuid().replace("-", "");
  }

  void finished(ChatCompletionRun run) {
    runs.remove(run);
  }

  @Override
  protected void dropConnections() {
    for (ChatCompletionRun r : new ArrayList<>(runs)) r.dropNow();
  }

  /** Builds a {@link FakeOpenAiChat}. */
  public static final class Builder extends FakeProvider.Builder<Builder, FakeOpenAiChat> {
    private final List<String> models = new ArrayList<>(DEFAULT_MODELS);
    private final Map<String, String> snapshots = new LinkedHashMap<>();
    private String systemFingerprint;
    private boolean fingerprintSet;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected String keyPrefix() {
      return "sk-test-";
    }

    /** What {@code GET /v1/models} lists ({@link #DEFAULT_MODELS} by default). */
    public Builder models(List<String> models) {
      this.models.clear();
      this.models.addAll(models);
      return this;
    }

    /**
     * Reports {@code snapshot} as the chunks' {@code model} when {@code model} is requested, as OpenAI does
     * ({@code gpt-4.1-mini} → {@code gpt-4.1-mini-2025-04-14}). Without it the model is echoed as requested.
     */
    public Builder modelSnapshot(String model, String snapshot) {
      snapshots.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(snapshot, "snapshot"));
      return this;
    }

    /** The {@code system_fingerprint} to send; {@code null} as some models send. A seeded {@code fp_…} by default. */
    public Builder systemFingerprint(String fingerprint) {
      this.systemFingerprint = fingerprint;
      this.fingerprintSet = true;
      return this;
    }

    @Override
    public FakeOpenAiChat build() {
      return new FakeOpenAiChat(this);
    }
  }
}
