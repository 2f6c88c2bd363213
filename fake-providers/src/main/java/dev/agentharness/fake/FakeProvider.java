package dev.agentharness.fake;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import dev.agentharness.scenario.TokenRates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every fake provider has: an API key it requires, a script of replies, the ledger it bills to,
 * and the server it is mounted on. A fake either shares a {@link FakeServer} and clock with other fakes
 * (a simulated session, {@code agentharness serve}), or runs on its own server ({@code start()}).
 *
 * <p>Closing a fake that started its own server frees the port and its threads; closing never throws.
 */
public abstract class FakeProvider implements Route {

  private final String service;
  private final String apiKey;
  private final Ledger ledger;
  private final TokenRates rates;
  private final Ids ids;
  private final ReplyScript script = new ReplyScript();
  private final List<TimedFault> timedFaults;
  private final String providerName;
  private volatile FakeServer server;
  private FakeServer ownServer;
  private SessionClock ownClock;
  private volatile boolean closing;

  protected FakeProvider(String service, Builder<?, ?> b) {
    this.service = service;
    this.apiKey = b.apiKey != null ? b.apiKey : Ids.randomKey(b.keyPrefix());
    this.ledger = b.ledger != null ? b.ledger : new Ledger();
    this.rates = b.rates != null ? b.rates : TokenRates.DEFAULTS;
    this.ids = new Ids(b.seed);
    this.timedFaults = List.copyOf(b.timedFaults);
    this.providerName = b.providerName;
    script.add(b.replies);
  }

  /** The name this fake bills under in the ledger, e.g. {@code openai-realtime}. */
  public final String service() {
    return service;
  }

  /** The key clients must present. */
  public final String apiKey() {
    return apiKey;
  }

  public final Ledger ledger() {
    return ledger;
  }

  public final TokenRates rates() {
    return rates;
  }

  /** The replies still to play; add to it with {@link #script(Reply...)}. */
  public final ReplyScript script() {
    return script;
  }

  /** Appends replies to the script. */
  public final void script(Reply... replies) {
    script.add(List.of(replies));
  }

  /** Appends replies to the script. */
  public final void script(Reply.Builder... replies) {
    List<Reply> built = new ArrayList<>();
    for (Reply.Builder r : replies) built.add(r.build());
    script.add(built);
  }

  /** Faults that strike at a time on every open connection of this fake. */
  public final List<TimedFault> timedFaults() {
    return timedFaults;
  }

  /** The server this fake is mounted on. */
  public final FakeServer server() {
    FakeServer s = server;
    if (s == null) throw new IllegalStateException(service + " is not mounted on a server yet");
    return s;
  }

  public final SessionClock clock() {
    return server().clock();
  }

  /**
   * The provider name this fake bills under in the ledger: what LiveKit's plugin reports in metric
   * metadata (the base URL's host and port for OpenAI, {@code Gemini}, {@code Deepgram}...), unless the
   * builder set one (a simulated session names OpenAI {@code api.openai.com}, as in production).
   */
  public final String providerName() {
    return providerName != null ? providerName : defaultProviderName();
  }

  /** The provider name LiveKit's plugin would report for this fake. */
  protected abstract String defaultProviderName();

  /** The base URL a client is configured with, e.g. {@code http://127.0.0.1:PORT/v1} for OpenAI. */
  public abstract String baseUrl();

  protected final Ids ids() {
    return ids;
  }

  /** True when {@code presented} is this fake's key (compared in constant time). */
  protected final boolean keyMatches(String presented) {
    if (presented == null) return false;
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void mounted(FakeServer server) {
    if (this.server != null) throw new IllegalStateException(service + " is already mounted on " + this.server);
    this.server = server;
  }

  /** Starts a server of its own (and a virtual clock unless one was given) and mounts this fake on it. */
  protected final void startOwnServer(SessionClock clock, boolean tls) {
    ownClock = clock == null ? SessionClock.virtual() : null;
    ownServer = FakeServer.start(clock != null ? clock : ownClock, tls);
    ownServer.mount(this);
  }

  /** Drops this fake's open connections. */
  protected abstract void dropConnections();

  @Override
  public final void close() {
    if (closing) return;
    closing = true;
    try {
      dropConnections();
    } catch (RuntimeException ignored) {
      // closing never throws
    }
    if (ownServer != null) ownServer.close();
    if (ownClock != null) ownClock.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + (server == null ? "not mounted" : baseUrl()) + "]";
  }

  /**
   * Settings every fake takes.
   *
   * @param <B> the concrete builder
   * @param <F> the fake it builds
   */
  public abstract static class Builder<B extends Builder<B, F>, F extends FakeProvider> {
    private String apiKey;
    private Ledger ledger;
    private TokenRates rates;
    private long seed = 1;
    private final List<Reply> replies = new ArrayList<>();
    private final List<TimedFault> timedFaults = new ArrayList<>();
    private SessionClock clock;
    private boolean tls;
    private String providerName;

    protected abstract B self();

    /** The prefix of a generated key, e.g. {@code sk-test-}. */
    protected abstract String keyPrefix();

    /** The key to require; a random one by default. */
    public B apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return self();
    }

    /** The ledger to bill to; shared by all fakes of a session. A new one by default. */
    public B ledger(Ledger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return self();
    }

    public B rates(TokenRates rates) {
      this.rates = Objects.requireNonNull(rates, "rates");
      return self();
    }

    /** Seeds the ids the fake makes up (response ids, event ids); the same seed gives the same ids. */
    public B seed(long seed) {
      this.seed = seed;
      return self();
    }

    /** The provider name to bill under, instead of the one LiveKit's plugin would report for this fake. */
    public B providerName(String providerName) {
      this.providerName = providerName;
      return self();
    }

    /** Replies to play, in order. */
    public B replies(List<Reply> replies) {
      this.replies.addAll(replies);
      return self();
    }

    public B reply(Reply reply) {
      this.replies.add(reply);
      return self();
    }

    public B timedFaults(List<TimedFault> faults) {
      this.timedFaults.addAll(faults);
      return self();
    }

    /** For {@code start()}: the clock of the fake's own server. A virtual clock of its own by default. */
    public B clock(SessionClock clock) {
      this.clock = clock;
      return self();
    }

    /** For {@code start()}: serve https/wss with a certificate made for the run. */
    public B tls(boolean tls) {
      this.tls = tls;
      return self();
    }

    /** Builds the fake without starting it: mount it on a {@link FakeServer}. */
    public abstract F build();

    /** Builds the fake and starts a server of its own for it. */
    public F start() {
      F fake = build();
      fake.startOwnServer(clock, tls);
      return fake;
    }
  }
}
