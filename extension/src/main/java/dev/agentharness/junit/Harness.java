package dev.agentharness.junit;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.junit.FakeCatalog.Entry;
import dev.agentharness.junit.FakeCatalog.FakeSettings;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one test (or one class, with {@link AgentSession.Lifecycle#PER_CLASS}) runs: a simulated session,
 * or a clock, a server and a ledger that the fakes share, and the collectors. Started on first use, closed
 * by JUnit with the store that holds it. Implements both {@link AutoCloseable} (closed by JUnit 5.13+ and
 * 6.x) and {@code CloseableResource} (closed by older 5.x, without a warning on newer ones).
 */
@SuppressWarnings("deprecation") // CloseableResource: kept so that JUnit 5.12 closes it too
final class Harness implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  private final Settings settings;
  private final Object lock = new Object();
  // all guarded by lock
  private boolean started;
  private boolean closed;
  private SimulatedSession session;
  private SessionClock clock;
  private FakeServer server;
  private Ledger ledger;
  private UsageCollector usage;
  private ModelUsageCollector modelUsage;
  private final Map<Class<?>, FakeProvider> fakes = new LinkedHashMap<>();

  Harness(Settings settings) {
    this.settings = settings;
  }

  Settings settings() {
    return settings;
  }

  /** The session; only with a scenario. */
  SimulatedSession session() {
    start();
    synchronized (lock) {
      return session;
    }
  }

  FakeServer server() {
    start();
    synchronized (lock) {
      return server;
    }
  }

  Ledger ledger() {
    start();
    synchronized (lock) {
      return ledger;
    }
  }

  SessionClock clock() {
    start();
    synchronized (lock) {
      return clock;
    }
  }

  UsageCollector usageCollector() {
    start();
    synchronized (lock) {
      if (usage == null) usage = new UsageCollector();
      return usage;
    }
  }

  ModelUsageCollector modelUsageCollector() {
    start();
    synchronized (lock) {
      if (modelUsage == null) modelUsage = new ModelUsageCollector();
      return modelUsage;
    }
  }

  /** The running fake of this class, if any. */
  Optional<FakeProvider> fake(Class<?> type) {
    start();
    synchronized (lock) {
      return Optional.ofNullable(fakes.get(type));
    }
  }

  boolean started() {
    synchronized (lock) {
      return started;
    }
  }

  /** The session if one was started. */
  Optional<SimulatedSession> startedSession() {
    synchronized (lock) {
      return Optional.ofNullable(session);
    }
  }

  /**
   * The collected usage against the ledger: the session's, or without a scenario the injected
   * {@code UsageCollector}'s; empty if the test used neither.
   */
  Optional<Reconciliation> reconciliation() {
    SimulatedSession s;
    UsageCollector u;
    Ledger l;
    synchronized (lock) {
      s = session;
      u = usage;
      l = ledger;
    }
    if (s != null) return Optional.of(s.reconcile());
    if (u != null) return Optional.of(Reconciliation.of(l, u.summary(), List.of()));
    return Optional.empty();
  }

  /** The ledger if the fakes were started. */
  Optional<Ledger> startedLedger() {
    synchronized (lock) {
      return Optional.ofNullable(ledger);
    }
  }

  private void start() {
    synchronized (lock) {
      if (closed) throw new IllegalStateException("the agentharness session of this test is closed already");
      if (started) return;
      try {
        if (settings.scenario() != null) startSession(settings.scenario());
        else startFakes();
      } catch (RuntimeException | Error e) {
        closeAll();
        session = null;
        clock = null;
        server = null;
        ledger = null;
        usage = null;
        modelUsage = null;
        fakes.clear();
        throw e;
      }
      started = true;
    }
  }

  private void startSession(Scenario scenario) {
    SimulatedSession.Builder b = SimulatedSession.builder(scenario).clockMode(settings.config().clock())
        .tls(settings.config().tls());
    if (!settings.config().apiKey().isEmpty()) b.apiKey(settings.config().apiKey());
    settings.config().listeners().forEach(b::listener);
    try {
      session = b.build();
    } catch (UnsupportedOperationException e) {
      throw new ExtensionConfigurationException(settings.where() + ": scenario '" + scenario.name() + "' ("
          + scenario.source() + ") cannot be simulated yet: " + e.getMessage(), e);
    }
    clock = session.clock();
    server = session.server();
    ledger = session.ledger();
    usage = session.usageCollector();
    modelUsage = session.modelUsageCollector();
    for (Fake f : Fake.values()) {
      FakeCatalog.of(f).ifPresent(e -> {
        FakeProvider own = e.inSession().apply(session);
        if (own != null) fakes.put(e.type(), own);
      });
    }
    mountRequestedFakes();
  }

  private void startFakes() {
    clock = SessionClock.of(settings.config().clock());
    server = FakeServer.start(clock, settings.config().tls());
    ledger = new Ledger();
    mountRequestedFakes();
  }

  private void mountRequestedFakes() {
    FakeSettings fs = new FakeSettings(ledger, settings.config().apiKey(), settings.config().dialect());
    for (Fake f : settings.config().fakesInOrder()) {
      Entry<?> e = FakeCatalog.of(f).orElseThrow();
      if (!fakes.containsKey(e.type())) fakes.put(e.type(), server.mount(e.create().apply(fs)));
    }
  }

  /** Frees every port, socket and thread. Never throws; idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      closeAll();
    }
  }

  private void closeAll() {
    if (session != null) {
      quietly(session); // closes its server (with the fakes mounted on it) and its clock
    } else {
      if (server != null) quietly(server); // closes the mounted fakes
      if (clock != null) quietly(clock);
    }
  }

  private static void quietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception | AssertionError e) {
      // closing must free the rest; the close methods used here do not throw in practice
    }
  }

  @Override
  public String toString() {
    return "Harness[" + settings.where() + (settings.scenario() != null ? ", " + settings.scenario().name() : "") + "]";
  }
}
