package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.session.SimulatedSession;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> a realtime response is counted with 0 tokens while its ttft and duration look normal.
 * LiveKit's OpenAI plugin reads a missing {@code response.usage} as {@code {}} and still emits the metric
 * (livekit-python-metrics §4a, "When usage is missing"); a provider or proxy that drops the field makes the
 * session look free.
 *
 * <p><b>Shown:</b> fault {@code usage-missing} on the second of two responses: its metric has 0 tokens and a
 * normal ttft; the first response is counted in full.
 *
 * <p><b>Caught by:</b> {@code everyResponseHasUsage()} lists the empty response; {@code usageMatchesLedger()}
 * names it and says "carried no usage: usage missing from response.done".
 */
@AgentSession(scenario = "scenarios/bugs/usage-missing.json")
class UsageMissingFromResponseDoneTest {

  @Test
  void theSecondResponseIsCountedAsFree(SimulatedSession session) {
    session.run();

    List<RealtimeModelMetrics> responses = responses(session);
    assertThat(responses).hasSize(2);
    RealtimeModelMetrics second = responses.get(1);
    assertThat(second.outputTokens()).isZero();                            // the symptom
    assertThat(second.ttft()).isEqualTo(ofMillis(300));                    // ... on a response that looks normal
    assertThat(session.ledger().entry(second.requestId()).tokens().outputAudio()).isEqualTo(18); // billed

    assertThatThrownBy(() -> assertThat(responses).everyResponseHasUsage())
        .hasMessageContaining("1 of 2 has zero tokens")
        .hasMessageContaining(second.requestId());
    assertThatThrownBy(() -> assertThat(session).usageMatchesLedger())
        .hasMessageContaining("llm_output_audio_tokens")
        .hasMessageContaining(second.requestId() + " (18)")
        .hasMessageContaining("the metric for " + second.requestId()
            + " carried no usage: usage missing from response.done");
  }

  static List<RealtimeModelMetrics> responses(SimulatedSession session) {
    return session.metrics().stream()
        .filter(m -> m instanceof RealtimeModelMetrics r && !r.isConnectionMetric())
        .map(RealtimeModelMetrics.class::cast).toList();
  }
}
