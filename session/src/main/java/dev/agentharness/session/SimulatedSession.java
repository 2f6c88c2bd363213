package dev.agentharness.session;

import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.cartesia.CartesiaTtsClient;
import dev.agentharness.client.deepgram.DeepgramSttClient;
import dev.agentharness.client.elevenlabs.ElevenLabsTtsClient;
import dev.agentharness.client.gemini.GeminiLiveClient;
import dev.agentharness.client.openai.OpenAiChatClient;
import dev.agentharness.client.openai.OpenAiRealtimeClient;
import dev.agentharness.client.openai.OpenAiSpeechClient;
import dev.agentharness.clock.ClockException;
import dev.agentharness.clock.ClockMode;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.cartesia.FakeCartesia;
import dev.agentharness.fake.deepgram.FakeDeepgram;
import dev.agentharness.fake.elevenlabs.FakeElevenLabs;
import dev.agentharness.fake.gemini.FakeGeminiLive;
import dev.agentharness.fake.openai.FakeOpenAiChat;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.fake.openai.FakeOpenAiSpeech;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.room.CloseReason;
import dev.agentharness.room.Room;
import dev.agentharness.room.RoomEvent;
import dev.agentharness.room.RoomPlayback;
import dev.agentharness.room.StandingTime;
import dev.agentharness.room.WebhookEvent;
import dev.agentharness.room.WebhookSender;
import dev.agentharness.room.WebhookSigner;
import dev.agentharness.scenario.Agent;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.TimedFault;
import dev.agentharness.scenario.Turn;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One agent session played from a {@link Scenario}: the fakes the scenario needs on one loopback server,
 * the reference clients that measure like LiveKit's plugins, a simulated user, and LiveKit's session
 * events. A {@link UsageCollector} and a {@link ModelUsageCollector} are attached: they are the collectors
 * a test asserts on.
 *
 * <pre>{@code
 * try (SimulatedSession session = SimulatedSession.of(scenario)) {
 *   session.run();
 *   assertThat(session.usage().llmOutputAudioTokens()).isPositive();
 *   assertThat(session.reconcile().matches()).isTrue();
 * }
 * }</pre>
 */
public final class SimulatedSession implements AutoCloseable {

  /** The provider name OpenAI metrics carry in a simulated session, as with the production base URL. */
  public static final String OPENAI_PROVIDER = "api.openai.com";

  private final Scenario scenario;
  private final SessionClock clock;
  private final Ledger ledger = new Ledger();
  private final FakeServer server;
  private final ClientContext context;
  private final UsageCollector usage = new UsageCollector();
  private final ModelUsageCollector modelUsage = new ModelUsageCollector();
  private final SessionEvents events;
  private final Duration timeout;
  private final AgentRunner agent;
  private FakeOpenAiRealtime openAiRealtime;
  private FakeGeminiLive geminiLive;
  private FakeDeepgram deepgram;
  private FakeOpenAiChat openAiChat;
  private FakeOpenAiSpeech openAiSpeech;
  private FakeElevenLabs elevenLabs;
  private final String apiKey;
  private final boolean sttRemainderOnClose;
  private FakeCartesia cartesia;
  private final Room room;
  private final WebhookSender webhookSender;
  private RoomPlayback playback;
  private final Object lock = new Object();
  private AgentState agentState = AgentState.INITIALIZING; // guarded by lock
  private UserState userState = UserState.LISTENING; // guarded by lock
  private Instant startedAt; // guarded by lock
  private Instant conversationEnd; // guarded by lock
  private SessionEvent.Close close; // guarded by lock
  private boolean closing; // guarded by lock
  private RuntimeException failure; // guarded by lock
  private boolean ran;

