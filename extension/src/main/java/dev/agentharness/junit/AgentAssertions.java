package dev.agentharness.junit;

import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.room.StandingTime;
import dev.agentharness.session.SessionEvent;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The entry point of agentharness's AssertJ assertions. Import it next to AssertJ's:
 *
 * <pre>{@code
 * import static dev.agentharness.junit.AgentAssertions.assertThat;
 * import static org.assertj.core.api.Assertions.assertThat;
 *
 * assertThat(session).usageMatchesLedger();
 * assertThat(session.usage()).llmOutputAudioTokens().isPositive();
 * assertThat(session.metrics()).ofType(RealtimeModelMetrics.class).everyResponseHasUsage();
 * }</pre>
 *
 * <p>Every overload takes a type of ours, so the two static imports never clash; durations therefore use
 * {@link #assertThatDuration(Duration)} (AssertJ's own {@code assertThat(Duration)} works too). For soft
 * assertions, use {@link AgentSoftAssertions}.
 */
public final class AgentAssertions {

  private AgentAssertions() {}

  /** A usage summary: LiveKit's 15 totals. */
  public static UsageSummaryAssert assertThat(UsageSummary actual) {
    return new UsageSummaryAssert(actual);
  }

  /** Usage per (provider, model): LiveKit's {@code AgentSession.usage}. */
  public static ModelUsageAssert assertThat(AgentSessionUsage actual) {
    return new ModelUsageAssert(actual);
  }

  /** A played session: its usage against the ledger, metrics, events, close. */
  public static SimulatedSessionAssert assertThat(SimulatedSession actual) {
    return new SimulatedSessionAssert(actual);
  }

  /** What the fakes billed. */
  public static LedgerAssert assertThat(Ledger actual) {
    return new LedgerAssert(actual);
  }

  /** How long agents stood in the room: bounds, per identity, left or still present. */
  public static StandingTimeAssert assertThat(StandingTime actual) {
    return new StandingTimeAssert(actual);
  }

  /** Collected usage reconciled against the ledger. */
  public static ReconciliationAssert assertThat(Reconciliation actual) {
    return new ReconciliationAssert(actual);
  }

  /**
   * A metric stream: AssertJ's list assertions plus filters (type, provider, model, request id) and
   * stream checks. Preferred over AssertJ's {@code assertThat(List)} for lists of metrics when both are
   * imported, and returns a list assert of the same element type, so {@code extracting(..)} still works.
   */
  public static <M extends AgentMetrics> MetricsAssert<M> assertThat(List<? extends M> metrics) {
    return new MetricsAssert<>(metrics);
  }

  /** The same as {@link #assertThat(List)}, under a name that also exists in {@link AgentSoftAssertions}. */
  public static <M extends AgentMetrics> MetricsAssert<M> assertThatMetrics(List<? extends M> metrics) {
    return new MetricsAssert<>(metrics);
  }

  /** One realtime-model response metric. */
  public static RealtimeModelMetricsAssert assertThat(RealtimeModelMetrics actual) {
    return new RealtimeModelMetricsAssert(actual);
  }

  /** One LLM stream metric. */
  public static LlmMetricsAssert assertThat(LlmMetrics actual) {
    return new LlmMetricsAssert(actual);
  }

  /** One TTS metric. */
  public static TtsMetricsAssert assertThat(TtsMetrics actual) {
    return new TtsMetricsAssert(actual);
  }

  /** One STT metric. */
  public static SttMetricsAssert assertThat(SttMetrics actual) {
    return new SttMetricsAssert(actual);
  }

  /** Session events, e.g. {@code session.events()}. */
  public static SessionEventsAssert assertThatEvents(List<SessionEvent> events) {
    return new SessionEventsAssert(events);
  }

  /**
   * A duration with failures in people's units: {@code isBetween(min, max)}, {@code isCloseTo(expected,
   * tolerance)}, {@code isAtMost}, {@code isAtLeast}. (Not {@code assertThat(Duration)}: that would clash
   * with AssertJ's when both are imported.)
   */
  public static AgentDurationAssert assertThatDuration(Duration actual) {
    return new AgentDurationAssert(actual);
  }

  // ------------------------------------------------------------------------------------------ waiting

  /**
   * Retries an assertion until it passes or {@code timeout} has passed (real time), every 20 ms; on
   * timeout, its last {@link AssertionError} is rethrown (with a suppressed note of how long it was tried).
   * Other exceptions end the wait at once. Runs at least once.
   *
   * <pre>{@code
   * eventually(ofSeconds(5), () -> assertThat(client.metrics()).excludingConnectionMetrics().hasSize(3));
   * }</pre>
   */
  public static void eventually(Duration timeout, Runnable assertion) {
    Waiting.retry(timeout, Waiting.DEFAULT_POLL_INTERVAL, assertion);
  }

  /** As {@link #eventually(Duration, Runnable)}, polling every {@code pollInterval}. */
  public static void eventually(Duration timeout, Duration pollInterval, Runnable assertion) {
    Waiting.retry(timeout, pollInterval, assertion);
  }

  /** Waits for the metrics of a session (read with {@link SimulatedSession#metrics()} at each poll). */
  public static MetricsAwait awaitMetrics(SimulatedSession session) {
    Objects.requireNonNull(session, "session");
    return new MetricsAwait(session::metrics, MetricsAwait.DEFAULT_AT_MOST, Waiting.DEFAULT_POLL_INTERVAL);
  }

  /** Waits for metrics read from {@code source} at each poll (return a thread-safe snapshot). */
  public static MetricsAwait awaitMetrics(Supplier<? extends List<? extends AgentMetrics>> source) {
    return new MetricsAwait(source, MetricsAwait.DEFAULT_AT_MOST, Waiting.DEFAULT_POLL_INTERVAL);
  }
}
