package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.session.SimulatedSession;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> a realtime response is billed but no metric is ever emitted for it. When
 * {@code response.done} arrives without a {@code response.created} before it (a race seen during
 * interruptions), LiveKit's OpenAI plugin finds no current generation in {@code _handle_response_done} and
 * returns without a metric (livekit-python-metrics §4a; likewise for a discarded generation since 1.6.5).
 *
 * <p><b>Shown:</b> fault {@code done-without-created} on the second of two responses: one metric, two
 * ledger entries.
 *
 * <p><b>Caught by:</b> {@code usageMatchesLedger()} names the response with no metric and the race.
 */
@AgentSession(scenario = "scenarios/bugs/done-without-created.json")
class DoneWithoutCreatedTest {

  @Test
  void theSecondResponseIsBilledButHasNoMetric(SimulatedSession session) {
    session.run();

    List<RealtimeModelMetrics> responses = UsageMissingFromResponseDoneTest.responses(session);
    List<LedgerEntry> billed = session.ledger().entries();
    assertThat(responses).hasSize(1);                                   // the symptom
    assertThat(billed).hasSize(2);
    String missing = billed.get(1).id();
    assertThat(responses).extracting(RealtimeModelMetrics::requestId).doesNotContain(missing);

    assertThatThrownBy(() -> assertThat(session).usageMatchesLedger())
        .hasMessageContaining("no metric was collected for " + missing)
        .hasMessageContaining("response.done arrives without response.created");
  }
}