  private SimulatedSession(Builder b) {
    this.scenario = b.scenario;
    this.clock = b.clock != null ? b.clock
        : b.mode == ClockMode.VIRTUAL ? SessionClock.virtual(scenario.origin(), Duration.ofSeconds(10)) : SessionClock.realTime();
    this.timeout = b.timeout;
    this.events = new SessionEvents(clock, usage, modelUsage);
    b.listeners.forEach(events::addListener);
    this.room = new Room(clock, scenario.room().name());
    room.addListener(e -> {
      if (e instanceof RoomEvent.ParticipantJoined j) {
        events.emit(new SessionEvent.ParticipantJoined(j.participant(), j.at()));
      } else if (e instanceof RoomEvent.ParticipantLeft l) {
        events.emit(new SessionEvent.ParticipantLeft(l.participant(), l.reason(), l.at()));
      }
    });
    this.webhookSender = b.webhookUrl == null ? null
        : new WebhookSender(b.webhookUrl, new WebhookSigner(b.webhookKey, b.webhookSecret));
    if (webhookSender != null) room.onWebhook(webhookSender);
    this.apiKey = b.apiKey;
    this.sttRemainderOnClose = b.sttRemainderOnClose;
    this.server = FakeServer.start(clock, b.tls);
    ClientContext ctx = null;
    try {
      ClientContext.Builder cb = ClientContext.builder(clock).timeout(Duration.ofSeconds(30)).metrics(events::metric)
          .errors(e -> {});
      if (server.tls() != null) {
        cb.tls(server.tls().clientSocketFactory(), server.tls().clientTrustManager());
      } else {
        cb.cleartextOnly(); // the session's clients dial only its own fakes
      }
      ctx = cb.build();
      this.context = ctx;
      this.agent = agent(b.inputChunk);
    } catch (RuntimeException | Error e) {
      // nothing may outlive a session that could not be built: its port, threads and clock
      if (ctx != null) ctx.close();
      server.close();
      if (webhookSender != null) webhookSender.close();
      if (b.clock == null) clock.close();
      throw e;
    }
  }

  private AgentRunner agent(Duration inputChunk) {
    Agent a = scenario.agent();
    List<TimedFault> realtimeFaults = faultsOn(FaultKind.Target.REALTIME);
    List<String> userTexts = userTexts();
    if (a.isRealtime() && a.realtime().provider() == Providers.Realtime.OPENAI) {
      openAiRealtime = server.mount(keyed(FakeOpenAiRealtime.builder())
          .ledger(ledger)
          .rates(scenario.rates())
          .dialect(a.realtime().dialect())
          .model(a.realtime().model())
          .providerName(OPENAI_PROVIDER)
          .replies(scenario.replies())
          .timedFaults(realtimeFaults)
          .userTranscripts(userTexts)
          .build());
      OpenAiRealtimeClient.Options options = OpenAiRealtimeClient.Options.of(openAiRealtime.baseUrl(), openAiRealtime.apiKey())
          .withModel(a.realtime().model()).withDialect(a.realtime().dialect()).withProvider(OPENAI_PROVIDER);
      return new RealtimeAgent(this, context, options, inputChunk);
    }
    if (a.isRealtime() && a.realtime().provider() == Providers.Realtime.GEMINI) {
      geminiLive = server.mount(keyed(FakeGeminiLive.builder())
          .ledger(ledger)
          .rates(scenario.rates())
          .replies(scenario.replies())
          .timedFaults(realtimeFaults)
          .userTranscripts(userTexts)
          .build());
      GeminiLiveClient.Options options = GeminiLiveClient.Options.of(geminiLive.baseUrl(), geminiLive.apiKey())
          .withModel(a.realtime().model());
      return new GeminiAgent(this, context, options, inputChunk);
    }
    return pipeline(a, inputChunk);
  }

