package dev.agentharness.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.Link;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.scenario.Reply;
import dev.agentharness.usage.UsageCollector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every reference-client test needs: a virtual clock, one fake server and its ledger, a client context
 * whose metrics and errors land in lists, and a way to play timed actions on the clock.
 */
public abstract class ClientTestBase {

  protected SessionClock clock;
  protected FakeServer server;
  protected Ledger ledger;
  protected ClientContext context;
  protected final List<AgentMetrics> metrics = new CopyOnWriteArrayList<>();
  protected final List<ProviderException> errors = new CopyOnWriteArrayList<>();
  /** What a test's listener saw, each line prefixed with the virtual time: {@code "300ms firstAudio"}. */
  protected final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startClockServerAndContext() {
    clock = SessionClock.virtual();
    server = FakeServer.start(clock, false);
    ledger = new Ledger();
    context = context(ClientContext.builder(clock).metrics(metrics::add).errors(errors::add)).build();
  }

  /** Adds to the context a test's clients share (a bound, an HTTP client of its own). */
  protected ClientContext.Builder context(ClientContext.Builder builder) {
    return builder;
  }

  @AfterEach
  void stopContextServerAndClock() {
    context.close();
    server.close();
    clock.close();
  }

  /** Records {@code what} at the current virtual time in {@link #events}. */
  protected final void log(String what) {
    events.add(clock.elapsed().toMillis() + "ms " + what);
  }

  /**
   * Schedules actions at their times, as pairs of milliseconds after the origin and {@code Runnable}, while
   * holding the clock (so that none runs before all are planned), then lets it run until idle.
   */
  protected final void run(Object... timedActions) throws InterruptedException {
    try (Link hold = clock.hold("test")) {
      for (int i = 0; i < timedActions.length; i += 2) {
        clock.scheduler("test").at(at((Integer) timedActions[i]), (Runnable) timedActions[i + 1]);
      }
    }
    assertThat(clock.awaitIdle(Duration.ofSeconds(10))).as("the clock went idle").isTrue();
  }

  /** The realtime metrics of responses (without the connection metric, whose request id is empty). */
  protected final List<RealtimeModelMetrics> responses() {
    return realtime().filter(m -> !m.isConnectionMetric()).toList();
  }

  /** The realtime connection metrics: one per connection, zero usage. */
  protected final List<RealtimeModelMetrics> connectionMetrics() {
    return realtime().filter(RealtimeModelMetrics::isConnectionMetric).toList();
  }

  /** The one realtime response metric; fails if there are more or none. */
  protected final RealtimeModelMetrics onlyResponse() {
    assertThat(responses()).hasSize(1);
    return responses().get(0);
  }

  private Stream<RealtimeModelMetrics> realtime() {
    return metrics.stream().filter(RealtimeModelMetrics.class::isInstance).map(RealtimeModelMetrics.class::cast);
  }

  /** The TTS metrics collected so far. */
  protected final List<TtsMetrics> tts() {
    return metrics.stream().filter(TtsMetrics.class::isInstance).map(TtsMetrics.class::cast).toList();
  }

  /**
   * Waits, within 5 s, for what a fake does off the clock (it bills an HTTP request when its writer thread
   * ends the body; it closes its sockets).
   */
  protected static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(condition.getAsBoolean()).as("within 5 s").isTrue();
  }

  /** What the metrics collected so far say against what the fakes billed. */
  protected final Reconciliation reconcile() {
    return Reconciliation.of(ledger, UsageCollector.summarize(metrics), metrics);
  }

  /** A reply with every usage part given: 55 in (25 of them cached), 100 out. */
  protected static Reply.Builder fullUsage(Reply.Builder r) {
    return r.usage(u -> u.inputText(12).inputAudio(40).inputImage(3).cachedText(8).cachedAudio(16).cachedImage(1)
        .outputText(20).outputAudio(80));
  }

  /** The instant {@code ms} milliseconds after the clock's origin. */
  protected final Instant at(long ms) {
    return clock.origin().plusMillis(ms);
  }
}
