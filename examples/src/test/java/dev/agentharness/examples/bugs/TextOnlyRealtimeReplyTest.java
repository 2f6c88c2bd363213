package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.session.SimulatedSession;
import org.junit.jupiter.api.Test;

/**
 * <b>Not a bug either:</b> a realtime response with {@code modality: text} (OpenAI's
 * {@code output_modalities: ["text"]}) generates no audio, so its output audio tokens are 0 and its output
 * text tokens carry the reply. Its ttft is measured too: LiveKit's OpenAI plugin (1.2.12+, PR #3507) stamps
 * the first token on the first text delta when no audio comes (before 1.2.12 every realtime ttft was -1,
 * livekit/agents #3483; Gemini's plugin never stamps text, so its text-only ttft stays -1).
 *
 * <p><b>Shown:</b> output audio 0, output text 7 tokens, ttft 300 ms (the scripted first text delta), and
 * the usage matches the ledger.
 *
 * <p><b>Caught by:</b> {@code hasNoZeroAudioTokens()} fails on such a session and says why the audio may be
 * 0: "were the replies text-only?".
 */
@AgentSession(scenario = "scenarios/bugs/text-only-realtime-reply.json")
class TextOnlyRealtimeReplyTest {

  @Test
  void aTextOnlyResponseHasTextTokensNoAudioAndAMeasuredTtft(SimulatedSession session) {
    session.run();

    assertThat(session.usage().llmOutputAudioTokens()).isZero();
    assertThat(session.usage().llmOutputTextTokens()).isEqualTo(7);  // 25 characters / 4 per token
    assertThat(session).metrics().ofType(RealtimeModelMetrics.class).excludingConnectionMetrics()
        .singleElement().satisfies(m -> assertThat(m.ttft()).isEqualTo(ofMillis(300)));
    assertThat(session).usageMatchesLedger();
  }

  @Test
  void anAudioCheckOnTextOnlyRepliesSuggestsTheModality(SimulatedSession session) {
    session.run();

    assertThatThrownBy(() -> assertThat(session.usage()).hasNoZeroAudioTokens())
        .hasMessageContaining("output audio tokens are 0 while 7 output text tokens were collected")
        .hasMessageContaining("were the replies text-only?");
  }
}
