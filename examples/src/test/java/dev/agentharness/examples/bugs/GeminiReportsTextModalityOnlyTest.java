package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static dev.agentharness.usage.UsageField.LLM_INPUT_AUDIO_TOKENS;
import static dev.agentharness.usage.UsageField.LLM_INPUT_TEXT_TOKENS;
import static dev.agentharness.usage.UsageField.LLM_OUTPUT_AUDIO_TOKENS;
import static dev.agentharness.usage.UsageField.LLM_OUTPUT_TEXT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageSummary;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> with Gemini Live, output audio tokens are always 0 and all input lands in text
 * (livekit/agents #2426, "Incorrect Audio Token Count – Gemini Live API RealtimeModel": {@code input_tokens=3047}
 * all in {@code text_tokens}). LiveKit re-buckets Gemini's {@code promptTokensDetails} and
 * {@code responseTokensDetails} as sent, and those lists named only {@code TEXT} (googleapis/python-genai#1342).
 * The totals are right; the modality split is wrong, and audio is priced as text.
 *
 * <p><b>Shown:</b> fault {@code text-modality-only}: 2.4 s of reply audio (77 tokens at 32/s) collected as
 * 0 audio and 77 text tokens; prompt and completion totals still match the ledger.
 *
 * <p><b>Caught by:</b> reconciliation: exactly the four modality fields differ, and the likely cause is
 * "audio tokens were reported as text: Gemini's usage named only the TEXT modality (livekit/agents #2426)".
 */
@AgentSession(scenario = "scenarios/bugs/gemini-reports-text-modality-only.json")
class GeminiReportsTextModalityOnlyTest {

  @Test
  void outputAudioTokensAreZeroBecauseGeminiSaysTextOnly(SimulatedSession session) {
    session.run();

    UsageSummary usage = session.usage();
    assertThat(usage.llmOutputAudioTokens()).isZero();                         // the symptom users report
    assertThat(usage.llmOutputTextTokens()).isEqualTo(77);                      // where the tokens went
    assertThat(session.ledger().summary().llmOutputAudioTokens()).isEqualTo(77); // what Gemini billed as audio
    assertThat(usage.llmCompletionTokens()).isEqualTo(session.ledger().summary().llmCompletionTokens());

    assertThat(session).reconciliation()
        .hasOnlyDifferencesIn(LLM_INPUT_AUDIO_TOKENS, LLM_INPUT_TEXT_TOKENS,
            LLM_OUTPUT_AUDIO_TOKENS, LLM_OUTPUT_TEXT_TOKENS);
    assertThatThrownBy(() -> assertThat(session).usageMatchesLedger())
        .hasMessageContaining("audio tokens were reported as text: Gemini's usage named only the TEXT modality"
            + " (livekit/agents #2426)");
  }
}