  private AgentRunner pipeline(Agent a, Duration inputChunk) {
    List<dev.agentharness.scenario.Reply> spokenTo = scenario.turns().stream().filter(t -> t.user() != null)
        .map(Turn::reply).toList();
    List<TimedFault> sttFaults = faultsOn(FaultKind.Target.STT);
    deepgram = server.mount(keyed(FakeDeepgram.builder()).ledger(ledger).rates(scenario.rates())
        .model(a.stt().model()).transcripts(userTexts()).replies(spokenTo).timedFaults(sttFaults).build());
    openAiChat = server.mount(keyed(FakeOpenAiChat.builder()).ledger(ledger).rates(scenario.rates())
        .providerName(OPENAI_PROVIDER).replies(scenario.replies()).timedFaults(faultsOn(FaultKind.Target.LLM)).build());
    DeepgramSttClient.Options stt = DeepgramSttClient.Options.of(deepgram.baseUrl(), deepgram.apiKey())
        .withModel(a.stt().model()).withReportRemainderOnClose(sttRemainderOnClose);
    OpenAiChatClient.Options llm = OpenAiChatClient.Options.of(openAiChat.baseUrl(), openAiChat.apiKey())
        .withModel(a.llm().model()).withProvider(OPENAI_PROVIDER);
    PipelineTts tts;
    switch (a.tts().provider()) {
      case ELEVENLABS -> {
        elevenLabs = server.mount(keyed(FakeElevenLabs.builder()).ledger(ledger).rates(scenario.rates())
            .model(a.tts().model()).replies(scenario.replies()).timedFaults(faultsOn(FaultKind.Target.TTS)).build());
        ElevenLabsTtsClient client = new ElevenLabsTtsClient(context,
            ElevenLabsTtsClient.Options.of(elevenLabs.baseUrl(), elevenLabs.apiKey())
                .withModel(a.tts().model()).withVoiceId(a.tts().voice()));
        tts = a.tts().transport() == Providers.TtsTransport.HTTP ? new ElevenLabsHttpTts(client)
            : new StreamedPipelineTts<>(client::stream, client.format(), this::clientFailed);
      }
      case CARTESIA -> {
        cartesia = server.mount(keyed(FakeCartesia.builder()).ledger(ledger).rates(scenario.rates())
            .replies(scenario.replies()).timedFaults(faultsOn(FaultKind.Target.TTS)).build());
        CartesiaTtsClient client = new CartesiaTtsClient(context,
            CartesiaTtsClient.Options.of(cartesia.baseUrl(), cartesia.apiKey())
                .withModel(a.tts().model()).withVoiceId(a.tts().voice()));
        tts = new StreamedPipelineTts<>(client::stream, client.format(), this::clientFailed);
      }
      default -> {
        openAiSpeech = server.mount(keyed(FakeOpenAiSpeech.builder()).ledger(ledger).rates(scenario.rates())
            .providerName(OPENAI_PROVIDER).replies(scenario.replies()).timedFaults(faultsOn(FaultKind.Target.TTS)).build());
        tts = new OpenAiSpeechTts(context, OpenAiSpeechClient.Options.of(openAiSpeech.baseUrl(), openAiSpeech.apiKey())
            .withModel(a.tts().model()).withVoice(a.tts().voice()).withProvider(OPENAI_PROVIDER));
      }
    }
    return new PipelineAgent(this, context, stt, llm, tts, inputChunk);
  }

  /** The key every fake of this session requires, if the builder set one. */
  private <B extends dev.agentharness.fake.FakeProvider.Builder<B, ?>> B keyed(B builder) {
    if (apiKey != null) builder.apiKey(apiKey);
    return builder;
  }

  private List<TimedFault> faultsOn(FaultKind.Target target) {
    return scenario.faults().stream().filter(f -> f.fault().target() == target).toList();
  }

  private List<String> userTexts() {
    return scenario.turns().stream().filter(t -> t.user() != null).map(t -> t.user().text()).toList();
  }

  /** A session of {@code scenario} on a virtual clock. */
  public static SimulatedSession of(Scenario scenario) {
    return builder(scenario).build();
  }

  public static Builder builder(Scenario scenario) {
    return new Builder(scenario);
  }

  /**
   * Plays the whole scenario and returns when the session has closed (on the virtual clock, a one-hour
   * conversation takes well under a second).
   *
   * @throws SessionException if the conversation stalls or the timeout passes
   */
  public SimulatedSession run() {
    synchronized (lock) {
      if (ran) throw new IllegalStateException("a session runs once");
      ran = true;
      startedAt = clock.now();
    }
    try (Link hold = clock.hold("starting the session")) {
      room.sessionStarted();
      synchronized (lock) {
        playback = room.play(scenario.room(), clock.now());
      }
      agent.start(clock.now());
    }
    boolean idle;
    try {
      idle = clock.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SessionException("interrupted while the session ran", e);
    } catch (ClockException e) {
      closeWith(CloseReason.ERROR, e);
      throw new SessionException("the session's clock failed at " + clock.elapsed() + ": " + e.getMessage(), e);
    }
    if (!idle) {
      throw new SessionException("the session did not finish within " + timeout + " (real time); it is at "
          + agent.progress() + ", session time " + clock.elapsed());
    }
    RuntimeException stalled = null;
    synchronized (lock) {
      if (close == null) {
        stalled = failure != null ? failure
            : new SessionException("the conversation stalled at " + agent.progress() + ": nothing more was scheduled");
      }
    }
    if (stalled != null) closeSession(CloseReason.ERROR, stalled);
    drain();
    return this;
  }

  // ---------------------------------------------------------------- what tests read

  public Scenario scenario() {
    return scenario;
  }

  public SessionClock clock() {
    return clock;
  }

  /** What the fakes billed. */
  public Ledger ledger() {
    return ledger;
  }

