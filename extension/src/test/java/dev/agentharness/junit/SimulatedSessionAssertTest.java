package dev.agentharness.junit;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static dev.agentharness.junit.AgentAssertions.assertThatEvents;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.session.AgentState;
import dev.agentharness.room.CloseReason;
import dev.agentharness.session.SessionEvent;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageField;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The assertions on real sessions: OpenAI Realtime played against the fake, measured by the reference client. */
class SimulatedSessionAssertTest {

  private static final String OPENAI = SimulatedSession.OPENAI_PROVIDER;

  private static SimulatedSession good;
  private static SimulatedSession usageMissing;
  /** The id of usageMissing's second response, the one whose response.done carried no usage. */
  private static String missingId;

  @BeforeAll
  static void play() {
    good = SimulatedSession.of(Fixtures.threeTurns()).run();
    usageMissing = SimulatedSession.of(Fixtures.usageMissing()).run();
    List<RealtimeModelMetrics> responses = usageMissing.metrics().stream()
        .filter(m -> m instanceof RealtimeModelMetrics r && !r.isConnectionMetric())
        .map(RealtimeModelMetrics.class::cast).toList();
    assertThat(responses).hasSize(2);
    missingId = responses.get(1).requestId();
  }

  @AfterAll
  static void close() {
    if (good != null) good.close();
    if (usageMissing != null) usageMissing.close();
  }

  @Test
  void aSessionThatBillsWhatItCollectsPassesEveryCheck() {
    assertThat(good).usageMatchesLedger().hasNoErrors().closedWith(CloseReason.PARTICIPANT_DISCONNECTED)
        .emittedInOrder("agent_state_changed", "metrics_collected", "conversation_item_added", "close");
    assertThat(good).usage().hasNoZeroAudioTokens().llmOutputAudioTokens().isEqualTo(91 + 20 + 18);
    assertThat(good).modelUsage().containsOnlyProviders(OPENAI).hasLlm(OPENAI, "gpt-realtime").hasNoZeroAudioTokens()
        .hasOutputAudioTokens(129);
    assertThat(good).metrics().excludingConnectionMetrics().hasSize(3).hasNoDuplicateRequestIds()
        .everyResponseHasUsage().allTtftsBetween(ofMillis(300), ofMillis(450));
    assertThat(good).ledger().hasSize(3).allEntriesHaveStatus("completed")
        .reconcilesWith(good.usage(), good.metrics()).summary().llmOutputAudioTokens().isEqualTo(129);
    assertThat(good).reconciliation().matches().hasOnlyDifferencesIn();
    assertThat(good).events().emitted("close").didNotEmit("error").emittedTimes("metrics_collected", 4);
  }

  @Test
  void usageMatchesLedgerFailsWithTheReconciliationReport() {
    assertThatThrownBy(() -> assertThat(usageMissing).usageMatchesLedger())
        .hasMessage("Expected collected usage to match what the fakes billed, but 5 fields differ:\n\n"
            + "  field                     ledger   collected   responses\n"
            + "  llm_prompt_tokens             30          20   " + missingId + " (10)\n"
            + "  llm_input_audio_tokens        30          20   " + missingId + " (10)\n"
            + "  llm_completion_tokens        145         121   " + missingId + " (24)\n"
            + "  llm_output_audio_tokens      111          91   " + missingId + " (20)\n"
            + "  llm_output_text_tokens        34          30   " + missingId + " (4)\n\n"
            + "Likely cause: the metric for " + missingId + " carried no usage: usage missing from response.done, or an"
            + " LLM stream stopped before its usage chunk (tokens then count as 0)")
        .hasMessage(usageMissing.reconcile().report().stripTrailing());
  }

