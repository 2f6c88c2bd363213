package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageSummary;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> Gemini Live usage exceeds the Google bill. LiveKit's Gemini plugin emits a metric for
 * every server message that carries {@code usageMetadata} and sums them as per-turn increments, with no
 * de-duplication (livekit-python-metrics §4b). A probe (pydantic-ai PR #7269) found Gemini's usage to be per
 * turn, as LiveKit assumes; these two faults show what happens when it is not.
 *
 * <p><b>Shown:</b> {@code usage-cumulative} — each report is a running total, so over three turns the first
 * turn is counted three times and the second twice (while the last report alone equals the bill);
 * {@code usage-repeated} — one turn's usage arrives three times with the same request id and is counted three
 * times.
 *
 * <p><b>Caught by:</b> reconciliation ("more was collected than billed: usage counted twice, or cumulative
 * usage summed as increments") and, for the repeats, {@code hasNoDuplicateRequestIds()}.
 */
class GeminiUsageCountedMoreThanOnceTest {

  @Nested
  @AgentSession(scenario = "scenarios/bugs/gemini-usage-cumulative.json")
  class Cumulative {

    @Test
    void runningTotalsSummedAsIncrementsOverCount(SimulatedSession session) {
      session.run();

      UsageSummary collected = session.usage();
      UsageSummary billed = session.ledger().summary();
      assertThat(collected.llmOutputAudioTokens()).isGreaterThan(billed.llmOutputAudioTokens());   // the symptom
      List<RealtimeModelMetrics> turns = UsageMissingFromResponseDoneTest.responses(session);
      assertThat(turns).hasSize(3);
      assertThat(turns.get(2).outputTokens()).isEqualTo(billed.llmCompletionTokens()); // the last report is the total

      assertThatThrownBy(() -> assertThat(session).usageMatchesLedger())
          .hasMessageContaining("more was collected than billed: usage counted twice,"
              + " or cumulative usage summed as increments");
    }
  }

  @Nested
  @AgentSession(scenario = "scenarios/bugs/gemini-usage-repeated.json")
  class Repeated {

    @Test
    void oneTurnsUsageSentThreeTimesIsCountedThreeTimes(SimulatedSession session) {
      session.run();

      assertThat(session.usage().llmOutputAudioTokens())
          .isEqualTo(3 * session.ledger().summary().llmOutputAudioTokens());                      // the symptom

      assertThatThrownBy(() -> assertThat(session).metrics().hasNoDuplicateRequestIds())
          .hasMessageContaining("3 times   (realtime_model_metrics)");
      assertThatThrownBy(() -> assertThat(session).usageMatchesLedger())
          .hasMessageContaining("more was collected than billed");
    }
  }
}
