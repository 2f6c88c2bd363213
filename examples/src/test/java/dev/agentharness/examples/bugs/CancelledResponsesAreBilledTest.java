package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> barge-in. Every interruption cancels a response that was still billed for what it had
 * generated. LiveKit emits its metric with {@code cancelled=True} and the partial usage as sent, and counts
 * it (livekit-python-metrics §4a); code that drops cancelled metrics under-counts. (Gemini's plugin never sets
 * {@code cancelled}.)
 *
 * <p><b>Shown:</b> a response cancelled half-way ({@code cancelled-partial-usage}): the metric says cancelled
 * and carries the 24 of 48 output audio tokens that were billed; a real barge-in ({@code interruptAfter}
 * with a slow {@code chunkGap}, so that server VAD cancels with {@code turn_detected}): the same. In both
 * the collected usage matches the ledger.
 *
 * <p><b>Caught by:</b> a billing listener that skips cancelled metrics fails reconciliation, which names the
 * cancelled response it never counted.
 */
class CancelledResponsesAreBilledTest {

  @Nested
  @AgentSession(scenario = "scenarios/bugs/cancelled-partial-usage.json")
  class CancelledHalfWay {

    @Test
    void theCancelledResponseIsCountedWithItsPartialUsage(SimulatedSession session) {
      session.run();

      RealtimeModelMetrics cancelled = UsageMissingFromResponseDoneTest.responses(session).get(0);
      assertThat(cancelled).isCancelled().hasOutputAudioTokens(24);   // half of the 48 planned
      LedgerEntry billed = session.ledger().entry(cancelled.requestId());
      assertThat(billed.status()).isEqualTo("cancelled");
      assertThat(billed.tokens().outputAudio()).isEqualTo(24);
      assertThat(session).usageMatchesLedger();                       // LiveKit counts cancelled usage
    }

    @Test
    void aListenerThatSkipsCancelledResponsesIsCaught(SimulatedSession session) {
      UsageCollector skipsCancelled = new UsageCollector();
      List<AgentMetrics> seen = new ArrayList<>();
      session.onMetrics(m -> {
        if (m instanceof RealtimeModelMetrics r && r.cancelled()) return;  // the bug
        seen.add(m);
        skipsCancelled.collect(m);
      });
      session.run();

      assertThat(skipsCancelled.summary().llmOutputAudioTokens()).isZero();
      String id = session.ledger().entries().get(0).id();
      assertThatThrownBy(() -> assertThat(skipsCancelled.summary()).matchesLedger(session.ledger(), seen))
          .hasMessageContaining("no metric was collected for " + id)
          .hasMessageContaining("cancelled part-way");
    }
  }

  @Nested
  @AgentSession(scenario = "scenarios/bugs/barge-in-cancels-response.json")
  class BargeIn {

    @Test
    void serverVadCancelsTheResponseAndItsPartialUsageIsCounted(SimulatedSession session) {
      session.run();

      List<RealtimeModelMetrics> responses = UsageMissingFromResponseDoneTest.responses(session);
      assertThat(responses).hasSize(2);
      assertThat(responses.get(0)).isCancelled();
      assertThat(responses.get(0).outputTokenDetails().audioTokens()).isBetween(1L, 79L); // 4 s would be 80
      assertThat(responses.get(1)).isNotCancelled();
      assertThat(session.ledger().entries()).extracting(LedgerEntry::status).containsExactly("cancelled", "completed");
      assertThat(session).usageMatchesLedger();
    }
  }
}
