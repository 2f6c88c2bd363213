package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageSummary;
import org.junit.jupiter.api.Test;

/**
 * <b>Not a bug:</b> in an STT → LLM → TTS pipeline, {@code llm_output_audio_tokens} is 0, and that is right.
 * The chat LLM writes text; the audio comes from the TTS, which LiveKit counts as
 * {@code tts_characters_count} and {@code tts_audio_duration}. A check such as "output audio tokens &gt; 0"
 * written for realtime agents raises a false alarm here.
 *
 * <p><b>Shown:</b> Deepgram → OpenAI chat → OpenAI speech: output audio tokens 0, TTS characters 25 and
 * audio 2.4 s, and the collected usage matches the ledger field for field.
 *
 * <p><b>Caught by:</b> nothing, correctly: {@code usageMatchesLedger()} passes, and a mistaken
 * {@code isPositive()} on the field fails with "the fake billed the same (0), so the collector counted
 * what was billed" — the expectation is wrong, not the collector.
 */
@AgentSession(scenario = "scenarios/bugs/pipeline-zero-output-audio.json")
class PipelineOutputAudioIsLegitimatelyZeroTest {

  @Test
  void zeroOutputAudioTokensMatchWhatWasBilled(SimulatedSession session) {
    session.run();

    UsageSummary usage = session.usage();
    assertThat(usage.llmOutputAudioTokens()).isZero();
    assertThat(usage.llmCompletionTokens()).isPositive();
    assertThat(usage.ttsCharactersCount()).isEqualTo(25);                  // "Your balance is 42 euros."
    assertThat(usage.ttsAudioDuration()).isEqualTo(ofMillis(2400));
    assertThat(session.ledger().summary().llmOutputAudioTokens()).isZero(); // nobody billed LLM audio
    assertThat(session).usageMatchesLedger();
  }

  @Test
  void aRealtimeStyleCheckSaysTheExpectationIsWrong(SimulatedSession session) {
    session.run();

    assertThatThrownBy(() -> assertThat(session).usage().llmOutputAudioTokens().isPositive())
        .hasMessageContaining("the fake billed the same (0), so the collector counted what was billed");
  }
}
