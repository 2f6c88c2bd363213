package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static dev.agentharness.usage.UsageField.TTS_CHARACTERS_COUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.session.SimulatedSession;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> TTS characters and audio are under-counted in conversations with interruptions. LiveKit's
 * {@code SynthesizeStream} emits a segment's {@code TTSMetrics} only when the segment's final frame arrives;
 * a stream closed before it (the user barged in) emits nothing, since 1.1.0 (PR #2152 removed the trailing
 * emit). ElevenLabs still bills the segment's characters (livekit-python-metrics §5).
 *
 * <p><b>Shown:</b> a pipeline speaking through ElevenLabs over WebSocket; the first reply streams slowly
 * ({@code chunkGap} 200 ms) and the user barges in 500 ms into it: the interrupted segment has no TTS metric,
 * while the ledger bills its characters ({@code cancelled}).
 *
 * <p><b>Caught by:</b> reconciliation names {@code tts_characters_count} and "no TTS metric for interrupted
 * segment(s)". ElevenLabs' stream-input names no request to the client, so LiveKit's metrics carry ids of
 * their own; reconciliation pairs them with the ledger's entries in order and names the billed segment.
 */
@AgentSession(scenario = "scenarios/bugs/elevenlabs-interrupted-stream.json")
class InterruptedStreamedTtsNeverCountedTest {

  @Test
  void theInterruptedSegmentIsBilledButNeverCounted(SimulatedSession session) {
    session.run();

    LedgerEntry interrupted = session.ledger().entries("elevenlabs").get(0);
    assertThat(interrupted.status()).isEqualTo("cancelled");
    assertThat(interrupted.characters()).isEqualTo(59);               // billed in full
    assertThat(session.metrics()).filteredOn(TtsMetrics.class::isInstance)
        .singleElement().extracting(m -> ((TtsMetrics) m).charactersCount())
        .isEqualTo(3L);                                               // the symptom: only "OK." was measured
    assertThat(session.usage().ttsCharactersCount()).isEqualTo(3);

    assertThat(session).reconciliation().hasDifferenceIn(TTS_CHARACTERS_COUNT);
    assertThatThrownBy(() -> assertThat(session).usageMatchesLedger())
        .hasMessageContaining("no TTS metric for interrupted segment(s) " + interrupted.id());
  }
}