  /** The session's {@link UsageCollector} summary (LiveKit Python 1.3.1+ semantics). */
  public UsageSummary usage() {
    return usage.summary();
  }

  public UsageCollector usageCollector() {
    return usage;
  }

  /** Usage per (provider, model), as LiveKit's {@code AgentSession.usage}. */
  public AgentSessionUsage modelUsage() {
    return modelUsage.usage();
  }

  public ModelUsageCollector modelUsageCollector() {
    return modelUsage;
  }

  /** Every metric the clients emitted, in order. */
  public List<AgentMetrics> metrics() {
    return events.metrics();
  }

  /** Every session event, in order. */
  public List<SessionEvent> events() {
    return events.log();
  }

  /** The collected usage against the ledger. */
  public Reconciliation reconcile() {
    return Reconciliation.of(ledger, usage(), metrics());
  }

  /** The simulated room: participants, presence, webhooks. */
  public Room room() {
    return room;
  }

  /**
   * The agents' standing time in the room, as of now; an agent that has not left is reported still
   * present. Also the session view: close − {@code started_at}.
   */
  public StandingTime standingTime() {
    return room.standingTime();
  }

  /** The LiveKit webhooks the room produced, in order. */
  public List<WebhookEvent> webhooks() {
    return room.webhooks();
  }

  /** How the session closed, once it has. */
  public SessionEvent.Close closeEvent() {
    synchronized (lock) {
      return close;
    }
  }

  /** When the session started ({@code AgentSession._started_at}). */
  public Instant startedAt() {
    synchronized (lock) {
      return startedAt;
    }
  }

  /** The fake OpenAI Realtime of this session, or null. */
  public FakeOpenAiRealtime openAiRealtime() {
    return openAiRealtime;
  }

  /** The fake Gemini Live of this session, or null. */
  public FakeGeminiLive geminiLive() {
    return geminiLive;
  }

  /** The fake Deepgram of a pipeline session, or null. */
  public FakeDeepgram deepgram() {
    return deepgram;
  }

  /** The fake OpenAI chat of a pipeline session, or null. */
  public FakeOpenAiChat openAiChat() {
    return openAiChat;
  }

  /** The fake OpenAI speech of a pipeline session, or null. */
  public FakeOpenAiSpeech openAiSpeech() {
    return openAiSpeech;
  }

  /** The fake ElevenLabs of a pipeline session that speaks with ElevenLabs, or null. */
  public FakeElevenLabs elevenLabs() {
    return elevenLabs;
  }

  /** The fake Cartesia of a pipeline session that speaks with Cartesia, or null. */
  public FakeCartesia cartesia() {
    return cartesia;
  }

  public FakeServer server() {
    return server;
  }

