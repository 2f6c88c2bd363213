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
import org.assertj.core.api.SoftAssertions;

/**
 * Soft assertions: every failing check is collected and {@link #assertAll()} reports them together.
 * AssertJ's own soft {@code assertThat}s are here too (this extends {@link SoftAssertions}).
 *
 * <pre>{@code
 * AgentSoftAssertions softly = new AgentSoftAssertions();
 * softly.assertThat(session).usageMatchesLedger();
 * softly.assertThat(session).usage().llmOutputAudioTokens().isPositive();
 * softly.assertThat(session).metrics().everyResponseHasUsage();
 * softly.assertAll();   // reports all three if all three fail
 * }</pre>
 *
 * <p>Navigation ({@code usage()}, {@code llmOutputAudioTokens()}, {@code ofType(..)}, {@code hasLlm(..)}
 * ...) stays soft: the assert it returns is a soft proxy of this provider. A navigation that itself fails
 * (a missing model entry, a null actual) records the failure and continues on an assert over
 * {@code null}. One limit: after one of AssertJ's own list navigations on a metric stream
 * ({@code filteredOn}, {@code extracting}, ...), our further navigation ({@code ofType},
 * {@code withProvider}, ...) is no longer soft; put our filters first.
 *
 * <p>Metric lists use {@link #assertThatMetrics(List)} and durations {@link #assertThatDuration(Duration)}:
 * {@code assertThat(List)} and {@code assertThat(Duration)} are AssertJ's here.
 */
public class AgentSoftAssertions extends SoftAssertions {

  public AgentSoftAssertions() {}

  public UsageSummaryAssert assertThat(UsageSummary actual) {
    UsageSummaryAssert a = proxy(UsageSummaryAssert.class, UsageSummary.class, actual);
    a.softly = this;
    return a;
  }

  public ModelUsageAssert assertThat(AgentSessionUsage actual) {
    ModelUsageAssert a = proxy(ModelUsageAssert.class, AgentSessionUsage.class, actual);
    a.softly = this;
    return a;
  }

  public SimulatedSessionAssert assertThat(SimulatedSession actual) {
    SimulatedSessionAssert a = proxy(SimulatedSessionAssert.class, SimulatedSession.class, actual);
    a.softly = this;
    return a;
  }

  public LedgerAssert assertThat(Ledger actual) {
    LedgerAssert a = proxy(LedgerAssert.class, Ledger.class, actual);
    a.softly = this;
    return a;
  }

  public StandingTimeAssert assertThat(StandingTime actual) {
    StandingTimeAssert a = proxy(StandingTimeAssert.class, StandingTime.class, actual);
    a.softly = this;
    return a;
  }

  public ReconciliationAssert assertThat(Reconciliation actual) {
    return proxy(ReconciliationAssert.class, Reconciliation.class, actual);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public <M extends AgentMetrics> MetricsAssert<M> assertThatMetrics(List<? extends M> metrics) {
    MetricsAssert<M> a = (MetricsAssert<M>) proxy((Class) MetricsAssert.class, (Class) List.class, metrics);
    a.softly = this;
    return a;
  }

  public RealtimeModelMetricsAssert assertThat(RealtimeModelMetrics actual) {
    RealtimeModelMetricsAssert a = proxy(RealtimeModelMetricsAssert.class, RealtimeModelMetrics.class, actual);
    a.softly = this;
    return a;
  }

  public LlmMetricsAssert assertThat(LlmMetrics actual) {
    LlmMetricsAssert a = proxy(LlmMetricsAssert.class, LlmMetrics.class, actual);
    a.softly = this;
    return a;
  }

  public TtsMetricsAssert assertThat(TtsMetrics actual) {
    TtsMetricsAssert a = proxy(TtsMetricsAssert.class, TtsMetrics.class, actual);
    a.softly = this;
    return a;
  }

  public SttMetricsAssert assertThat(SttMetrics actual) {
    SttMetricsAssert a = proxy(SttMetricsAssert.class, SttMetrics.class, actual);
    a.softly = this;
    return a;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public SessionEventsAssert assertThatEvents(List<SessionEvent> events) {
    return (SessionEventsAssert) proxy((Class) SessionEventsAssert.class, (Class) List.class, events);
  }

  public AgentDurationAssert assertThatDuration(Duration actual) {
    return proxy(AgentDurationAssert.class, Duration.class, actual);
  }
}
