package dev.agentharness.examples.bugs;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.junit.AgentSession;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SimulatedSession;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * <b>Symptom:</b> {@code stt_audio_duration} is short of the Deepgram bill by a few seconds per stream
 * (livekit/agents #5498: 120.60 s vs 125.35 s, 20.15 s vs 24.25 s). LiveKit's Deepgram plugin reported only
 * the audio frames it pushed, every 5 s; Deepgram bills the connection's lifetime. Since 1.5.7 (PR #5506) the
 * plugin reports the remainder of the lifetime when the stream closes.
 *
 * <p><b>Shown:</b> the same pipeline with {@code SimulatedSession.builder(scenario).sttRemainderOnClose(false)}
 * (LiveKit before 1.5.7): the collected STT audio is the pushed audio, short of the ledger by the time the
 * stream was open without audio; and with the default (1.5.7+): it matches. (The simulated microphone sends
 * only the user's speech and 300 ms of silence, so here the shortfall is every gap between utterances; a
 * production microphone streams all the time and the shortfall is the tail since the last 5 s report.)
 *
 * <p><b>Caught by:</b> reconciliation names {@code stt_audio_duration} and the #5498 undercount.
 */
@AgentSession(scenario = "scenarios/bugs/deepgram-stt-undercount.json")
class DeepgramSttUndercountTest {

  @Test
  void beforeLiveKit157TheSttReportsOnlyThePushedAudio(Scenario scenario) {
    try (SimulatedSession session = SimulatedSession.builder(scenario).sttRemainderOnClose(false).build()) {
      session.run();

      Duration collected = session.usage().sttAudioDuration();
      Duration billed = session.ledger().summary().sttAudioDuration();
      assertThat(collected).isLessThan(billed);                                   // the symptom
      assertThat(billed).isEqualTo(session.standingTime().sessionDuration().orElseThrow()); // the stream's life

      assertThatThrownBy(() -> assertThat(session).usageMatchesLedger())
          .hasMessageContaining("stt_audio_duration")
          .hasMessageContaining("LiveKit < 1.5.7 does not report the remainder of the connection at close"
              + " (Deepgram undercount of a few seconds per stream, #5498)");
    }
  }

  @Test
  void sinceLiveKit157TheRemainderIsReportedAndTheUsageMatches(SimulatedSession session) {
    session.run();

    assertThat(session.usage().sttAudioDuration()).isEqualTo(session.ledger().summary().sttAudioDuration());
    assertThat(session).usageMatchesLedger();
  }
}
