package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static dev.agentharness.usage.UsageField.LLM_INPUT_AUDIO_TOKENS;
import static dev.agentharness.usage.UsageField.LLM_OUTPUT_AUDIO_TOKENS;
import static dev.agentharness.usage.UsageField.LLM_OUTPUT_TEXT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageProfile;
import dev.agentharness.usage.UsageSummary;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> a realtime agent on LiveKit agents-js reports 0 output audio tokens while OpenAI bills
 * them. agents-js's legacy {@code UsageSummary} has only {@code llmPromptTokens}, {@code llmPromptCachedTokens},
 * {@code llmCompletionTokens}, {@code ttsCharactersCount} and {@code sttAudioDurationMs}: it never had audio
 * fields (deprecated since {@code @livekit/agents} 1.2.0 for {@code ModelUsageCollector}). LiveKit Python had
 * none either before 1.2.6 (PR #3171).
 *
 * <p><b>Shown:</b> the same OpenAI Realtime session counted by LiveKit Python's collector (91 output audio
 * tokens, matching the ledger) and by {@code UsageCollector(UsageProfile.LIVEKIT_JS_LEGACY)} (0: the 91 are
 * hidden in the 121 completion tokens).
 *
 * <p><b>Caught by:</b> reconciling the legacy collector against the fake's ledger: it names the audio and
 * text fields and says the collector does not read {@code output_token_details.audio_tokens}.
 */
@AgentSession(scenario = "scenarios/bugs/js-legacy-summary-no-audio-fields.json")
class JsLegacySummaryHasNoAudioFieldsTest {

  @Test
  void theLegacySummaryReportsZeroOutputAudioAndReconciliationNamesWhy(SimulatedSession session) {
    UsageCollector jsLegacy = new UsageCollector(UsageProfile.LIVEKIT_JS_LEGACY);
    session.onMetrics(jsLegacy);
    session.run();

    UsageSummary js = jsLegacy.summary();
    assertThat(js.llmOutputAudioTokens()).isZero();                     // the symptom
    assertThat(js.llmCompletionTokens()).isEqualTo(121);                 // the audio is inside the total
    assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(91);    // LiveKit Python 1.3.1+ sees it
    assertThat(session).usageMatchesLedger();

    assertThatThrownBy(() -> assertThat(js).matchesLedger(session.ledger(), session.metrics()))
        .hasMessageContaining("llm_output_audio_tokens       91           0")
        .hasMessageContaining("the collector does not read input_token_details.audio_tokens,"
            + " output_token_details.audio_tokens or output_token_details.text_tokens")
        .hasMessageContaining("LiveKit agents-js's legacy UsageSummary");
    assertThat(Reconciliation.of(session.ledger(), js, session.metrics()))
        .hasOnlyDifferencesIn(LLM_INPUT_AUDIO_TOKENS, LLM_OUTPUT_AUDIO_TOKENS, LLM_OUTPUT_TEXT_TOKENS);
  }

  @Test
  void aPositiveAudioCheckOnTheLegacySummarySaysWhereTheTokensWent(SimulatedSession session) {
    UsageCollector jsLegacy = new UsageCollector(UsageProfile.LIVEKIT_JS_LEGACY);
    session.onMetrics(jsLegacy);
    session.run();

    assertThatThrownBy(() -> assertThat(jsLegacy.summary()).llmOutputAudioTokens().isPositive())
        .hasMessageContaining("output audio tokens are 0 while 121 completion tokens were collected")
        .hasMessageContaining("is the collector reading output_token_details.audio_tokens?");
  }
}