  @Test
  void aFieldReachedThroughTheSessionSaysWhatTheFakeBilled() {
    assertThatThrownBy(() -> assertThat(usageMissing).usage().llmOutputAudioTokens().isEqualTo(111))
        .hasMessage("[llm_output_audio_tokens (llmOutputAudioTokens): 91 collected, but the fake billed 111 ("
            + missingId + " (20)). Likely cause: the metric for " + missingId + " carried no usage: usage missing from"
            + " response.done, or an LLM stream stopped before its usage chunk (tokens then count as 0)] \n"
            + "expected: 111L\n but was: 91L");
    assertThatThrownBy(() -> assertThat(usageMissing).usage().hasLlmOutputAudioTokens(111))
        .hasMessage("Expected llm_output_audio_tokens (llmOutputAudioTokens) to be 111, but it was 91\n"
            + "91 collected, but the fake billed 111 (" + missingId + " (20)). Likely cause: the metric for"
            + " " + missingId
            + " carried no usage: usage missing from response.done, or an LLM stream stopped before its usage chunk"
            + " (tokens then count as 0)");
    // a realtime session bills no TTS: the fake agrees, so the message says the expectation is off
    assertThatThrownBy(() -> assertThat(good).usage().ttsCharactersCount().isPositive())
        .hasMessageStartingWith("[tts_characters_count (ttsCharactersCount): the fake billed the same (0), so the"
            + " collector counted what was billed] ");
    assertThatThrownBy(() -> assertThat(usageMissing).modelUsage().hasLlm(OPENAI, "gpt-realtime")
        .hasOutputAudioTokens(111))
        .hasMessage("Expected output_audio_tokens of llm_usage \"api.openai.com\"/\"gpt-realtime\" to be 111, but it"
            + " was 91"
            + " (the fake billed 111)");
  }

  @Test
  void theMetricsShowWhichResponseLostItsUsage() {
    assertThatThrownBy(() -> assertThat(usageMissing).metrics().everyResponseHasUsage())
        .hasMessage("Expected every response to carry usage, but 1 of 2 has zero tokens:\n"
            + "  " + missingId + "  realtime_model_metrics  \"api.openai.com\"/\"gpt-realtime\"  ttft 300ms, tokens"
            + " 0 in"
            + " (audio 0) / 0 out (audio 0)\n"
            + "Likely cause: usage missing from response.done, or an LLM stream cut before its usage chunk");
    assertThat(usageMissing).reconciliation()
        .hasOnlyDifferencesIn(UsageField.LLM_PROMPT_TOKENS, UsageField.LLM_INPUT_AUDIO_TOKENS,
            UsageField.LLM_COMPLETION_TOKENS, UsageField.LLM_OUTPUT_AUDIO_TOKENS, UsageField.LLM_OUTPUT_TEXT_TOKENS)
        .hasDifferenceIn(UsageField.LLM_OUTPUT_AUDIO_TOKENS)
        .hasLikelyCauseContaining("carried no usage");
    assertThatThrownBy(() -> assertThat(usageMissing).reconciliation().hasDifferenceIn(UsageField.TTS_CHARACTERS_COUNT))
        .hasMessageStartingWith("Expected tts_characters_count to differ between the ledger and the collected usage,"
            + " but"
            + " tts_characters_count (0) matches.\nExpected collected usage to match what the fakes billed, but 5"
            + " fields"
            + " differ:");
    assertThatThrownBy(() -> assertThat(usageMissing).reconciliation()
        .hasOnlyDifferencesIn(UsageField.LLM_OUTPUT_AUDIO_TOKENS))
        .hasMessageStartingWith("Expected only llm_output_audio_tokens to differ between the ledger and the collected"
            + " usage, but llm_prompt_tokens, llm_input_audio_tokens, llm_completion_tokens, llm_output_text_tokens"
            + " differ too.\n");
    assertThatThrownBy(() -> assertThat(usageMissing).reconciliation().hasLikelyCauseContaining("#3166"))
        .hasMessageStartingWith("Expected a likely cause containing \"#3166\", but the causes are:\n"
            + "  the metric for " + missingId + " carried no usage");
    assertThatThrownBy(() -> assertThat(usageMissing).ledger().reconcilesWith(usageMissing.usage()))
        .hasMessageStartingWith("Expected collected usage to match what the fakes billed, but 5 fields differ:");
  }