  /** Subscribes to the session's events; add listeners before {@link #run()}. */
  public SimulatedSession addListener(SessionListener listener) {
    events.addListener(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Subscribes to {@code metrics_collected}. */
  public SimulatedSession onMetrics(Consumer<AgentMetrics> listener) {
    return addListener(e -> {
      if (e instanceof SessionEvent.MetricsCollected m) listener.accept(m.metrics());
    });
  }

  // ---------------------------------------------------------------- runtime callbacks

  void agentState(AgentState next) {
    AgentState old;
    synchronized (lock) {
      old = agentState;
      if (old == next) return;
      agentState = next;
    }
    events.emit(new SessionEvent.AgentStateChanged(old, next, clock.now()));
  }

  void userState(UserState next) {
    UserState old;
    synchronized (lock) {
      old = userState;
      if (old == next) return;
      userState = next;
    }
    events.emit(new SessionEvent.UserStateChanged(old, next, clock.now()));
  }

  void conversationItem(String role, String text, boolean interrupted) {
    events.emit(new SessionEvent.ConversationItemAdded(role, text, interrupted, clock.now()));
  }

  /** The last turn has played; the session closes after the scenario's end pause. */
  void conversationEnded(Instant at) {
    Instant end = at.plus(scenario.endPause());
    RoomPlayback p;
    synchronized (lock) {
      if (conversationEnd != null) return;
      conversationEnd = end;
      p = playback;
    }
    if (p != null) p.conversationEnded(end);
    // the agent ends its streams first (an STT reports its last usage), then the session closes
    clock.scheduler("agent").at(end, () -> closeSession(CloseReason.PARTICIPANT_DISCONNECTED, null));
  }

  /** A metric the runtime itself emits (LiveKit's EOU metrics come from the agent, not a plugin). */
  void emitMetric(AgentMetrics m) {
    events.metric(m);
  }

  /** A client failed: reported as an error; a lost connection ends the session. */
  void clientFailed(ProviderException e) {
    events.emit(new SessionEvent.Error(e.provider(), e, clock.now()));
    boolean fatal = e.kind() != ProviderException.Kind.ERROR_EVENT && e.kind() != ProviderException.Kind.MALFORMED;
    if (!fatal) return;
    synchronized (lock) {
      if (failure == null) failure = e;
    }
    clock.scheduler("agent").now(() -> closeSession(CloseReason.ERROR, e));
  }

  /** Ends the agent's streams gracefully (an STT still reports its last usage), then closes the session. */
  private void closeSession(CloseReason reason, RuntimeException error) {
    synchronized (lock) {
      if (closing) return;
      closing = true;
    }
    agent.end(() -> closeWith(reason, error));
  }

  private void closeWith(CloseReason reason, RuntimeException error) {
    RoomPlayback p;
    boolean ended;
    synchronized (lock) {
      if (close != null) return;
      close = new SessionEvent.Close(reason, error, clock.now());
      p = playback;
      ended = conversationEnd != null;
      if (!ended) conversationEnd = clock.now();
    }
    room.sessionClosed(reason);
    // cut short: whoever leaves "at the end" leaves now
    if (!ended && p != null) p.conversationEnded(clock.now());
    agent.close();
    agentState(AgentState.IDLE);
    events.emit(close);
  }

  /** Lets events emitted by the close itself be delivered. */
  private void drain() {
    try {
      clock.awaitIdle(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClockException ignored) {
      // already reported
    }
  }

  /** Frees every port, socket and thread. Never throws. */
  @Override
  public void close() {
    synchronized (lock) {
      if (close == null && ran) close = new SessionEvent.Close(CloseReason.JOB_SHUTDOWN, null, clock.now());
    }
    agent.close();
    context.close();
    server.close();
    if (webhookSender != null) webhookSender.close();
    clock.close();
  }

  @Override
  public String toString() {
    return "SimulatedSession[" + scenario.name() + ", " + clock + "]";
  }

  /** Builds a {@link SimulatedSession}. */
  public static final class Builder {
    private final Scenario scenario;
    private ClockMode mode = ClockMode.VIRTUAL;
    private SessionClock clock;
    private Duration timeout = Duration.ofSeconds(60);
    private Duration inputChunk = Duration.ofMillis(100);
    private final java.util.List<SessionListener> listeners = new java.util.ArrayList<>();
    private java.net.URI webhookUrl;
    private String apiKey;
    private boolean tls;
    private boolean sttRemainderOnClose = true;
    private String webhookKey;
    private String webhookSecret;

    private Builder(Scenario scenario) {
      this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    /** Virtual (default) or real time. */
    public Builder clockMode(ClockMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Runs on this clock (the session then closes it). */
    public Builder clock(SessionClock clock) {
      this.clock = clock;
      return this;
    }

    /** The key every fake requires (random per fake by default). */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** Serve https/wss with a certificate made for the run; the session's clients trust it. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Whether the STT client reports the rest of the connection's lifetime when it closes, as LiveKit's
     * Deepgram plugin does since 1.5.7 (the default). {@code false} reproduces the undercount before it
     * (livekit/agents #5498): a few seconds per stream that Deepgram bills and the collector never sees.
     */
    public Builder sttRemainderOnClose(boolean report) {
      this.sttRemainderOnClose = report;
      return this;
    }

    /** How long (real time) {@link #run()} waits at most. 60 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How much audio the simulated microphone sends per frame. 100 ms by default. */
    public Builder inputChunk(Duration chunk) {
      this.inputChunk = Objects.requireNonNull(chunk, "chunk");
      return this;
    }

    /**
     * POSTs the room's LiveKit webhooks to {@code url}, signed as LiveKit signs them (HS256 JWT with issuer
     * {@code apiKey}, a {@code sha256} claim of the body).
     */
    public Builder webhooks(java.net.URI url, String apiKey, String apiSecret) {
      this.webhookUrl = Objects.requireNonNull(url, "url");
      this.webhookKey = Objects.requireNonNull(apiKey, "apiKey");
      this.webhookSecret = Objects.requireNonNull(apiSecret, "apiSecret");
      return this;
    }

    public Builder listener(SessionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public SimulatedSession build() {
      return new SimulatedSession(this);
    }
  }

  static List<Turn> turns(Scenario s) {
    return s.turns();
  }
}