  @Test
  void closeReasonAndErrors() {
    java.time.Duration closedAt = java.time.Duration.between(good.startedAt(), good.closeEvent().createdAt());
    assertThatThrownBy(() -> assertThat(good).closedWith(CloseReason.ERROR))
        .hasMessage("Expected the session to close with error, but it closed with participant_disconnected at "
            + Texts.duration(closedAt));
    var expiring = Fixtures.threeTurns().toBuilder().fault(ofSeconds(5), Fault.of(FaultKind.SESSION_EXPIRED)).build();
    try (SimulatedSession session = SimulatedSession.of(expiring)) {
      session.run();
      assertThat(session).closedWith(CloseReason.ERROR).events().emittedInOrder("error", "close");
      // what follows session_expired (the 1001 close, or a stall) is not the same on every run: only its start here
      assertThatThrownBy(() -> assertThat(session).hasNoErrors())
          .hasMessageStartingWith("Expected no error events, but ")
          .hasMessageContaining("\n  5s      error                    openai-realtime: ProviderException:"
              + " openai-realtime: error: error event: session_expired: Your session hit the maximum duration of 60"
              + " minutes.");
      assertThatThrownBy(() -> assertThat(session).closedWith(CloseReason.PARTICIPANT_DISCONNECTED))
          .hasMessageStartingWith("Expected the session to close with participant_disconnected, but it closed with"
              + " error"
              + " at ");
    }
  }

  @Test
  void errorEventsAreListedWithSourceTimeAndMessage() {
    var t0 = Fixtures.T0;
    List<SessionEvent> events = List.of(
        new SessionEvent.AgentStateChanged(AgentState.INITIALIZING, AgentState.LISTENING, t0),
        new SessionEvent.Error("openai-realtime", new IllegalStateException("rate limited"), t0.plusMillis(3200)),
        new SessionEvent.Close(CloseReason.ERROR, new IllegalStateException("rate limited"), t0.plusMillis(3300)));
    assertThatThrownBy(() -> assertThatEvents(events).hasNoErrors())
        .hasMessage("Expected no error events, but 1 was emitted:\n"
            + "  3.2s    error                    openai-realtime: IllegalStateException: rate limited");
    assertThatThrownBy(() -> assertThatEvents(events).emittedTimes("agent_state_changed", 2))
        .hasMessage("Expected the session to emit agent_state_changed 2 times, but it was emitted 1 time:\n"
            + "  0s      agent_state_changed      initializing → listening");
    assertThatThrownBy(() -> assertThatEvents(events).didNotEmit("close"))
        .hasMessage("Expected the session to emit close 0 times, but it was emitted 1 time:\n"
            + "  3.3s    close                    error: IllegalStateException: rate limited");
  }

  @Test
  void eventOrderFailuresListTheEvents() {
    assertThatThrownBy(() -> assertThat(good).emittedInOrder("close", "metrics_collected"))
        .hasMessageStartingWith("Expected the session to emit, in this order, [close, metrics_collected], but no"
            + " metrics_collected came after close (#")
        .hasMessageContaining("; metrics_collected was emitted 4 times, the last at ")
        .hasMessageContaining("\nEvents emitted (agent_state_changed ×")
        .hasMessageContaining("\n  0s      agent_state_changed      initializing → listening\n")
        .hasMessageContaining("conversation_item_added  user: \"Hi, what's my balance?\"\n");
    assertThatThrownBy(() -> assertThat(good).events().emitted("metric_collected"))
        .hasMessageStartingWith("Expected the session to emit metric_collected, but it did not (\"metric_collected\" is"
            + " not an event type; the types are metrics_collected, session_usage_updated, agent_state_changed,"
            + " user_state_changed, participant_joined, participant_left, conversation_item_added, error, close).\n"
            + "Events emitted (");
    assertThatThrownBy(() -> assertThatEvents(List.of()).emittedInOrder("close"))
        .hasMessage("Expected the session to emit, in this order, [close], but no close was emitted.\n"
            + "No events were emitted (has the session run?)");
  }

  @Test
  void aSessionThatHasNotRunSaysSo() {
    try (SimulatedSession notRun = SimulatedSession.of(Fixtures.threeTurns())) {
      assertThatThrownBy(() -> assertThat(notRun).usageMatchesLedger())
          .hasMessage("Expected the usage of session \"three-turns\" to match what the fakes billed, but the session"
              + " has not run: call session.run() first");
      assertThatThrownBy(() -> assertThat(notRun).closedWith(CloseReason.PARTICIPANT_DISCONNECTED))
          .hasMessage("Expected session \"three-turns\" to close with participant_disconnected, but the session has not"
              + " run: call session.run() first");
    }
  }
}
